import { EventEmitter } from 'node:events';
import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/core';
import { PowerOfAttorneyEventRow } from './entities.js';
import { joinList } from './index-store.js';

/** The event types of `Subscription.powerOfAttorneyEvents`. */
export type PowerOfAttorneyEventKind = 'REGISTERED' | 'REVOKED' | 'EXPIRED' | 'PARENT_INVALIDATED';

/** What a subscriber wants to see. Every given part must match. */
export interface EventFilter {
  readonly guid?: string | null;
  readonly principalInn?: string | null;
  /** A representative's INN or SNILS. */
  readonly representativeInn?: string | null;
  readonly types?: readonly PowerOfAttorneyEventKind[] | null;
}

/** An event to append; `dedupKey` makes appending it again a no-op. */
export interface NewEvent {
  readonly type: PowerOfAttorneyEventKind;
  readonly guid: string;
  readonly at: string;
  readonly transactionId: string | null;
  readonly blockNumber: number | null;
  readonly principalInns: readonly string[];
  readonly representativeIds: readonly string[];
  readonly cause?: string | null;
  /** Distinguishes EXPIRED events (no transaction): the validity end. */
  readonly discriminator?: string;
}

/** Whether a logged event passes a filter. */
export function matchesFilter(row: PowerOfAttorneyEventRow, filter: EventFilter): boolean {
  if (filter.guid && row.guid !== filter.guid.toLowerCase()) return false;
  if (filter.principalInn && !row.principalInns.includes(`|${filter.principalInn}|`)) return false;
  if (filter.representativeInn && !row.representativeIds.includes(`|${filter.representativeInn}|`)) return false;
  if (filter.types && filter.types.length > 0 && !filter.types.includes(row.type as PowerOfAttorneyEventKind)) {
    return false;
  }
  return true;
}

/** Parses a subscription cursor ('' or absent: null); null for anything else than decimal digits. */
export function parseEventCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
}

type Listener = (rows: readonly PowerOfAttorneyEventRow[]) => void;

/**
 * The subscription event log (`poa_event`): appended by the projection only (one writer at a time, so `seq`
 * commits in order and a cursor never skips an event), read by subscriptions. One tail per process polls the
 * table (every `pollMs`, or at once after a local append) and fans new rows out to every subscriber in memory;
 * a subscriber first replays the table after its cursor, then follows the tail.
 *
 * @example
 * ```ts
 * const log = new EventLog(orm);
 * for await (const event of log.follow('42', { principalInn: '7707083893' }, signal)) console.log(event.type);
 * ```
 */
export class EventLog {
  private readonly emitter = new EventEmitter();
  private tailSeq: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private closed = false;
  private listeners = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly pollMs = 200,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Appends an event through `em` (the projection's transaction) unless one with its key is logged already. */
  static async append(em: EntityManager, event: NewEvent): Promise<boolean> {
    return (await EventLog.appendMany(em, [event])) === 1;
  }

  /**
   * Appends events in order (one insert) through `em`, leaving out those whose key is logged already (or repeated
   * in `events`); answers how many were appended.
   */
  static async appendMany(em: EntityManager, events: readonly NewEvent[]): Promise<number> {
    const keyed = events.map((event) => ({
      event,
      dedupKey: `${event.type}:${event.guid}:${event.transactionId ?? event.discriminator ?? ''}`,
    }));
    if (keyed.length === 0) return 0;
    const existing = new Set<string>();
    for (let i = 0; i < keyed.length; i += 500) {
      const keys = keyed.slice(i, i + 500).map((k) => k.dedupKey);
      const rows = await em.find(PowerOfAttorneyEventRow, { dedupKey: { $in: keys } }, { fields: ['dedupKey'] });
      for (const r of rows) existing.add(r.dedupKey);
    }
    const fresh = keyed.filter((k) => {
      if (existing.has(k.dedupKey)) return false;
      existing.add(k.dedupKey);
      return true;
    });
    if (fresh.length === 0) return 0;
    await em.insertMany(
      PowerOfAttorneyEventRow,
      fresh.map(({ event, dedupKey }) => ({
        dedupKey,
        type: event.type,
        guid: event.guid,
        at: event.at,
        transactionId: event.transactionId,
        blockNumber: event.blockNumber,
        principalInns: joinList(event.principalInns),
        representativeIds: joinList(event.representativeIds),
        cause: event.cause ?? null,
      })) as PowerOfAttorneyEventRow[], // `seq` is the database's
    );
    return fresh.length;
  }

  /** Events after `after` (exclusive) that pass `filter`, oldest first. */
  async read(after: number, limit: number, filter: EventFilter = {}): Promise<PowerOfAttorneyEventRow[]> {
    const where: FilterQuery<PowerOfAttorneyEventRow> = { seq: { $gt: after } };
    if (filter.guid) where.guid = filter.guid.toLowerCase();
    if (filter.principalInn) where.principalInns = { $like: `%|${filter.principalInn}|%` };
    if (filter.representativeInn) where.representativeIds = { $like: `%|${filter.representativeInn}|%` };
    if (filter.types && filter.types.length > 0) where.type = { $in: [...filter.types] };
    return this.orm.em.fork().find(PowerOfAttorneyEventRow, where, { orderBy: { seq: 'asc' }, limit });
  }

  /** The cursor of the latest event (0 when there is none). */
  async head(): Promise<number> {
    const rows = await this.orm.em
      .fork()
      .find(PowerOfAttorneyEventRow, {}, { orderBy: { seq: 'desc' }, limit: 1, fields: ['seq'] });
    return rows[0]?.seq ?? 0;
  }

  /** Wakes the tail at once (call after the projection committed appended events). */
  notify(): void {
    if (this.listeners > 0) void this.poll();
  }

  /**
   * Every event after `after` (default: from now) that passes `filter`, then the new ones as they are logged,
   * until `signal` aborts, the consumer calls `return()` (which ends a pending wait at once, unlike a generator's),
   * or the log closes.
   */
  follow(
    after: string | null | undefined,
    filter: EventFilter,
    signal?: AbortSignal,
  ): AsyncIterableIterator<PowerOfAttorneyEventRow> {
    const queue: PowerOfAttorneyEventRow[] = [];
    let cursor: number | undefined;
    let replaying = true;
    let ended = false;
    let wake: (() => void) | undefined;
    const listener: Listener = (rows) => {
      for (const row of rows) if (matchesFilter(row, filter)) queue.push(row);
      wake?.();
    };
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.removeListener(listener);
      this.emitter.off('close', end);
      signal?.removeEventListener('abort', end);
      wake?.();
    };
    this.addListener(listener);
    this.emitter.once('close', end);
    signal?.addEventListener('abort', end);
    if (this.closed || signal?.aborted) end();
    const done = { value: undefined, done: true } as IteratorReturnResult<undefined>;
    const pending: PowerOfAttorneyEventRow[] = [];

    const next = async (): Promise<IteratorResult<PowerOfAttorneyEventRow>> => {
      if (cursor === undefined) {
        cursor = after === null || after === undefined ? await this.head() : (parseEventCursor(after) ?? 0);
        // The tail's position is fixed before the replay reads, so that every row is either replayed or tailed.
        if (this.tailSeq === undefined) this.tailSeq = await this.head();
      }
      for (;;) {
        if (ended) return done;
        const buffered = pending.shift();
        if (buffered) {
          cursor = buffered.seq;
          return { value: buffered, done: false };
        }
        if (replaying) {
          const page = await this.read(cursor, 200, filter);
          pending.push(...page);
          if (page.length < 200) replaying = false;
          continue;
        }
        const row = queue.shift();
        if (row) {
          if (row.seq <= cursor) continue;
          cursor = row.seq;
          return { value: row, done: false };
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (queue.length > 0 || ended) resolve();
        });
        wake = undefined;
      }
    };
    const iterator: AsyncIterableIterator<PowerOfAttorneyEventRow> = {
      next,
      return: async () => {
        end();
        return done;
      },
      throw: async (e: unknown) => {
        end();
        throw e;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** Stops the tail and ends every follower. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.emitter.emit('close');
    this.emitter.removeAllListeners();
  }

  private addListener(listener: Listener): void {
    this.emitter.on('rows', listener);
    this.listeners += 1;
    if (this.listeners === 1) this.schedule();
  }

  private removeListener(listener: Listener): void {
    if (!this.emitter.listeners('rows').includes(listener)) return;
    this.emitter.off('rows', listener);
    this.listeners -= 1;
    if (this.listeners === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(): void {
    if (this.closed || this.listeners === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.poll().finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  private poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        if (this.tailSeq === undefined) this.tailSeq = await this.head();
        for (;;) {
          const rows = await this.read(this.tailSeq, 500);
          if (rows.length === 0) break;
          this.tailSeq = rows[rows.length - 1]!.seq;
          this.emitter.emit('rows', rows);
          if (rows.length < 500) break;
        }
      } catch {
        // The database is busy or closing: the next poll retries.
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }
}
