import type {
  HistoryEntry,
  PowerOfAttorneyMetadata,
  PowerOfAttorneyRecord,
  RegistrationOutcome,
  RevocationOutcome,
  StatusReport,
} from '@mchd/chaincode/model';
import { LedgerError } from './errors.js';
import type {
  EventsOptions,
  HistoryItem,
  Ledger,
  LedgerEvent,
  LedgerIdentity,
  Registration,
  RepresentativeQuery,
  Revocation,
  RevocationInput,
} from './ledger.js';

/** How an adapter reaches the contract: the only part that differs between the embedded node and Fabric. */
export interface ContractConnection {
  /** Submits and waits for the commit. */
  submit(
    fcn: string,
    args: readonly string[],
    identity: LedgerIdentity,
  ): Promise<{ result: string; transactionId: string; blockNumber: number }>;
  evaluate(fcn: string, args: readonly string[]): Promise<string>;
  /** Block number of a committed transaction. */
  blockOf(transactionId: string): Promise<number>;
  events(options: EventsOptions): AsyncIterable<LedgerEvent>;
  close(): Promise<void>;
}

function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * The {@link Ledger} port over a {@link ContractConnection}: argument encoding, answer decoding and block numbers,
 * shared by both adapters so that they cannot drift apart.
 *
 * @example
 * ```ts
 * class MyLedger extends ContractLedger {
 *   constructor(connection: ContractConnection) {
 *     super(connection);
 *   }
 * }
 * ```
 */
export class ContractLedger implements Ledger {
  constructor(protected readonly connection: ContractConnection) {}

  async register(metadata: PowerOfAttorneyMetadata, identity: LedgerIdentity): Promise<Registration> {
    const tx = await this.connection.submit('Register', [JSON.stringify(metadata)], identity);
    const { record, alreadyRegistered } = parse<RegistrationOutcome>(tx.result);
    const transactionId = record.registration.transactionId;
    const blockNumber = alreadyRegistered ? await this.connection.blockOf(transactionId) : tx.blockNumber;
    return { guid: record.guid, transactionId, blockNumber, record, alreadyRegistered };
  }

  async revoke(input: RevocationInput, identity: LedgerIdentity): Promise<Revocation> {
    if (
      input.revokedAt !== undefined &&
      !(input.revokedAt instanceof Date && !Number.isNaN(input.revokedAt.getTime()))
    ) {
      throw new LedgerError('INVALID_INPUT', 'revokedAt must be a valid Date');
    }
    const request = {
      guid: input.guid,
      reason: input.reason,
      by: input.by,
      ...(input.revokedAt ? { revokedAt: input.revokedAt.toISOString() } : {}),
      ...(input.irrevocableConditionMet !== undefined
        ? { irrevocableConditionMet: input.irrevocableConditionMet }
        : {}),
    };
    const tx = await this.connection.submit('Revoke', [JSON.stringify(request)], identity);
    const outcome = parse<RevocationOutcome>(tx.result);
    const transactionId = outcome.alreadyRevoked
      ? (outcome.record.revocation?.transactionId ?? tx.transactionId)
      : tx.transactionId;
    const blockNumber = outcome.alreadyRevoked ? await this.connection.blockOf(transactionId) : tx.blockNumber;
    return {
      guid: outcome.guid,
      transactionId,
      blockNumber,
      revokedAt: outcome.revokedAt,
      affected: outcome.affected,
      alreadyRevoked: outcome.alreadyRevoked,
    };
  }

  async get(guid: string): Promise<PowerOfAttorneyRecord | undefined> {
    try {
      return parse<PowerOfAttorneyRecord>(await this.connection.evaluate('Get', [guid]));
    } catch (e) {
      if (e instanceof LedgerError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    }
  }

  async statusAt(guid: string, at: Date): Promise<StatusReport> {
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw new LedgerError('INVALID_INPUT', 'at must be a valid Date');
    return parse<StatusReport>(await this.connection.evaluate('StatusAt', [guid, at.toISOString()]));
  }

  async history(guid: string): Promise<HistoryItem[]> {
    const entries = parse<HistoryEntry[]>(await this.connection.evaluate('History', [guid]));
    const items: HistoryItem[] = [];
    for (const e of entries) {
      items.push({ ...e, blockNumber: await this.connection.blockOf(e.transactionId) });
    }
    return items;
  }

  async byPrincipalInn(inn: string): Promise<PowerOfAttorneyRecord[]> {
    return parse<PowerOfAttorneyRecord[]>(await this.connection.evaluate('ByPrincipalInn', [inn]));
  }

  async byRepresentative(query: RepresentativeQuery): Promise<PowerOfAttorneyRecord[]> {
    const selector = query.inn !== undefined ? { inn: query.inn } : { snils: query.snils };
    return parse<PowerOfAttorneyRecord[]>(
      await this.connection.evaluate('ByRepresentative', [JSON.stringify(selector)]),
    );
  }

  async children(guid: string): Promise<PowerOfAttorneyRecord[]> {
    return parse<PowerOfAttorneyRecord[]>(await this.connection.evaluate('Children', [guid]));
  }

  events(options: EventsOptions = {}): AsyncIterable<LedgerEvent> {
    return this.connection.events(options);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
