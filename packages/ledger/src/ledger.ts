import type {
  PowerOfAttorneyMetadata,
  PowerOfAttorneyRecord,
  RegistryEventPayload,
  StatusReport,
} from '@mchd/chaincode/model';

/**
 * An identity that signs ledger transactions: an X.509 certificate of an organization's MSP and its private key
 * (PKCS#8 PEM, ECDSA P-256). Write access is decided by the contract from the certificate: the MSP must be a registry
 * participant and the certificate must carry the `mchd.role=registrar` attribute.
 */
export interface LedgerIdentity {
  readonly mspId: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** Answer of {@link Ledger.register}. */
export interface Registration {
  readonly guid: string;
  /** The transaction that registered the record (the earlier one when `alreadyRegistered`). */
  readonly transactionId: string;
  readonly blockNumber: number;
  readonly record: PowerOfAttorneyRecord;
  /** True when this document and signature were registered before: nothing changed. */
  readonly alreadyRegistered: boolean;
}

/** Input of {@link Ledger.revoke}. */
export interface RevocationInput {
  readonly guid: string;
  /** Up to 500 characters. */
  readonly reason: string;
  /** When the revocation takes effect; defaults to the transaction time and may not be later than it. */
  readonly revokedAt?: Date;
  /** Who asked for the revocation (e.g. the applicant's INN or a user id); recorded on the ledger. */
  readonly by: string;
  /** For an irrevocable MCHD that may be revoked on conditions: the registrar asserts they are met. */
  readonly irrevocableConditionMet?: boolean;
}

/** Answer of {@link Ledger.revoke}. */
export interface Revocation {
  readonly guid: string;
  /** The revoking transaction (the earlier one when `alreadyRevoked`). */
  readonly transactionId: string;
  readonly blockNumber: number;
  /** ISO 8601. */
  readonly revokedAt: string;
  /** Descendants that became invalid through this revocation. */
  readonly affected: readonly string[];
  readonly alreadyRevoked: boolean;
}

/** One change of an MCHD's record. */
export interface HistoryItem {
  readonly transactionId: string;
  readonly blockNumber: number;
  /** Transaction time, ISO 8601. */
  readonly timestamp: string;
  readonly isDelete: boolean;
  /** The record as the transaction left it. */
  readonly record?: PowerOfAttorneyRecord;
}

/**
 * A position in the event stream: the events of blocks before `blockNumber` are done, and within `blockNumber`
 * everything up to and including `transactionId` (when given). Plain JSON: store it anywhere.
 */
export interface LedgerCheckpoint {
  readonly blockNumber: number;
  readonly transactionId?: string;
}

/** Persists a {@link LedgerCheckpoint} between runs (a file, a database row…). */
export interface LedgerCheckpointer {
  load(): Promise<LedgerCheckpoint | undefined>;
  save(checkpoint: LedgerCheckpoint): Promise<void>;
}

/** One changing transaction: the contract's event payload plus where it is on the ledger. */
export interface LedgerEvent extends RegistryEventPayload {
  readonly blockNumber: number;
  /** Resume after this event from here. */
  readonly checkpoint: LedgerCheckpoint;
}

/** Options of {@link Ledger.events}. */
export interface EventsOptions {
  /** Start after this position; otherwise from the checkpointer's saved position; otherwise from the first block. */
  readonly after?: LedgerCheckpoint;
  /**
   * Saves each event's checkpoint once the consumer has processed it, that is when it asks for the next event or
   * ends the loop; a crash in between replays that one event, never skips one.
   */
  readonly checkpointer?: LedgerCheckpointer;
  /** Ends the stream. */
  readonly signal?: AbortSignal;
}

/** Selector of {@link Ledger.byRepresentative}: exactly one of INN or SNILS (11 digits). */
export type RepresentativeQuery =
  | { readonly inn: string; readonly snils?: never }
  | { readonly snils: string; readonly inn?: never };

/**
 * The registry ledger as the power-of-attorney subgraph sees it. Two adapters implement it with the same contract
 * and pass the same conformance suite: the embedded node (`EmbeddedLedger`) and Hyperledger Fabric (`FabricLedger`);
 * {@link createLedger} picks one from configuration.
 *
 * Failures are {@link LedgerError}s with a stable `code`.
 *
 * @example
 * ```ts
 * const ledger = await createLedger({ ledger: 'embedded', dataDir: './data' });
 * const { guid, blockNumber } = await ledger.register(metadata, registrar);
 * const { status } = await ledger.statusAt(guid, new Date());
 * for await (const event of ledger.events({ checkpointer })) handle(event);
 * await ledger.close();
 * ```
 */
export interface Ledger {
  /**
   * Registers a verified MCHD, answering once its block is committed (durable). Idempotent: the same document and
   * signature again answer the existing record with `alreadyRegistered`. Refusals: MCHD_ALREADY_REGISTERED,
   * PARENT_NOT_FOUND, PARENT_NOT_ACTIVE, REDELEGATION_NOT_ALLOWED, VALIDITY_EXCEEDS_PARENT, POWERS_EXCEED_PARENT,
   * FORBIDDEN, INVALID_INPUT; LEDGER_UNAVAILABLE when the ledger cannot be reached.
   */
  register(metadata: PowerOfAttorneyMetadata, identity: LedgerIdentity): Promise<Registration>;

  /**
   * Revokes an MCHD; its live descendants become PARENT_INVALID and are listed as `affected`. Refusals: NOT_FOUND,
   * IRREVOCABLE, FORBIDDEN, INVALID_INPUT.
   */
  revoke(input: RevocationInput, identity: LedgerIdentity): Promise<Revocation>;

  /** The record of a GUID, or undefined when there is none; INVALID_INPUT for a malformed GUID. */
  get(guid: string): Promise<PowerOfAttorneyRecord | undefined>;

  /** Status at an instant, following the re-delegation chain to the root. NOT_FOUND for an unknown GUID. */
  statusAt(guid: string, at: Date): Promise<StatusReport>;

  /** Every change of the record, oldest first. NOT_FOUND for an unknown GUID. */
  history(guid: string): Promise<HistoryItem[]>;

  /** Records whose principals include this INN, in GUID order. */
  byPrincipalInn(inn: string): Promise<PowerOfAttorneyRecord[]>;

  /** Records whose representatives include this INN or SNILS, in GUID order. */
  byRepresentative(query: RepresentativeQuery): Promise<PowerOfAttorneyRecord[]>;

  /** Direct re-delegations of a GUID, in GUID order. NOT_FOUND for an unknown GUID. */
  children(guid: string): Promise<PowerOfAttorneyRecord[]>;

  /**
   * One event per changing transaction, in ledger order, first the past ones after the position and then live ones
   * as blocks commit, until `signal` aborts, the loop breaks, or the ledger closes.
   */
  events(options?: EventsOptions): AsyncIterable<LedgerEvent>;

  /** Releases connections and files; pending calls fail with LEDGER_UNAVAILABLE. */
  close(): Promise<void>;
}
