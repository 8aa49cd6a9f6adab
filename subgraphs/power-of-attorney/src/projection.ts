import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Ledger, LedgerCheckpoint, LedgerCheckpointer, LedgerEvent } from '@mchd/ledger';
import type { Logger } from 'pino';
import { PowerOfAttorneyRow, ProjectionStateRow } from './entities.js';
import { EventLog, type NewEvent } from './event-log.js';
import { principalInnsOf, representativeIdsOf, splitList, upsertRecords } from './index-store.js';

const CHECKPOINT = 'ledger-checkpoint';
const LEASE = 'projection-lease';

/** A ledger checkpointer kept in the subgraph's database (`poa_projection_state`). */
export function databaseCheckpointer(orm: MikroORM, name = CHECKPOINT): LedgerCheckpointer {
  return {
    async load() {
      const row = await orm.em.fork().findOne(ProjectionStateRow, { name });
      return row ? (JSON.parse(row.value) as LedgerCheckpoint) : undefined;
    },
    async save(checkpoint) {
      const em = orm.em.fork();
      const row = (await em.findOne(ProjectionStateRow, { name })) ?? Object.assign(new ProjectionStateRow(), { name });
      row.value = JSON.stringify(checkpoint);
      row.leaseOwner ??= null;
      row.leaseUntil ??= null;
      await em.persistAndFlush(row);
    },
  };
}

/** Saves the checkpoint through `em` (inside the projection's transaction). */
async function saveCheckpoint(em: EntityManager, checkpoint: LedgerCheckpoint): Promise<void> {
  const row =
    (await em.findOne(ProjectionStateRow, { name: CHECKPOINT })) ??
    Object.assign(new ProjectionStateRow(), { name: CHECKPOINT, leaseOwner: null, leaseUntil: null });
  row.value = JSON.stringify(checkpoint);
  em.persist(row);
}

/** Options of {@link Projection}. */
export interface ProjectionOptions {
  readonly orm: MikroORM;
  readonly ledger: Ledger;
  readonly eventLog: EventLog;
  /** Domain time: EXPIRED events fire when this clock passes a validity end. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** How long a lease lasts (default 10 s); the holder renews it at a third of that. */
  readonly leaseMs?: number;
  /** How often the expiry scheduler looks for validity ends passed (default 1 s). */
  readonly expiryIntervalMs?: number;
}

/**
 * Consumes the ledger's event stream into the index and the event log, with the checkpoint in the same database.
 * Several instances may run against one database: a lease row makes one of them the writer (so that the event
 * log's sequence commits in order); the others wait and take over when the lease lapses. The holder also runs
 * the expiry scheduler (EXPIRED events, by the injectable clock).
 *
 * Applying an event is idempotent (rows are upserted, log entries deduplicated), so the at-least-once checkpoint
 * of the ledger stream never doubles anything.
 *
 * @example
 * ```ts
 * const projection = new Projection({ orm, ledger, eventLog });
 * projection.start();
 * projection.onChange((guids) => cache.evict(guids));
 * await projection.stop();
 * ```
 */
export class Projection {
  private readonly emitter = new EventEmitter();
  private readonly clock: () => Date;
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private appliedTransactions = new Set<string>();
  private writing = false;

  constructor(private readonly options: ProjectionOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.emitter.setMaxListeners(0);
  }

  /** Whether this instance holds the lease and is following the ledger now. */
  get isWriter(): boolean {
    return this.writing;
  }

  /** Calls `listener` with the GUIDs whose index rows or events changed, after each committed change. */
  onChange(listener: (guids: readonly string[]) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** Starts following the ledger in the background (while holding the lease). */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Stops following and releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    this.emitter.emit('wake');
    await this.running?.catch(() => undefined);
    this.running = undefined;
    await this.releaseLease().catch(() => undefined);
  }

  /** Resolves once this instance has applied the transaction (or after `timeoutMs`, answering false). */
  waitFor(transactionId: string, timeoutMs = 10_000): Promise<boolean> {
    if (this.appliedTransactions.has(transactionId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.emitter.off('applied', onApplied);
        resolve(ok);
      };
      const onApplied = (txId: string): void => {
        if (txId === transactionId) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.emitter.on('applied', onApplied);
    });
  }

  /** Applies one ledger event (see {@link applyBatch}). */
  apply(event: LedgerEvent): Promise<void> {
    return this.applyBatch([event]);
  }

  /**
   * Applies ledger events to the index and the event log, and moves the checkpoint past the last of them, all in
   * one database transaction: a crash leaves either none or all of the batch, never a checkpoint ahead of its rows.
   * Public for `mchd reindex`, which replays the whole ledger through it.
   */
  async applyBatch(events: readonly LedgerEvent[]): Promise<void> {
    const last = events[events.length - 1];
    if (!last) return;
    const now = this.clock();
    const changed = new Set<string>();
    await this.options.orm.em.fork().transactional(async (em) => {
      const records = events.flatMap((event) =>
        event.changes.flatMap((c) => (c.record ? [{ record: c.record, blockNumber: event.blockNumber }] : [])),
      );
      await upsertRecords(em, records, now);
      const parties = new Map(records.map(({ record }) => [record.guid, record]));
      const unknown = events.flatMap((e) =>
        e.changes.filter((c) => !c.record && !parties.has(c.guid)).map((c) => c.guid),
      );
      const rows =
        unknown.length > 0 ? await em.find(PowerOfAttorneyRow, { guid: { $in: [...new Set(unknown)] } }) : [];
      const rowsByGuid = new Map(rows.map((r) => [r.guid, r]));
      const log: NewEvent[] = [];
      for (const event of events) {
        for (const change of event.changes) {
          changed.add(change.guid);
          const record = change.record ?? parties.get(change.guid);
          const row = rowsByGuid.get(change.guid);
          log.push({
            type: change.type,
            guid: change.guid,
            at: change.type === 'REVOKED' ? (change.record?.revocation?.revokedAt ?? event.timestamp) : event.timestamp,
            transactionId: event.transactionId,
            blockNumber: event.blockNumber,
            principalInns: record ? principalInnsOf(record) : splitList(row?.principalInns),
            representativeIds: record ? representativeIdsOf(record) : splitList(row?.representativeIds),
            cause: change.cause ?? null,
          });
        }
      }
      await EventLog.appendMany(em, log);
      await saveCheckpoint(em, last.checkpoint);
    });
    for (const event of events) this.appliedTransactions.add(event.transactionId);
    if (this.appliedTransactions.size > 100_000) this.appliedTransactions = new Set([last.transactionId]);
    this.options.eventLog.notify();
    this.emitter.emit('change', [...changed]);
    for (const event of events) this.emitter.emit('applied', event.transactionId);
  }

  /**
   * Reads `events` in batches: whatever the stream has ready (up to `max`) is applied in one transaction, so that
   * catching up with a long ledger costs one commit per batch instead of one per event.
   */
  async consume(events: AsyncIterable<LedgerEvent>, signal?: AbortSignal, max = 500): Promise<number> {
    const iterator = events[Symbol.asyncIterator]();
    const tick = Symbol('tick');
    const immediately = () => new Promise<typeof tick>((resolve) => setImmediate(() => resolve(tick)));
    let applied = 0;
    let pending = iterator.next();
    try {
      for (;;) {
        const first = await pending;
        if (first.done) return applied;
        const batch = [first.value];
        let ended = false;
        pending = iterator.next();
        while (batch.length < max) {
          const r = await Promise.race([pending, immediately()]);
          if (r === tick) break;
          if (r.done) {
            ended = true;
            break;
          }
          batch.push(r.value);
          pending = iterator.next();
        }
        await this.applyBatch(batch);
        applied += batch.length;
        if (ended || signal?.aborted) return applied;
      }
    } finally {
      void iterator.return?.();
    }
  }

  /**
   * Logs EXPIRED for every MCHD whose validity ended by `now` and was not revoked before that; answers how many.
   * Run by the scheduler; public so that tests drive it with their clock.
   */
  async expireDue(now: Date = this.clock()): Promise<number> {
    const em = this.options.orm.em.fork();
    const due = await em.find(
      PowerOfAttorneyRow,
      // Rows the projection wrote always have the flag (false until logged); the index covers this query.
      { expiredLogged: false, validUntilAt: { $lte: now.toISOString() } },
      { orderBy: { validUntilAt: 'asc', guid: 'asc' }, limit: 500 },
    );
    let logged = 0;
    const changed: string[] = [];
    for (const row of due) {
      await em.transactional(async (tx: EntityManager) => {
        const fresh = await tx.findOneOrFail(PowerOfAttorneyRow, { guid: row.guid });
        const revokedBefore = fresh.revokedAt && fresh.validUntilAt && fresh.revokedAt < fresh.validUntilAt;
        if (!revokedBefore) {
          if (
            await EventLog.append(tx, {
              type: 'EXPIRED',
              guid: fresh.guid,
              at: fresh.validUntilAt as string,
              transactionId: null,
              blockNumber: null,
              principalInns: splitList(fresh.principalInns),
              representativeIds: splitList(fresh.representativeIds),
              discriminator: fresh.validUntilAt as string,
            })
          ) {
            logged += 1;
          }
          fresh.status = 'EXPIRED';
        }
        fresh.expiredLogged = true;
      });
      changed.push(row.guid);
    }
    if (changed.length > 0) {
      this.options.eventLog.notify();
      this.emitter.emit('change', changed);
    }
    return logged;
  }

  private async loop(): Promise<void> {
    const leaseMs = this.options.leaseMs ?? 10_000;
    while (!this.stopped) {
      let held = false;
      try {
        held = await this.acquireLease(leaseMs);
      } catch (e) {
        this.options.logger?.warn({ err: e }, 'projection lease check failed');
      }
      if (!held) {
        await this.sleep(Math.max(50, leaseMs / 3));
        continue;
      }
      try {
        await this.follow(leaseMs);
      } catch (e) {
        if (!this.stopped) this.options.logger?.error({ err: e }, 'projection failed; retrying');
        await this.sleep(500);
      }
    }
  }

  /** Follows the ledger while the lease holds; renews it and runs the expiry scheduler on timers. */
  private async follow(leaseMs: number): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.writing = true;
    const renew = setInterval(() => {
      this.acquireLease(leaseMs).then(
        (ok) => {
          if (!ok) controller.abort();
        },
        () => controller.abort(),
      );
    }, leaseMs / 3);
    const expiry = setInterval(() => {
      this.expireDue().catch((e: unknown) => this.options.logger?.warn({ err: e }, 'expiry scheduler failed'));
    }, this.options.expiryIntervalMs ?? 1000);
    renew.unref();
    expiry.unref();
    try {
      await this.expireDue();
      const after = await databaseCheckpointer(this.options.orm).load();
      // The checkpoint is saved with each batch's rows (not by the ledger's checkpointer): exactly once.
      await this.consume(
        this.options.ledger.events({ ...(after ? { after } : {}), signal: controller.signal }),
        controller.signal,
      );
    } finally {
      clearInterval(renew);
      clearInterval(expiry);
      this.controller = undefined;
      this.writing = false;
    }
  }

  private async acquireLease(leaseMs: number): Promise<boolean> {
    const em = this.options.orm.em.fork();
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    if (!(await em.findOne(ProjectionStateRow, { name: LEASE }))) {
      try {
        await em.insert(ProjectionStateRow, { name: LEASE, value: '{}', leaseOwner: this.owner, leaseUntil: until });
        return true;
      } catch {
        // Another instance created it first.
      }
    }
    const updated = await em.nativeUpdate(
      ProjectionStateRow,
      {
        name: LEASE,
        $or: [{ leaseOwner: this.owner }, { leaseUntil: { $lt: now.toISOString() } }, { leaseOwner: null }],
      },
      { leaseOwner: this.owner, leaseUntil: until },
    );
    return updated > 0;
  }

  private async releaseLease(): Promise<void> {
    await this.options.orm.em
      .fork()
      .nativeUpdate(
        ProjectionStateRow,
        { name: LEASE, leaseOwner: this.owner },
        { leaseOwner: null, leaseUntil: null },
      );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.emitter.off('wake', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.emitter.once('wake', done);
    });
  }
}
