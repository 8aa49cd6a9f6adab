import type { MikroORM } from '@mikro-orm/core';
import { EmbeddedLedger, type Ledger, type LedgerCheckpoint } from '@mchd/ledger';
import {
  FeedCursorSchema,
  kitMigrations,
  openDatabase,
  OutboxEventSchema,
  type SubgraphConfig,
} from '@mchd/subgraph-kit';
import { PowerOfAttorneyRow, powerOfAttorneyEntities } from './entities.js';
import { EventLog } from './event-log.js';
import { powerOfAttorneyMigrations } from './migrations.js';
import { Projection } from './projection.js';

/** What {@link reindex} did. */
export interface ReindexReport {
  /** Ledger events replayed. */
  readonly events: number;
  /** Index rows after the rebuild. */
  readonly powersOfAttorney: number;
  /** The checkpoint the projection resumes from. */
  readonly checkpoint: LedgerCheckpoint | null;
  /** EXPIRED events logged for validity ends passed. */
  readonly expired: number;
}

/**
 * Opens the power-of-attorney subgraph's database (SQLite in the data directory, or PostgreSQL) with its
 * migrations applied, for tools that work on it without the server (`mchd reindex`).
 *
 * @example
 * ```ts
 * const orm = await openPowerOfAttorneyDatabase(loadSubgraphConfig('power-of-attorney', 4003, process.env));
 * ```
 */
export function openPowerOfAttorneyDatabase(
  config: Pick<SubgraphConfig, 'name' | 'dataDir' | 'databaseUrl' | 'databaseSchema'>,
): Promise<MikroORM> {
  return openDatabase({
    name: config.name,
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.databaseSchema ? { databaseSchema: config.databaseSchema } : {}),
    entities: [OutboxEventSchema, FeedCursorSchema, ...powerOfAttorneyEntities],
    migrations: [...kitMigrations, ...powerOfAttorneyMigrations],
  });
}

/**
 * Rebuilds the index from the ledger: drops every index row, replays the ledger's events from the first block
 * through the projection, and leaves the projection's checkpoint after the last one. The document store and the
 * event log are kept (subscribers' cursors stay valid); events the log lacks are appended, none is doubled.
 * Stop the subgraph first: with the embedded ledger only one process may use the node.
 *
 * The replay ends at the embedded node's height, or for Fabric when no event arrived for `idleMs`.
 *
 * @example
 * ```ts
 * const report = await reindex({ orm, ledger });
 * console.log(report.powersOfAttorney);
 * ```
 */
export async function reindex(options: {
  readonly orm: MikroORM;
  readonly ledger: Ledger;
  readonly clock?: () => Date;
  /** For a ledger whose height is unknown (Fabric): stop after this long without an event (default 3 s). */
  readonly idleMs?: number;
  readonly onProgress?: (events: number) => void;
}): Promise<ReindexReport> {
  const { orm, ledger } = options;
  const eventLog = new EventLog(orm);
  const projection = new Projection({ orm, ledger, eventLog, ...(options.clock ? { clock: options.clock } : {}) });
  await orm.em.fork().nativeDelete(PowerOfAttorneyRow, {});
  const height = ledger instanceof EmbeddedLedger ? ledger.node.height.number : undefined;
  const controller = new AbortController();
  let idle: NodeJS.Timeout | undefined;
  let atHeight = false;
  const armIdle = () => {
    if (height !== undefined && !atHeight) return;
    if (idle) clearTimeout(idle);
    // At the embedded node's height the rest of its last block is already stored: a short wait ends the stream.
    idle = setTimeout(() => controller.abort(), atHeight ? 200 : (options.idleMs ?? 3000));
  };
  let events = 0;
  let checkpoint: LedgerCheckpoint | null = null;
  try {
    if (height === undefined || height > 0) {
      armIdle();
      const stream = ledger.events({ after: { blockNumber: 0 }, signal: controller.signal });
      const counted = (async function* () {
        for await (const event of stream) {
          events += 1;
          checkpoint = event.checkpoint;
          options.onProgress?.(events);
          if (height !== undefined && event.blockNumber >= height) atHeight = true;
          armIdle();
          yield event;
        }
      })();
      await projection.consume(counted);
    }
  } finally {
    if (idle) clearTimeout(idle);
  }
  const expired = await projection.expireDue();
  eventLog.close();
  return { events, powersOfAttorney: await orm.em.fork().count(PowerOfAttorneyRow, {}), checkpoint, expired };
}
