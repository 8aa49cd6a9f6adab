import type { EntityManager, MikroORM } from '@mikro-orm/core';
import {
  FeedCursorSchema,
  kitMigrations,
  openDatabase,
  Outbox,
  OutboxEventSchema,
  SubgraphError,
  type Clock,
} from '@mchd/subgraph-kit';
import { PersonDirectory, type UpsertOutcome } from './directory.js';
import { OrganizationRow, personEntities } from './entities.js';
import { personMigrations } from './migrations.js';
import { checkIdentifierArg } from './validation.js';

/** One employee to import: the person's fields and the position. Column names as in the CSV header. */
export interface EmployeeRecord {
  readonly lastName?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly inn?: string;
  readonly snils?: string;
  readonly birthDate?: string;
  readonly position?: string;
  readonly hiredOn?: string;
  readonly documentType?: string;
  readonly documentSeries?: string;
  readonly documentNumber?: string;
  readonly documentIssuedBy?: string;
  readonly documentIssuedOn?: string;
}

/** Why one row was not imported: its number in the file, the column, a stable code and a message. */
export interface ImportRowError {
  readonly row: number;
  readonly column: string | null;
  readonly code: string;
  readonly message: string;
}

/** What an import did. Running the same file twice gives `created: 0, updated: 0` the second time. */
export interface ImportReport {
  readonly organizationInn: string;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly errors: ImportRowError[];
}

/** The organization to import into is not registered. */
export class OrganizationNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(readonly inn: string) {
    super(`no organization with INN ${inn} is registered`);
    this.name = 'OrganizationNotFoundError';
  }
}

/**
 * Opens the person subgraph's database directly (SQLite under `dataDir` or PostgreSQL), applying migrations,
 * for local tools such as `mchd import-employees`.
 *
 * @example
 * ```ts
 * const db = await openPersonDatabase({ dataDir: './data' });
 * await db.close();
 * ```
 */
export async function openPersonDatabase(options: {
  dataDir: string;
  databaseUrl?: string;
  clock?: Clock;
}): Promise<{ orm: MikroORM; outbox: Outbox; close(): Promise<void> }> {
  const orm = await openDatabase({
    name: 'person',
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    entities: [OutboxEventSchema, FeedCursorSchema, ...personEntities],
    migrations: [...kitMigrations, ...personMigrations],
  });
  const outbox = new Outbox(orm, options.clock);
  return { orm, outbox, close: () => orm.close(true) };
}

const COLUMN_OF_PATH: Record<string, string> = {
  'identityDocument.type': 'documentType',
  'identityDocument.series': 'documentSeries',
  'identityDocument.number': 'documentNumber',
  'identityDocument.issuedBy': 'documentIssuedBy',
  'identityDocument.issuedOn': 'documentIssuedOn',
};

/** Rows per transaction in {@link importEmployees}. */
export const IMPORT_CHUNK = 100;

async function importOne(
  tx: EntityManager,
  outbox: Outbox,
  organizationId: string,
  r: EmployeeRecord,
  clock: Clock | undefined,
): Promise<UpsertOutcome> {
  const directory = new PersonDirectory(tx, outbox, clock);
  const hasDocument = !!(r.documentType || r.documentNumber);
  const result = await directory.upsertEmployee(organizationId, {
    lastName: r.lastName ?? '',
    firstName: r.firstName ?? '',
    ...(r.middleName !== undefined ? { middleName: r.middleName || null } : {}),
    ...(r.inn ? { inn: r.inn } : {}),
    ...(r.snils ? { snils: r.snils } : {}),
    ...(r.birthDate ? { birthDate: r.birthDate } : {}),
    ...(hasDocument
      ? {
          identityDocument: {
            type: r.documentType ?? '',
            series: r.documentSeries || null,
            number: r.documentNumber ?? '',
            issuedBy: r.documentIssuedBy || null,
            issuedOn: r.documentIssuedOn || null,
          },
        }
      : {}),
    position: r.position ?? '',
    hiredOn: r.hiredOn ?? '',
  });
  return result.outcome;
}

/**
 * Imports employees into an organization: each row upserts the person (by INN, else SNILS) and their active
 * employment, each row under its own savepoint, so that a bad row changes nothing and the others still land.
 * Idempotent.
 * `rowNumber(i)` maps the i-th record to its line in the source file for the report.
 *
 * @example
 * ```ts
 * const report = await importEmployees(db, '7707083893', records, { onRow: () => bar.increment() });
 * ```
 */
export async function importEmployees(
  db: { orm: MikroORM; outbox: Outbox },
  organizationInn: string,
  records: readonly EmployeeRecord[],
  options: { rowNumber?: (index: number) => number; onRow?: (index: number) => void; clock?: Clock } = {},
): Promise<ImportReport> {
  const inn = checkIdentifierArg('INN', organizationInn, 'org');
  const org = await db.orm.em.fork().findOne(OrganizationRow, { inn });
  if (!org) throw new OrganizationNotFoundError(inn);
  const counts: Record<UpsertOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  const errors: ImportRowError[] = [];
  // Rows go in chunks, one transaction per chunk and a savepoint per row: a refused row rolls back alone, and the
  // database commits once per chunk instead of once per row.
  for (let start = 0; start < records.length; start += IMPORT_CHUNK) {
    const chunk = records.slice(start, start + IMPORT_CHUNK);
    await db.orm.em.fork().transactional(async (outer) => {
      for (const [offset, r] of chunk.entries()) {
        const index = start + offset;
        const row = options.rowNumber ? options.rowNumber(index) : index + 1;
        try {
          const outcome = await outer.transactional((tx) => importOne(tx, db.outbox, org.id, r, options.clock), {
            clear: true,
          });
          counts[outcome] += 1;
        } catch (e) {
          if (!(e instanceof SubgraphError)) throw e;
          const path = typeof e.details.path === 'string' ? e.details.path : null;
          errors.push({ row, column: path ? (COLUMN_OF_PATH[path] ?? path) : null, code: e.code, message: e.message });
        }
        options.onRow?.(index);
      }
    });
  }
  db.outbox.notify();
  return { organizationInn: inn, rows: records.length, ...counts, failed: errors.length, errors };
}
