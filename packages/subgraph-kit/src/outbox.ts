import { EventEmitter } from 'node:events';
import { EntitySchema, type EntityManager, type MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { dialectOf, serialPrimaryKey, type NamedMigration } from './orm.js';

/** A stored outbox row. `seq` increases monotonically with every committed event. */
export class OutboxEventRow {
  seq!: number;
  type!: string;
  payload!: string;
  at!: string;
}

/** MikroORM schema of the `outbox_event` table. */
export const OutboxEventSchema = new EntitySchema<OutboxEventRow>({
  class: OutboxEventRow,
  tableName: 'outbox_event',
  properties: {
    seq: { type: 'integer', primary: true, autoincrement: true },
    type: { type: 'string', length: 64 },
    payload: { type: 'text' },
    at: { type: 'string', length: 32 },
  },
});

/** A consumer's persisted position in another service's feed. */
export class FeedCursorRow {
  consumer!: string;
  cursor!: string;
  updatedAt!: string;
}

/** MikroORM schema of the `feed_cursor` table. */
export const FeedCursorSchema = new EntitySchema<FeedCursorRow>({
  class: FeedCursorRow,
  tableName: 'feed_cursor',
  properties: {
    consumer: { type: 'string', length: 128, primary: true },
    cursor: { type: 'string', length: 64 },
    updatedAt: { type: 'string', length: 32, fieldName: 'updated_at' },
  },
});

/** Creates the kit's own tables (`outbox_event`, `feed_cursor`); runs on SQLite and PostgreSQL. */
export class KitOutboxMigration extends Migration {
  override up(): void {
    this.addSql(
      `create table "outbox_event" ("seq" ${serialPrimaryKey(dialectOf(this))}, "type" varchar(64) not null, ` +
        `"payload" text not null, "at" varchar(32) not null)`,
    );
    this.addSql(
      'create table "feed_cursor" ("consumer" varchar(128) not null primary key, "cursor" varchar(64) not null, ' +
        '"updated_at" varchar(32) not null)',
    );
  }
}

/** The kit's migrations; {@link createSubgraph} runs them before the subgraph's own. */
export const kitMigrations: readonly NamedMigration[] = [
  { name: '00000000000001_kit_outbox', class: KitOutboxMigration },
];

/** One event of a feed, as served by `GET /events` and yielded by {@link Outbox.follow}. */
export interface FeedEvent<P = unknown> {
  /** Opaque, monotonically increasing position (decimal digits); pass it back as `after`. */
  readonly cursor: string;
  readonly type: string;
  /** When the change happened (RFC 3339). */
  readonly at: string;
  readonly payload: P;
}

/** The current time; injectable for deterministic tests. */
export type Clock = () => Date;

function toFeedEvent(row: OutboxEventRow): FeedEvent {
  return { cursor: String(row.seq), type: row.type, at: row.at, payload: JSON.parse(row.payload) as unknown };
}

/** Parses a feed cursor ('' or undefined = the start). Returns null when it is not a cursor. */
export function parseFeedCursor(cursor: string | undefined | null): number | null {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
}

/**
 * Transactional outbox: {@link record} adds an event row through the same `EntityManager` (and so the same
 * transaction) as the change it describes; {@link read} serves the feed after a cursor; {@link follow} tails it
 * for subscriptions. Call {@link notify} after a commit so that in-process followers wake at once; they also
 * poll every `pollMs` so that events written by other processes reach them.
 *
 * @example
 * ```ts
 * await em.transactional(async (tx) => { tx.persist(employment); outbox.record(tx, 'EMPLOYEE_DISMISSED', payload); });
 * outbox.notify();
 * for await (const event of outbox.follow('0', signal)) console.log(event.type);
 * ```
 */
export class Outbox {
  private readonly wake = new EventEmitter();
  private closed = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock = () => new Date(),
    private readonly pollMs = 1000,
  ) {
    this.wake.setMaxListeners(0);
  }

  /** Persists an event in `em`'s unit of work; it is written when `em` flushes, in its transaction. */
  record(em: EntityManager, type: string, payload: unknown): OutboxEventRow {
    const row = new OutboxEventRow();
    row.type = type;
    row.payload = JSON.stringify(payload);
    row.at = this.clock().toISOString();
    em.persist(row);
    return row;
  }

  /** Wakes followers; call after the transaction that recorded events committed. */
  notify(): void {
    this.wake.emit('wake');
  }

  /** Up to `limit` events after `after` (exclusive), oldest first. */
  async read(after: number, limit: number, types?: readonly string[]): Promise<FeedEvent[]> {
    const em = this.orm.em.fork();
    const rows = await em.find(
      OutboxEventRow,
      { seq: { $gt: after }, ...(types && types.length > 0 ? { type: { $in: [...types] } } : {}) },
      { orderBy: { seq: 'asc' }, limit },
    );
    return rows.map(toFeedEvent);
  }

  /** The cursor of the latest event ('0' when there is none). */
  async head(): Promise<string> {
    const em = this.orm.em.fork();
    const rows = await em.find(OutboxEventRow, {}, { orderBy: { seq: 'desc' }, limit: 1, fields: ['seq'] });
    return String(rows[0]?.seq ?? 0);
  }

  /**
   * Yields every event after `after` (default: from now), then follows new ones until `signal` aborts,
   * the consumer stops iterating, or the outbox closes.
   */
  async *follow(after?: string, signal?: AbortSignal, types?: readonly string[]): AsyncGenerator<FeedEvent> {
    let cursor = parseFeedCursor(after ?? (await this.head())) ?? 0;
    while (!this.closed && !signal?.aborted) {
      const batch = await this.read(cursor, 100, types);
      for (const event of batch) {
        cursor = Number(event.cursor);
        yield event;
      }
      if (batch.length === 100) continue;
      await this.sleep(signal);
    }
  }

  private sleep(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake.off('wake', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.wake.on('wake', done);
      signal?.addEventListener('abort', done);
    });
  }

  /** Ends all followers. */
  close(): void {
    this.closed = true;
    this.wake.emit('wake');
  }
}
