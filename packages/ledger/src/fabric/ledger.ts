import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  hash,
  signers,
  GatewayError,
  CommitError,
  type Checkpoint,
  type Contract,
  type Gateway,
} from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import {
  REGISTRY_CONTRACT_NAME,
  REGISTRY_EVENT_NAME,
  parseRegistryErrorMessage,
  type RegistryEventPayload,
} from '@mchd/chaincode/model';
import { ContractLedger, type ContractConnection } from '../contract-ledger.js';
import { LedgerError, LedgerUnavailableError } from '../errors.js';
import type { EventsOptions, LedgerCheckpoint, LedgerEvent, LedgerIdentity } from '../ledger.js';
import type { FabricConnectionSettings, FabricPeerEndpoint } from './settings.js';

/** Options of {@link FabricLedger.connect}. */
export interface FabricLedgerOptions {
  readonly settings: FabricConnectionSettings;
  /** Identity for reads and events (default: `settings.identities['registry.reader']`). */
  readonly readerIdentity?: LedgerIdentity;
  /** Attempts of a submission that meets an unavailable peer or an MVCC conflict (default 6). */
  readonly attempts?: number;
  /** Deadline of one endorsement/submission/commit wait in ms (default 15000). */
  readonly timeoutMs?: number;
}

/** gRPC codes meaning the peer could not be reached or did not answer in time. */
const TRANSIENT_GRPC = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.CANCELLED]);
/** Commit validation codes worth retrying: another transaction won the same keys. */
const MVCC_READ_CONFLICT = 11;
const PHANTOM_READ_CONFLICT = 12;

const decoder = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class FabricConnection implements ContractConnection {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly gateways = new Map<string, Gateway>();
  private readonly blocks = new Map<string, number>();
  private readonly reader: LedgerIdentity;
  private readonly attempts: number;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(private readonly options: FabricLedgerOptions) {
    const reader = options.readerIdentity ?? options.settings.identities['registry.reader'];
    if (!reader) throw new LedgerError('INVALID_INPUT', 'no reader identity: give readerIdentity or registry.reader');
    if (options.settings.peers.length === 0) throw new LedgerError('INVALID_INPUT', 'the settings list no peers');
    this.reader = reader;
    this.attempts = options.attempts ?? 6;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  private peerFor(identity: LedgerIdentity): FabricPeerEndpoint {
    const peers = this.options.settings.peers;
    return peers.find((p) => p.mspId === identity.mspId) ?? (peers[0] as FabricPeerEndpoint);
  }

  private client(peer: FabricPeerEndpoint): grpc.Client {
    let client = this.clients.get(peer.endpoint);
    if (!client) {
      const credentials = grpc.credentials.createSsl(Buffer.from(peer.tlsRootCertificatePem));
      client = new grpc.Client(peer.endpoint, credentials, {
        'grpc.ssl_target_name_override': peer.hostAlias,
        'grpc.default_authority': peer.hostAlias,
        'grpc.keepalive_time_ms': 30_000,
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2_000,
      });
      this.clients.set(peer.endpoint, client);
    }
    return client;
  }

  private gateway(identity: LedgerIdentity, peer = this.peerFor(identity)): Gateway {
    if (this.closed) throw new LedgerUnavailableError('the Fabric ledger connection is closed');
    const key = `${peer.endpoint}\n${identity.mspId}\n${identity.certificatePem}`;
    let gateway = this.gateways.get(key);
    if (!gateway) {
      let signer;
      try {
        signer = signers.newPrivateKeySigner(createPrivateKey(identity.privateKeyPem));
      } catch (e) {
        throw new LedgerError('INVALID_INPUT', `the identity's private key cannot be read: ${String(e)}`, { cause: e });
      }
      const deadline = () => ({ deadline: Date.now() + this.timeoutMs });
      gateway = connect({
        client: this.client(peer),
        identity: { mspId: identity.mspId, credentials: new TextEncoder().encode(identity.certificatePem) },
        signer,
        hash: hash.sha256,
        evaluateOptions: deadline,
        endorseOptions: deadline,
        submitOptions: deadline,
        commitStatusOptions: () => ({ deadline: Date.now() + this.timeoutMs * 4 }),
        chaincodeEventsOptions: () => ({}),
      });
      this.gateways.set(key, gateway);
    }
    return gateway;
  }

  private contract(identity: LedgerIdentity, peer?: FabricPeerEndpoint): Contract {
    const { channel, chaincode } = this.options.settings;
    return this.gateway(identity, peer).getNetwork(channel).getContract(chaincode, REGISTRY_CONTRACT_NAME);
  }

  /** Peers to try for an identity: its own organization's first, then the others. */
  private peerOrder(identity: LedgerIdentity): FabricPeerEndpoint[] {
    const own = this.peerFor(identity);
    return [own, ...this.options.settings.peers.filter((p) => p !== own)];
  }

  async submit(fcn: string, args: readonly string[], identity: LedgerIdentity) {
    let last: unknown;
    const peers = this.peerOrder(identity);
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      const peer = peers[attempt % peers.length] as FabricPeerEndpoint;
      try {
        const submitted = await this.contract(identity, peer).submitAsync(fcn, { arguments: [...args] });
        const status = await submitted.getStatus();
        if (!status.successful) {
          if (status.code === MVCC_READ_CONFLICT || status.code === PHANTOM_READ_CONFLICT) {
            last = new LedgerUnavailableError(`transaction ${status.transactionId} lost an MVCC conflict`);
            await sleep(50 * (attempt + 1));
            continue;
          }
          throw new LedgerUnavailableError(
            `transaction ${status.transactionId} was invalidated with code ${status.code}`,
          );
        }
        const blockNumber = Number(status.blockNumber);
        this.blocks.set(status.transactionId, blockNumber);
        return { result: decoder.decode(submitted.getResult()), transactionId: status.transactionId, blockNumber };
      } catch (e) {
        const mapped = toLedgerError(e);
        if (!(mapped instanceof LedgerUnavailableError) || this.closed) throw mapped;
        last = mapped;
        await sleep(Math.min(2_000, 200 * 2 ** attempt));
      }
    }
    throw last instanceof Error
      ? last
      : new LedgerUnavailableError('the Fabric network did not accept the transaction');
  }

  async evaluate(fcn: string, args: readonly string[]): Promise<string> {
    let last: unknown;
    for (const peer of this.peerOrder(this.reader)) {
      try {
        return decoder.decode(await this.contract(this.reader, peer).evaluate(fcn, { arguments: [...args] }));
      } catch (e) {
        last = toLedgerError(e);
        if (!(last instanceof LedgerUnavailableError)) throw last;
      }
    }
    throw last;
  }

  async blockOf(transactionId: string): Promise<number> {
    const known = this.blocks.get(transactionId);
    if (known !== undefined) return known;
    const { channel } = this.options.settings;
    let bytes: Uint8Array;
    try {
      bytes = await this.gateway(this.reader)
        .getNetwork(channel)
        .getContract('qscc')
        .evaluate('GetBlockByTxID', {
          arguments: [channel, transactionId],
        });
    } catch (e) {
      throw toLedgerError(e);
    }
    const number = common.Block.deserializeBinary(bytes).getHeader()?.getNumber();
    if (number === undefined) throw new LedgerUnavailableError(`no block holds ${transactionId}`);
    const blockNumber = Number(number);
    if (this.blocks.size > 100_000) this.blocks.clear();
    this.blocks.set(transactionId, blockNumber);
    return blockNumber;
  }

  events(options: EventsOptions): AsyncIterable<LedgerEvent> {
    return { [Symbol.asyncIterator]: () => this.stream(options)[Symbol.asyncIterator]() };
  }

  private async *stream(options: EventsOptions): AsyncGenerator<LedgerEvent> {
    const start: LedgerCheckpoint = options.after ?? (await options.checkpointer?.load()) ?? { blockNumber: 0 };
    const checkpoint: Checkpoint = {
      getBlockNumber: () => BigInt(start.blockNumber),
      getTransactionId: () => start.transactionId,
    };
    const { channel, chaincode } = this.options.settings;
    let events;
    try {
      events = await this.gateway(this.reader).getNetwork(channel).getChaincodeEvents(chaincode, { checkpoint });
    } catch (e) {
      throw toLedgerError(e);
    }
    const stop = () => events.close();
    options.signal?.addEventListener('abort', stop);
    try {
      for await (const event of events) {
        if (event.eventName !== REGISTRY_EVENT_NAME) continue;
        const payload = JSON.parse(decoder.decode(event.payload)) as RegistryEventPayload;
        const position: LedgerCheckpoint = {
          blockNumber: Number(event.blockNumber),
          transactionId: event.transactionId,
        };
        yield { ...payload, blockNumber: position.blockNumber, checkpoint: position };
        await options.checkpointer?.save(position);
        if (options.signal?.aborted) return;
      }
    } catch (e) {
      if (options.signal?.aborted || this.closed) return;
      throw toLedgerError(e);
    } finally {
      options.signal?.removeEventListener('abort', stop);
      events.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const g of this.gateways.values()) g.close();
    for (const c of this.clients.values()) c.close();
    this.gateways.clear();
    this.clients.clear();
  }
}

/** Maps Fabric Gateway errors to {@link LedgerError}s: contract refusals by code, transport failures as unavailable. */
function toLedgerError(e: unknown): unknown {
  if (e instanceof LedgerError) return e;
  if (e instanceof GatewayError) {
    for (const text of [...e.details.map((d) => d.message), e.message]) {
      const parsed = parseRegistryErrorMessage(text);
      if (parsed) return new LedgerError(parsed.code, parsed.detail, { cause: e });
    }
    if (TRANSIENT_GRPC.has(e.code)) return new LedgerUnavailableError(`Fabric gateway: ${e.message}`, { cause: e });
    return new LedgerUnavailableError(
      `Fabric gateway: ${e.message}${e.details.length ? ` (${e.details.map((d) => d.message).join('; ')})` : ''}`,
      { cause: e },
    );
  }
  if (e instanceof CommitError) return new LedgerUnavailableError(e.message, { cause: e });
  if (e instanceof Error) {
    const parsed = parseRegistryErrorMessage(e.message);
    if (parsed) return new LedgerError(parsed.code, parsed.detail, { cause: e });
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && TRANSIENT_GRPC.has(code)) {
      return new LedgerUnavailableError(e.message, { cause: e });
    }
  }
  return e;
}

/**
 * The {@link Ledger} on a Hyperledger Fabric network through the Fabric Gateway service of its peers
 * (@hyperledger/fabric-gateway over @grpc/grpc-js). Each identity submits through its own organization's peer and
 * fails over to the others; submissions retry on unavailable peers and MVCC conflicts, which is safe because
 * `Register` and `Revoke` are idempotent. Events come from `getChaincodeEvents` resumed from a checkpoint.
 *
 * @example
 * ```ts
 * const network = await ensureNetwork({ dir: '.fabric/network' });
 * const ledger = await FabricLedger.connect({ settings: network.settings });
 * await ledger.register(metadata, network.settings.identities['registry.registrar']);
 * ```
 */
export class FabricLedger extends ContractLedger {
  private constructor(connection: FabricConnection) {
    super(connection);
  }

  static async connect(options: FabricLedgerOptions): Promise<FabricLedger> {
    return new FabricLedger(new FabricConnection(options));
  }
}
