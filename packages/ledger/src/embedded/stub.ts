import type { ChaincodeStub, Iterators, SerializedIdentity, Timestamp } from 'fabric-shim-api';
import Long from 'long';
import type { KeyModificationRow, KeyValue, LedgerStore, Write } from './store.js';

/** Fabric's composite-key markers (fabric-shim's createCompositeKey). */
const COMPOSITE_NS = '\u0000';
const MIN_RUNE = '\u0000';
const MAX_RUNE = '\u{10FFFF}';

/** Thrown by the stub for uses Fabric would refuse, or parts of `ChaincodeStub` the embedded node does not offer. */
export class StubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StubError';
  }
}

/** A Fabric-style query answer: awaitable as an iterator, and iterable with `for await` (as fabric-shim's). */
type QueryAnswer<T> = Promise<Iterators.CommonIterator<T>> & AsyncIterable<T>;

function answer<T>(items: readonly T[]): QueryAnswer<T> {
  const iterator = (): Iterators.CommonIterator<T> => {
    let i = 0;
    return {
      next: () =>
        Promise.resolve(
          i < items.length
            ? { value: items[i++] as T, done: false }
            : ({ done: true } as unknown as Iterators.NextResult<T>),
        ),
      close: () => Promise.resolve(),
    };
  };
  const promise = Promise.resolve(iterator()) as QueryAnswer<T>;
  promise[Symbol.asyncIterator] = async function* () {
    yield* items;
  };
  return promise;
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new StubError('key must be a non-empty string');
}

function checkAttribute(part: string): void {
  if (typeof part !== 'string') throw new StubError('composite key parts must be strings');
  if (part.includes(MIN_RUNE) || part.includes(MAX_RUNE)) {
    throw new StubError('composite key parts must not contain U+0000 or U+10FFFF');
  }
}

export interface TransactionContextData {
  readonly txId: string;
  readonly channelId: string;
  /** Transaction time, epoch milliseconds. */
  readonly timestamp: number;
  readonly creator: SerializedIdentity;
  readonly fcn: string;
  readonly args: readonly string[];
  /** False for evaluations: reads see only committed blocks and writes are refused. */
  readonly submit: boolean;
}

/**
 * The parts of fabric-shim's `ChaincodeStub` the registry contract uses, over the embedded ledger's store, with
 * Fabric's semantics: reads see the state before this transaction (a transaction does not read its own writes);
 * writes collect into a write set that the node applies only if the transaction succeeds; one event per
 * transaction (a later `setEvent` replaces the earlier one); history newest first. Hand-written: no library offers
 * a `ChaincodeStub` over a local store.
 */
export class EmbeddedStub {
  private readonly writes = new Map<string, Uint8Array | null>();
  private event: { name: string; payload: Uint8Array } | undefined;

  constructor(
    private readonly store: LedgerStore,
    private readonly tx: TransactionContextData,
  ) {}

  /** This stub as fabric-shim's type, for `ctx.setChaincodeStub`. */
  asChaincodeStub(): ChaincodeStub {
    return this as unknown as ChaincodeStub;
  }

  /** The write set, in first-write order. */
  writeSet(): Write[] {
    return [...this.writes.entries()];
  }

  eventSet(): { name: string; payload: Uint8Array } | undefined {
    return this.event;
  }

  getTxID(): string {
    return this.tx.txId;
  }

  getChannelID(): string {
    return this.tx.channelId;
  }

  getCreator(): SerializedIdentity {
    return this.tx.creator;
  }

  getMspID(): string {
    return this.tx.creator.mspid;
  }

  getTxTimestamp(): Timestamp {
    return {
      seconds: Long.fromNumber(Math.floor(this.tx.timestamp / 1000), true),
      nanos: (this.tx.timestamp % 1000) * 1_000_000,
    };
  }

  getDateTimestamp(): Date {
    return new Date(this.tx.timestamp);
  }

  getFunctionAndParameters(): { fcn: string; params: string[] } {
    return { fcn: this.tx.fcn, params: [...this.tx.args] };
  }

  getArgs(): string[] {
    return [this.tx.fcn, ...this.tx.args];
  }

  getStringArgs(): string[] {
    return this.getArgs();
  }

  getTransient(): Map<string, Uint8Array> {
    return new Map();
  }

  async getState(key: string): Promise<Uint8Array> {
    checkKey(key);
    return this.store.getState(key, !this.tx.submit) ?? new Uint8Array();
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    if (!this.tx.submit) throw new StubError('writes are not allowed in an evaluation');
    // Fabric treats an empty value as a delete.
    this.writes.set(key, value.length === 0 ? null : Uint8Array.from(value));
  }

  async deleteState(key: string): Promise<void> {
    checkKey(key);
    if (!this.tx.submit) throw new StubError('writes are not allowed in an evaluation');
    this.writes.set(key, null);
  }

  getStateByRange(startKey: string, endKey: string): QueryAnswer<Iterators.KV> {
    return answer(this.store.range(startKey, endKey, !this.tx.submit).map((kv) => this.kv(kv)));
  }

  getStateByPartialCompositeKey(objectType: string, attributes: string[]): QueryAnswer<Iterators.KV> {
    const prefix = this.createCompositeKey(objectType, attributes);
    return this.getStateByRange(prefix, prefix + MAX_RUNE);
  }

  getHistoryForKey(key: string): QueryAnswer<Iterators.KeyModification> {
    checkKey(key);
    return answer(this.store.history(key, !this.tx.submit).map((m) => this.modification(m)));
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (typeof name !== 'string' || name.length === 0) throw new StubError('event name must be a non-empty string');
    this.event = { name, payload: Uint8Array.from(payload) };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    checkAttribute(objectType);
    if (!Array.isArray(attributes)) throw new StubError('attributes must be an array');
    let key = COMPOSITE_NS + objectType + MIN_RUNE;
    for (const a of attributes) {
      checkAttribute(a);
      key += a + MIN_RUNE;
    }
    return key;
  }

  splitCompositeKey(compositeKey: string): { objectType: string | null; attributes: string[] } {
    if (!compositeKey || compositeKey.length < 2 || compositeKey[0] !== COMPOSITE_NS) {
      return { objectType: null, attributes: [] };
    }
    const parts = compositeKey.substring(1).split(MIN_RUNE);
    parts.pop();
    const [objectType = null, ...attributes] = parts;
    return { objectType, attributes };
  }

  private kv(kv: KeyValue): Iterators.KV {
    return { namespace: 'mchd', key: kv.key, value: kv.value };
  }

  private modification(m: KeyModificationRow): Iterators.KeyModification {
    return {
      txId: m.txId,
      isDelete: m.isDelete,
      value: m.value,
      timestamp: {
        seconds: Long.fromNumber(Math.floor(m.timestamp / 1000), true),
        nanos: (m.timestamp % 1000) * 1_000_000,
      },
    };
  }
}
