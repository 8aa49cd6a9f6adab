import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';

/** Name of the SQLite file inside the embedded ledger's directory. */
export const LEDGER_FILE = 'ledger.sqlite';
/** Hash that the first block links to. */
export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

/** One state write of a transaction: a value, or `null` for a delete. */
export type Write = readonly [key: string, value: Uint8Array | null];

/**
 * Everything one committed transaction carried — who, when, the call, its write set and its event; its canonical
 * JSON ({@link transactionBodyJson}) is what the block hash covers. The contract's answer is not kept: it is
 * derivable from the writes and only the caller needs it.
 */
export interface TransactionBody {
  readonly txId: string;
  /** Transaction time, epoch milliseconds. */
  readonly timestamp: number;
  readonly creator: { readonly mspId: string; readonly id: string };
  readonly fcn: string;
  readonly args: readonly string[];
  readonly writes: readonly Write[];
  readonly event?: { readonly name: string; readonly payload: Uint8Array };
}

export interface BlockHeader {
  readonly number: number;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly hash: string;
  /** Block time, epoch milliseconds. */
  readonly timestamp: number;
  readonly txCount: number;
}

export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
}

export interface KeyModificationRow {
  readonly txId: string;
  readonly timestamp: number;
  readonly isDelete: boolean;
  readonly value: Uint8Array;
}

export interface StoredEvent {
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly txId: string;
  readonly timestamp: number;
  readonly name: string;
  readonly payload: Uint8Array;
}

type EncodedBytes = { readonly utf8: string } | { readonly base64: string };

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes as JSON: as text when they are valid UTF-8 (the contract's JSON values), base64 otherwise. */
function encodeBytes(v: Uint8Array): EncodedBytes {
  try {
    return { utf8: utf8Decoder.decode(v) };
  } catch {
    return { base64: Buffer.from(v).toString('base64') };
  }
}

function decodeBytes(e: EncodedBytes): Uint8Array {
  return 'utf8' in e ? Buffer.from(e.utf8, 'utf8') : Buffer.from(e.base64, 'base64');
}

/** Canonical JSON of a transaction: the bytes the block's data hash covers. */
export function transactionBodyJson(tx: TransactionBody): string {
  return JSON.stringify({
    txId: tx.txId,
    timestamp: tx.timestamp,
    creator: { mspId: tx.creator.mspId, id: tx.creator.id },
    fcn: tx.fcn,
    args: tx.args,
    writes: tx.writes.map(([k, v]) => [k, v === null ? null : encodeBytes(v)]),
    event: tx.event ? { name: tx.event.name, payload: encodeBytes(tx.event.payload) } : null,
  });
}

/** Reads a stored transaction body back. */
export function parseTransactionBody(json: string): TransactionBody {
  const o = JSON.parse(json) as {
    txId: string;
    timestamp: number;
    creator: { mspId: string; id: string };
    fcn: string;
    args: string[];
    writes: [string, EncodedBytes | null][];
    event: { name: string; payload: EncodedBytes } | null;
  };
  return {
    txId: o.txId,
    timestamp: o.timestamp,
    creator: o.creator,
    fcn: o.fcn,
    args: o.args,
    writes: o.writes.map(([k, v]): Write => [k, v === null ? null : decodeBytes(v)]),
    ...(o.event ? { event: { name: o.event.name, payload: decodeBytes(o.event.payload) } } : {}),
  };
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** SHA-256 over the SHA-256 of each transaction body, in order. */
export function dataHash(bodies: readonly string[]): string {
  const h = createHash('sha256');
  for (const body of bodies) h.update(Buffer.from(sha256(body), 'hex'));
  return h.digest('hex');
}

/** SHA-256 over the block number, the previous block's hash, the data hash and the block time. */
export function blockHash(b: Omit<BlockHeader, 'hash'>): string {
  return sha256(`${b.number}\n${b.previousHash}\n${b.dataHash}\n${b.timestamp}\n${b.txCount}`);
}

// libsql takes a lone object argument (a Buffer too) as named parameters: always bind positional ones as an array.
/*
 * Layout: every value is stored twice, in the world state and in the body of the transaction that wrote it (which
 * the block hash covers). History rows and event rows only point at transactions. Large rows live in rowid tables:
 * SQLite's WITHOUT ROWID tables are slow for rows of kilobytes.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS blocks (
  number INTEGER PRIMARY KEY, previous_hash TEXT NOT NULL, data_hash TEXT NOT NULL, hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL, tx_count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
  position INTEGER PRIMARY KEY, block_number INTEGER NOT NULL, tx_index INTEGER NOT NULL,
  tx_id TEXT NOT NULL UNIQUE, has_event INTEGER NOT NULL, timestamp INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS history (
  key BLOB NOT NULL, block_number INTEGER NOT NULL, tx_index INTEGER NOT NULL, is_delete INTEGER NOT NULL,
  PRIMARY KEY (key, block_number, tx_index)) WITHOUT ROWID;
`;

/**
 * A transaction's place as one integer (its rowid): block number × 2^20 + index in the block. Blocks hold at most
 * 2^20 transactions; a negative index means "before the block's first transaction".
 */
const POSITIONS_PER_BLOCK = 1_048_576;
function position(blockNumber: number, txIndex: number): number {
  return blockNumber * POSITIONS_PER_BLOCK + Math.min(txIndex, POSITIONS_PER_BLOCK - 1);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const bytes = (v: unknown): Uint8Array => (v instanceof ArrayBuffer ? new Uint8Array(v) : (v as Uint8Array));
const text = (v: unknown): string => Buffer.from(bytes(v)).toString('utf8');

type Row = Record<string, unknown>;

/**
 * The embedded ledger's SQLite file. Durability: WAL with `synchronous=FULL`, so every COMMIT (one per block)
 * fsyncs the WAL before it returns and an acknowledged block survives a power cut, not only a SIGKILL.
 * (`synchronous=NORMAL` with WAL would survive SIGKILL — the WAL frames are in the OS page cache — but may lose the
 * last blocks on an OS crash or power loss; one fsync per block is cheap because blocks batch many transactions.)
 *
 * Two connections: the writer (the only one that changes anything, inside one SQLite transaction per block) and a
 * reader for queries, which in WAL mode sees the last committed block and never a block being built.
 */
export class LedgerStore {
  readonly path: string;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly stmt: ReturnType<LedgerStore['prepare']>;
  private readonly readStmt: ReturnType<LedgerStore['prepareRead']>;
  private readonly multiRowStatements = new Map<string, Database.Statement>();

  constructor(directory: string, options: { readonly?: boolean } = {}) {
    mkdirSync(directory, { recursive: true });
    this.path = join(directory, LEDGER_FILE);
    this.writer = new Database(this.path);
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma('synchronous = FULL');
    this.writer.pragma('busy_timeout = 5000');
    this.writer.pragma('cache_size = -65536');
    // Checkpoint the WAL into the database file every ~64 MB rather than every 4 MB: fewer fsyncs of the main file.
    this.writer.pragma('wal_autocheckpoint = 16384');
    if (!options.readonly) this.writer.exec(SCHEMA);
    this.reader = new Database(this.path);
    this.reader.pragma('busy_timeout = 5000');
    this.stmt = this.prepare(this.writer);
    this.readStmt = this.prepareRead(this.reader);
  }

  private prepare(db: Database.Database) {
    return {
      ...this.prepareRead(db),
      putState: db.prepare(
        'INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      deleteState: db.prepare('DELETE FROM state WHERE key = ?'),
      putHistory: db.prepare('INSERT INTO history (key, block_number, tx_index, is_delete) VALUES (?, ?, ?, ?)'),
      putTx: db.prepare(
        `INSERT INTO transactions (position, block_number, tx_index, tx_id, has_event, timestamp, body)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      putBlock: db.prepare(
        'INSERT INTO blocks (number, previous_hash, data_hash, hash, timestamp, tx_count) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  private prepareRead(db: Database.Database) {
    return {
      getState: db.prepare('SELECT value FROM state WHERE key = ?'),
      range: db.prepare('SELECT key, value FROM state WHERE key >= ? AND key < ? ORDER BY key'),
      history: db.prepare(
        `SELECT t.tx_id, t.timestamp, h.is_delete, t.body FROM history h
         JOIN transactions t ON t.position = h.block_number * ${POSITIONS_PER_BLOCK} + h.tx_index
         WHERE h.key = ? ORDER BY h.block_number DESC, h.tx_index DESC`,
      ),
      lastBlock: db.prepare('SELECT * FROM blocks ORDER BY number DESC LIMIT 1'),
      block: db.prepare('SELECT * FROM blocks WHERE number = ?'),
      blocksFrom: db.prepare('SELECT * FROM blocks WHERE number >= ? ORDER BY number LIMIT ?'),
      txsOfBlock: db.prepare(
        'SELECT tx_id, body FROM transactions WHERE position >= ? AND position < ? ORDER BY position',
      ),
      txLocation: db.prepare('SELECT block_number, tx_index FROM transactions WHERE tx_id = ?'),
      eventsAfter: db.prepare(
        `SELECT block_number, tx_index, tx_id, timestamp, body FROM transactions
         WHERE position > ? AND has_event = 1 ORDER BY position LIMIT ?`,
      ),
      stateAll: db.prepare('SELECT key, value FROM state ORDER BY key'),
    };
  }

  // ---- reads; `committed` reads use the reader connection, the others see the block being built ----

  getState(key: string, committed: boolean): Uint8Array | undefined {
    const row = (committed ? this.readStmt : this.stmt).getState.get([utf8(key)]) as Row | undefined;
    return row ? bytes(row['value']) : undefined;
  }

  /** Keys in `[start, end)` in byte order (Fabric's order); an empty `end` means no upper bound. */
  range(start: string, end: string, committed: boolean): KeyValue[] {
    const upper = end === '' ? Buffer.from([0xff]) : utf8(end);
    const rows = (committed ? this.readStmt : this.stmt).range.all([utf8(start), upper]) as Row[];
    return rows.map((r) => ({ key: text(r['key']), value: bytes(r['value']) }));
  }

  /** Every modification of a key, newest first (as Fabric 2.x answers). */
  history(key: string, committed: boolean): KeyModificationRow[] {
    const rows = (committed ? this.readStmt : this.stmt).history.all([utf8(key)]) as Row[];
    return rows.map((r) => {
      const isDelete = Number(r['is_delete']) === 1;
      const written = isDelete ? undefined : parseTransactionBody(String(r['body'])).writes.find(([k]) => k === key);
      return {
        txId: String(r['tx_id']),
        timestamp: Number(r['timestamp']),
        isDelete,
        value: written?.[1] ?? new Uint8Array(),
      };
    });
  }

  lastBlock(committed = true): BlockHeader | undefined {
    const row = (committed ? this.readStmt : this.stmt).lastBlock.get() as Row | undefined;
    return row ? toHeader(row) : undefined;
  }

  block(number: number): BlockHeader | undefined {
    const row = this.readStmt.block.get([number]) as Row | undefined;
    return row ? toHeader(row) : undefined;
  }

  blocksFrom(number: number, limit: number): BlockHeader[] {
    return (this.readStmt.blocksFrom.all([number, limit]) as Row[]).map(toHeader);
  }

  transactionsOf(blockNumber: number): { txId: string; body: string }[] {
    return (this.readStmt.txsOfBlock.all([position(blockNumber, 0), position(blockNumber + 1, 0)]) as Row[]).map(
      (r) => ({
        txId: String(r['tx_id']),
        body: String(r['body']),
      }),
    );
  }

  /** Where a committed transaction is, if it is. */
  locate(txId: string): { blockNumber: number; txIndex: number } | undefined {
    const row = this.readStmt.txLocation.get([txId]) as Row | undefined;
    return row ? { blockNumber: Number(row['block_number']), txIndex: Number(row['tx_index']) } : undefined;
  }

  /** Committed events after a position, in order. */
  eventsAfter(blockNumber: number, txIndex: number, limit: number): StoredEvent[] {
    return (this.readStmt.eventsAfter.all([position(blockNumber, txIndex), limit]) as Row[]).flatMap((r) => {
      const event = parseTransactionBody(String(r['body'])).event;
      if (!event) return [];
      return [
        {
          blockNumber: Number(r['block_number']),
          txIndex: Number(r['tx_index']),
          txId: String(r['tx_id']),
          timestamp: Number(r['timestamp']),
          name: event.name,
          payload: event.payload,
        },
      ];
    });
  }

  /** The whole world state in key order (for verification). */
  *allState(): Iterable<KeyValue> {
    for (const r of this.readStmt.stateAll.iterate() as Iterable<Row>) {
      yield { key: text(r['key']), value: bytes(r['value']) };
    }
  }

  // ---- the writer: one SQLite transaction per block ----

  begin(): void {
    this.writer.exec('BEGIN IMMEDIATE');
  }

  rollback(): void {
    if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
  }

  /** Applies one transaction's writes, history, body and event inside the open block. Answers the body's JSON. */
  applyTransaction(blockNumber: number, txIndex: number, tx: TransactionBody): string {
    // One multi-row statement per kind and transaction: the per-call cost of the driver dominates small rows.
    const puts: unknown[] = [];
    const history: unknown[] = [];
    for (const [key, value] of tx.writes) {
      const k = utf8(key);
      if (value === null) this.stmt.deleteState.run([k]);
      else puts.push(k, Buffer.from(value));
      history.push(k, blockNumber, txIndex, value === null ? 1 : 0);
    }
    if (puts.length > 0) this.multiRow('putState', puts.length / 2).run(puts);
    if (history.length > 0) this.multiRow('putHistory', history.length / 4).run(history);
    const body = transactionBodyJson(tx);
    this.stmt.putTx.run([
      position(blockNumber, txIndex),
      blockNumber,
      txIndex,
      tx.txId,
      tx.event ? 1 : 0,
      tx.timestamp,
      body,
    ]);
    return body;
  }

  private multiRow(kind: 'putState' | 'putHistory', rows: number): Database.Statement {
    const key = `${kind}:${rows}`;
    let statement = this.multiRowStatements.get(key);
    if (!statement) {
      statement =
        kind === 'putState'
          ? this.writer.prepare(
              `INSERT INTO state (key, value) VALUES ${Array(rows).fill('(?, ?)').join(', ')}
               ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
            )
          : this.writer.prepare(
              `INSERT INTO history (key, block_number, tx_index, is_delete) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`,
            );
      this.multiRowStatements.set(key, statement);
    }
    return statement;
  }

  /** Appends the block header and commits: returns once the block is on disk (fsync'd). */
  commitBlock(header: BlockHeader): void {
    this.stmt.putBlock.run([
      header.number,
      header.previousHash,
      header.dataHash,
      header.hash,
      header.timestamp,
      header.txCount,
    ]);
    this.writer.exec('COMMIT');
  }

  close(): void {
    this.rollback();
    this.reader.close();
    this.writer.close();
  }
}

function toHeader(r: Row): BlockHeader {
  return {
    number: Number(r['number']),
    previousHash: String(r['previous_hash']),
    dataHash: String(r['data_hash']),
    hash: String(r['hash']),
    timestamp: Number(r['timestamp']),
    txCount: Number(r['tx_count']),
  };
}
