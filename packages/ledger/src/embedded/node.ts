import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Context } from 'fabric-contract-api';
import type { ClientIdentity, ChaincodeStub } from 'fabric-shim-api';
import { LedgerError, LedgerUnavailableError } from '../errors.js';
import type { LedgerIdentity } from '../ledger.js';
import { Membership, type MspRoots } from './membership.js';
import { loadContractRuntime, type ContractRuntime } from './runtime.js';
import {
  GENESIS_PREVIOUS_HASH,
  LedgerStore,
  blockHash,
  dataHash,
  type BlockHeader,
  type TransactionBody,
} from './store.js';
import { EmbeddedStub } from './stub.js';

/** Options of the embedded ledger node. */
export interface EmbeddedNodeOptions {
  /** Directory of the ledger's SQLite file (created when missing). */
  readonly directory: string;
  /** Source of transaction and block times (default: the system clock). */
  readonly clock?: () => Date;
  /** Most transactions in one block (default 1000). */
  readonly maxBlockTransactions?: number;
  /** Channel name the contract sees (default `mchd`). */
  readonly channelId?: string;
  /**
   * Organizations whose members may submit, with their root certificates, as a Fabric channel's MSPs. When absent
   * the node takes its in-process callers' certificates as they are (the contract still checks the MSP id and the
   * role attribute).
   */
  readonly msps?: MspRoots;
}

/** A committed transaction. */
export interface CommittedTransaction {
  readonly txId: string;
  readonly blockNumber: number;
  /** The contract's answer. */
  readonly result: string;
}

interface Pending {
  readonly fcn: string;
  readonly args: readonly string[];
  readonly identity: LedgerIdentity;
  readonly timestamp: number;
  readonly resolve: (tx: CommittedTransaction) => void;
  readonly reject: (e: unknown) => void;
}

type ContractFunction = (ctx: Context, ...args: string[]) => Promise<string>;

/**
 * The embedded ledger node: runs the registry contract in-process through {@link EmbeddedStub}, orders submitted
 * transactions into hash-chained blocks and commits each block in one SQLite transaction (WAL, fsync'd) before
 * acknowledging any of its transactions.
 *
 * Ordering is a single writer: submissions queue up while a block is being executed and committed, and the next
 * block takes all of them (up to `maxBlockTransactions`), so concurrency turns into bigger blocks rather than more
 * fsyncs. Transactions of a block execute one after another, each seeing the state the previous ones left
 * (serial execution, so no MVCC conflicts); a transaction the contract refuses is not included in the block.
 */
export class EmbeddedNode {
  readonly store: LedgerStore;
  private readonly runtime: ContractRuntime;
  private readonly contract: Record<string, unknown>;
  private readonly clock: () => Date;
  private readonly maxBlockTransactions: number;
  private readonly channelId: string;
  private readonly identities = new Map<string, ClientIdentity>();
  private readonly membership: Membership | undefined;
  private readonly emitter = new EventEmitter();
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;
  private head: BlockHeader;

  private constructor(runtime: ContractRuntime, options: EmbeddedNodeOptions) {
    this.runtime = runtime;
    this.contract = new runtime.chaincode.RegistryContract() as unknown as Record<string, unknown>;
    this.clock = options.clock ?? (() => new Date());
    this.maxBlockTransactions = Math.max(1, Math.min(options.maxBlockTransactions ?? 1000, 100_000));
    this.channelId = options.channelId ?? 'mchd';
    this.membership = options.msps ? new Membership(options.msps) : undefined;
    this.emitter.setMaxListeners(0);
    this.store = new LedgerStore(options.directory);
    this.head = this.store.lastBlock() ?? this.writeGenesis();
  }

  /**
   * Opens (or creates) the node's store and loads the contract.
   *
   * @example
   * ```ts
   * const node = await EmbeddedNode.open({ directory: './data/ledger' });
   * ```
   */
  static async open(options: EmbeddedNodeOptions): Promise<EmbeddedNode> {
    const runtime = await loadContractRuntime();
    try {
      return new EmbeddedNode(runtime, options);
    } catch (e) {
      throw new LedgerUnavailableError(`cannot open the embedded ledger in ${options.directory}: ${String(e)}`, {
        cause: e,
      });
    }
  }

  /** The last committed block. */
  get height(): BlockHeader {
    return this.head;
  }

  /** Calls `listener` after each committed block; answers a function that removes it. */
  onBlock(listener: (block: BlockHeader) => void): () => void {
    this.emitter.on('block', listener);
    return () => this.emitter.off('block', listener);
  }

  /** Calls `listener` once when the node closes. */
  onClose(listener: () => void): () => void {
    this.emitter.once('close', listener);
    return () => this.emitter.off('close', listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Submits a transaction; resolves once its block is durable, rejects with the contract's refusal. */
  async submit(fcn: string, args: readonly string[], identity: LedgerIdentity): Promise<CommittedTransaction> {
    if (this.closed) throw new LedgerUnavailableError('the embedded ledger is closed');
    const timestamp = this.clock();
    await this.membership?.check(identity, timestamp);
    if (this.closed) throw new LedgerUnavailableError('the embedded ledger is closed');
    return new Promise((resolve, reject) => {
      this.queue.push({ fcn, args, identity, timestamp: timestamp.getTime(), resolve, reject });
      this.draining ??= new Promise<void>((done) => setImmediate(done)).then(() => this.drain());
    });
  }

  /** Runs a read-only contract function against the last committed block. */
  async evaluate(fcn: string, args: readonly string[], identity?: LedgerIdentity): Promise<string> {
    if (this.closed) throw new LedgerUnavailableError('the embedded ledger is closed');
    const stub = new EmbeddedStub(this.store, {
      txId: newTxId(),
      channelId: this.channelId,
      timestamp: this.clock().getTime(),
      creator: {
        mspid: identity?.mspId ?? 'EmbeddedMSP',
        idBytes: new TextEncoder().encode(identity?.certificatePem ?? ''),
      },
      fcn,
      args,
      submit: false,
    });
    return this.invoke(stub, fcn, args, identity);
  }

  /** Waits for the queue to empty, then closes the store. Pending submissions fail with LEDGER_UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.draining;
    for (const p of this.queue.splice(0)) p.reject(new LedgerUnavailableError('the embedded ledger is closed'));
    this.store.close();
    this.emitter.emit('close');
  }

  private writeGenesis(): BlockHeader {
    this.store.begin();
    const existing = this.store.lastBlock(false);
    if (existing) {
      // Another process created the file's genesis block first.
      this.store.rollback();
      return existing;
    }
    const partial = {
      number: 0,
      previousHash: GENESIS_PREVIOUS_HASH,
      dataHash: dataHash([]),
      timestamp: this.clock().getTime(),
      txCount: 0,
    };
    const header = { ...partial, hash: blockHash(partial) };
    this.store.commitBlock(header);
    return header;
  }

  private async drain(): Promise<void> {
    let batch: Pending[] = [];
    try {
      while (this.queue.length > 0) {
        batch = this.queue.splice(0, this.maxBlockTransactions);
        await this.cutBlock(batch);
      }
    } catch (e) {
      // cutBlock settles its batch itself; this is only reached if the store itself failed (e.g. a rollback).
      const error = new LedgerUnavailableError(`the embedded ledger failed: ${String(e)}`, { cause: e });
      for (const p of [...batch, ...this.queue.splice(0)]) p.reject(error);
    } finally {
      this.draining = undefined;
    }
  }

  private async cutBlock(batch: Pending[]): Promise<void> {
    const committed: { pending: Pending; tx: CommittedTransaction }[] = [];
    const bodies: string[] = [];
    try {
      this.store.begin();
      // Another process may have appended blocks to the same file (SQLite serializes writers): build on the last.
      this.head = this.store.lastBlock(false) ?? this.head;
    } catch (e) {
      this.store.rollback();
      for (const p of batch) p.reject(new LedgerUnavailableError(`cannot start a block: ${String(e)}`, { cause: e }));
      return;
    }
    const number = this.head.number + 1;
    try {
      for (const pending of batch) {
        const txId = newTxId();
        const stub = new EmbeddedStub(this.store, {
          txId,
          channelId: this.channelId,
          timestamp: pending.timestamp,
          creator: {
            mspid: pending.identity.mspId,
            idBytes: new TextEncoder().encode(pending.identity.certificatePem),
          },
          fcn: pending.fcn,
          args: pending.args,
          submit: true,
        });
        let result: string;
        try {
          result = await this.invoke(stub, pending.fcn, pending.args, pending.identity);
        } catch (e) {
          pending.reject(e);
          continue;
        }
        const identity = this.clientIdentity(pending.identity);
        const event = stub.eventSet();
        const body: TransactionBody = {
          txId,
          timestamp: pending.timestamp,
          creator: { mspId: identity.getMSPID(), id: identity.getID() },
          fcn: pending.fcn,
          args: pending.args,
          writes: stub.writeSet(),
          ...(event ? { event } : {}),
        };
        bodies.push(this.store.applyTransaction(number, committed.length, body));
        committed.push({ pending, tx: { txId, blockNumber: number, result } });
      }
      if (committed.length === 0) {
        this.store.rollback();
        return;
      }
      const partial = {
        number,
        previousHash: this.head.hash,
        dataHash: dataHash(bodies),
        timestamp: this.clock().getTime(),
        txCount: committed.length,
      };
      const header: BlockHeader = { ...partial, hash: blockHash(partial) };
      this.store.commitBlock(header);
      this.head = header;
    } catch (e) {
      this.store.rollback();
      const error = new LedgerUnavailableError(`block ${number} could not be committed: ${String(e)}`, { cause: e });
      for (const { pending } of committed) pending.reject(error);
      return;
    }
    for (const { pending, tx } of committed) pending.resolve(tx);
    this.emitter.emit('block', this.head);
  }

  private clientIdentity(identity: LedgerIdentity | undefined): ClientIdentity {
    const key = identity ? `${identity.mspId}\n${identity.certificatePem}` : '';
    let cid = this.identities.get(key);
    if (!cid) {
      const creator = {
        mspid: identity?.mspId ?? '',
        idBytes: new TextEncoder().encode(identity?.certificatePem ?? ''),
      };
      const stub = { getChannelID: () => this.channelId, getTxID: () => '', getCreator: () => creator };
      try {
        cid = new this.runtime.ClientIdentity(stub as unknown as ChaincodeStub);
      } catch (e) {
        throw new LedgerError('FORBIDDEN', `the identity's certificate cannot be read: ${String(e)}`, { cause: e });
      }
      if (this.identities.size > 1000) this.identities.clear();
      this.identities.set(key, cid);
    }
    return cid;
  }

  private async invoke(
    stub: EmbeddedStub,
    fcn: string,
    args: readonly string[],
    identity: LedgerIdentity | undefined,
  ): Promise<string> {
    const method = this.contract[fcn];
    if (typeof method !== 'function') throw new LedgerError('INVALID_INPUT', `the contract has no function ${fcn}`);
    const ctx = (this.contract as unknown as { createContext(): Context }).createContext() as Context & {
      setChaincodeStub(s: ChaincodeStub): void;
      setClientIdentity(c: ClientIdentity): void;
    };
    ctx.setChaincodeStub(stub.asChaincodeStub());
    if (identity) ctx.setClientIdentity(this.clientIdentity(identity));
    try {
      return await (method as ContractFunction).call(this.contract, ctx, ...args);
    } catch (e) {
      throw toLedgerError(e, this.runtime);
    }
  }
}

/** Converts a contract refusal into a {@link LedgerError}; other errors pass through. */
function toLedgerError(e: unknown, runtime: ContractRuntime): unknown {
  if (e instanceof LedgerError) return e;
  if (e instanceof Error) {
    const parsed = runtime.chaincode.parseRegistryErrorMessage(e.message);
    if (parsed) return new LedgerError(parsed.code, parsed.detail, { cause: e });
  }
  return e;
}

/** A transaction id as Fabric makes them: hex SHA-256 over a random nonce. */
function newTxId(): string {
  return createHash('sha256').update(randomBytes(24)).digest('hex');
}
