import type { RegistryEventPayload } from '@mchd/chaincode/model';
import { ContractLedger, type ContractConnection } from '../contract-ledger.js';
import { LedgerError } from '../errors.js';
import type { EventsOptions, LedgerCheckpoint, LedgerEvent, LedgerIdentity } from '../ledger.js';
import { EmbeddedNode, type EmbeddedNodeOptions } from './node.js';

const PAGE = 256;

class EmbeddedConnection implements ContractConnection {
  constructor(readonly node: EmbeddedNode) {}

  async submit(fcn: string, args: readonly string[], identity: LedgerIdentity) {
    const tx = await this.node.submit(fcn, args, identity);
    return { result: tx.result, transactionId: tx.txId, blockNumber: tx.blockNumber };
  }

  evaluate(fcn: string, args: readonly string[]): Promise<string> {
    return this.node.evaluate(fcn, args);
  }

  async blockOf(transactionId: string): Promise<number> {
    const location = this.node.store.locate(transactionId);
    if (!location) throw new LedgerError('NOT_FOUND', `no committed transaction ${transactionId}`);
    return location.blockNumber;
  }

  events(options: EventsOptions): AsyncIterable<LedgerEvent> {
    return { [Symbol.asyncIterator]: () => this.stream(options)[Symbol.asyncIterator]() };
  }

  private async *stream(options: EventsOptions): AsyncGenerator<LedgerEvent> {
    const { node } = this;
    const start: LedgerCheckpoint = options.after ?? (await options.checkpointer?.load()) ?? { blockNumber: 0 };
    let block = start.blockNumber;
    let index = -1;
    if (start.transactionId !== undefined) {
      const at = node.store.locate(start.transactionId);
      if (at && at.blockNumber === block) index = at.txIndex;
    } else {
      // Nothing of `block` done yet: resume after the last transaction of the block before it.
      block -= 1;
      index = Number.MAX_SAFE_INTEGER;
    }
    let wake: (() => void) | undefined;
    const signal = () => wake?.();
    const offBlock = node.onBlock(signal);
    const offClose = node.onClose(signal);
    options.signal?.addEventListener('abort', signal);
    try {
      while (!options.signal?.aborted && !node.isClosed) {
        const page = node.store.eventsAfter(block, index, PAGE);
        for (const row of page) {
          block = row.blockNumber;
          index = row.txIndex;
          const payload = JSON.parse(Buffer.from(row.payload).toString('utf8')) as RegistryEventPayload;
          const checkpoint: LedgerCheckpoint = { blockNumber: row.blockNumber, transactionId: row.txId };
          yield { ...payload, blockNumber: row.blockNumber, checkpoint };
          // The consumer asked for the next event: it has processed this one.
          await options.checkpointer?.save(checkpoint);
          if (options.signal?.aborted || node.isClosed) return;
        }
        if (page.length === PAGE) continue;
        await new Promise<void>((resolve) => {
          // A block may have committed since the query; another process writing the same file wakes no one, so
          // look again every second as well.
          const poll = setTimeout(resolve, 1_000);
          wake = () => {
            clearTimeout(poll);
            resolve();
          };
          if (options.signal?.aborted || node.isClosed || node.store.eventsAfter(block, index, 1).length > 0) wake();
        });
        wake = undefined;
      }
    } finally {
      offBlock();
      offClose();
      options.signal?.removeEventListener('abort', signal);
    }
  }

  close(): Promise<void> {
    return this.node.close();
  }
}

/** Options of {@link EmbeddedLedger.open}. */
export type EmbeddedLedgerOptions = EmbeddedNodeOptions;

/**
 * The {@link Ledger} on the embedded node: the same contract as on Fabric, run in this process, with blocks in a
 * SQLite file under `directory`.
 *
 * @example
 * ```ts
 * const ledger = await EmbeddedLedger.open({ directory: './data/ledger', clock: () => new Date() });
 * const registration = await ledger.register(metadata, registrar);
 * await ledger.close();
 * ```
 */
export class EmbeddedLedger extends ContractLedger {
  /** The node underneath (block height, verification). */
  readonly node: EmbeddedNode;

  private constructor(node: EmbeddedNode) {
    super(new EmbeddedConnection(node));
    this.node = node;
  }

  static async open(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
    return new EmbeddedLedger(await EmbeddedNode.open(options));
  }
}
