import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerUnavailableError } from '../errors.js';
import { GENESIS_PREVIOUS_HASH, LEDGER_FILE, LedgerStore, blockHash, dataHash, parseTransactionBody } from './store.js';

/** Answer of {@link verifyLedger}. */
export interface LedgerVerification {
  readonly ok: boolean;
  /** Number of the last block (−1 when there is none). */
  readonly height: number;
  readonly blocks: number;
  readonly transactions: number;
  /** The first block that does not check out, and why. */
  readonly firstBrokenBlock?: { readonly number: number; readonly reason: string };
  /** When the chain checks out but the world state differs from the replay of its writes. */
  readonly stateMismatch?: { readonly key: string; readonly reason: string };
}

const PAGE = 500;

/**
 * Checks an embedded ledger: every block's number follows the previous one, links to its hash, and has the hash of
 * its header and of its transactions' contents; then replays every transaction's writes and compares the result with
 * the stored world state.
 *
 * @example
 * ```ts
 * const report = verifyLedger('./data/ledger');
 * if (!report.ok) console.error(report.firstBrokenBlock);
 * ```
 */
export function verifyLedger(directory: string): LedgerVerification {
  if (!existsSync(join(directory, LEDGER_FILE))) {
    throw new LedgerUnavailableError(`no embedded ledger in ${directory}`);
  }
  const store = new LedgerStore(directory, { readonly: true });
  try {
    return check(store);
  } finally {
    store.close();
  }
}

function check(store: LedgerStore): LedgerVerification {
  let previousHash = GENESIS_PREVIOUS_HASH;
  let expected = 0;
  let transactions = 0;
  const replay = new Map<string, string | null>();
  const broken = (number: number, reason: string): LedgerVerification => ({
    ok: false,
    height: expected - 1,
    blocks: expected,
    transactions,
    firstBrokenBlock: { number, reason },
  });
  for (;;) {
    const page = store.blocksFrom(expected, PAGE);
    if (page.length === 0) break;
    for (const block of page) {
      if (block.number !== expected) return broken(expected, `block ${expected} is missing`);
      if (block.previousHash !== previousHash) return broken(block.number, 'does not link to the previous block');
      const txs = store.transactionsOf(block.number);
      if (txs.length !== block.txCount) {
        return broken(block.number, `holds ${txs.length} transactions, its header says ${block.txCount}`);
      }
      for (const tx of txs) {
        let body;
        try {
          body = parseTransactionBody(tx.body);
        } catch {
          return broken(block.number, `transaction ${tx.txId} is unreadable`);
        }
        if (body.txId !== tx.txId) return broken(block.number, `transaction ${tx.txId} carries another id`);
        for (const [key, value] of body.writes) {
          replay.set(key, value === null ? null : Buffer.from(value).toString('base64'));
        }
      }
      if (dataHash(txs.map((t) => t.body)) !== block.dataHash) {
        return broken(block.number, 'its transactions do not match its data hash');
      }
      const { hash, ...header } = block;
      if (blockHash(header) !== hash) return broken(block.number, 'its header does not match its hash');
      previousHash = hash;
      transactions += txs.length;
      expected += 1;
    }
  }
  const base = { height: expected - 1, blocks: expected, transactions };
  for (const { key, value } of store.allState()) {
    const replayed = replay.get(key);
    if (replayed === undefined || replayed === null) {
      return { ok: false, ...base, stateMismatch: { key: printable(key), reason: 'in the state, not in any block' } };
    }
    if (replayed !== Buffer.from(value).toString('base64')) {
      return { ok: false, ...base, stateMismatch: { key: printable(key), reason: 'differs from the last write' } };
    }
    replay.delete(key);
  }
  for (const [key, value] of replay) {
    if (value !== null)
      return { ok: false, ...base, stateMismatch: { key: printable(key), reason: 'missing from the state' } };
  }
  return { ok: true, ...base };
}

function printable(key: string): string {
  return key.split('\u0000').join('␀');
}
