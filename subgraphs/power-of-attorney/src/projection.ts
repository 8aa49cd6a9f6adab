import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Ledger, LedgerCheckpoint, LedgerCheckpointer, LedgerEvent } from '@mchd/ledger';
import type { Logger } from 'pino';
import { PowerOfAttorneyRow, ProjectionStateRow } from './entities.js';
import { EventLog } from './event-log.js';
import { principalInnsOf, representativeIdsOf, splitList, upsertRecord } from './index-store.js';

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

  constructor(private readonly options: ProjectionOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.emitter.setMaxListeners(0);
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

  /**
   * Applies one ledger event to the index and the event log in one transaction. Public for `mchd reindex`, which
   * replays the whole ledger through it.
   */
  async apply(event: LedgerEvent): Promise<void> {
    const now = this.clock();
    const changed: string[] = [];
    await this.options.orm.em.fork().transactional(async (em) => {
      for (const change of event.changes) {
        if (change.record) {
          const row = await upsertRecord(em, change.record, event.blockNumber, now);
          changed.push(row.guid);
          await EventLog.append(em, {
            type: change.type,
            guid: change.guid,
            at: change.type === 'REVOKED' ? (change.record.revocation?.revokedAt ?? event.timestamp) : event.timestamp,
            transactionId: event.transactionId,
            blockNumber: event.blockNumber,
            principalInns: principalInnsOf(change.record),
            representativeIds: representativeIdsOf(change.record),
          });
        } else {
          const row = await em.findOne(PowerOfAttorneyRow, { guid: change.guid });
          changed.push(change.guid);
          await EventLog.append(em, {
            type: change.type,
            guid: change.guid,
            at: event.timestamp,
            transactionId: event.transactionId,
            blockNumber: event.blockNumber,
            principalInns: row ? splitList(row.principalInns) : [],
            representativeIds: row ? splitList(row.representativeIds) : [],
            cause: change.cause ?? null,
          });
        }
      }
    });
    this.appliedTransactions.add(event.transactionId);
    if (this.appliedTransactions.size > 10_000) this.appliedTransactions = new Set([event.transactionId]);
    this.options.eventLog.notify();
    this.emitter.emit('change', changed);
    this.emitter.emit('applied', event.transactionId);
  }

  /**
   * Logs EXPIRED for every MCHD whose validity ended by `now` and was not revoked before that; answers how many.
   * Run by the scheduler; public so that tests drive it with their clock.
   */
  async expireDue(now: Date = this.clock()): Promise<number> {
    const em = this.options.orm.em.fork();
    const due = await em.find(
      PowerOfAttorneyRow,
      {
        validUntilAt: { $lte: now.toISOString(), $ne: null },
        $or: [{ expiredLogged: false }, { expiredLogged: null }],
      },
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
      const events = this.options.ledger.events({
        checkpointer: databaseCheckpointer(this.options.orm),
        signal: controller.signal,
      });
      for await (const event of events) {
        await this.apply(event);
        if (controller.signal.aborted) break;
      }
    } finally {
      clearInterval(renew);
      clearInterval(expiry);
      this.controller = undefined;
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
