import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MikroORM, type EntitySchema, type Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import type { Migration } from '@mikro-orm/migrations';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

/** A migration class: `new (driver, config)` with `up()` issuing `this.addSql(...)`. */
export type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

/** One migration: a unique, sortable name and its class. Names are recorded in the `mikro_orm_migrations` table. */
export interface NamedMigration {
  readonly name: string;
  readonly class: MigrationClass;
}

/** Which SQL dialect a database speaks. */
export type SqlDialect = 'sqlite' | 'postgresql';

/**
 * The dialect a migration runs against, for the few statements that differ (auto-increment keys).
 *
 * @example
 * ```ts
 * class CreateThings extends Migration {
 *   up() { this.addSql(`create table "thing" ("seq" ${serialPrimaryKey(dialectOf(this))}, …)`); }
 * }
 * ```
 */
export function dialectOf(migration: Migration): SqlDialect {
  const driver = (migration as unknown as { driver: unknown }).driver;
  return driver instanceof PostgreSqlDriver ? 'postgresql' : 'sqlite';
}

/** An auto-incrementing 32-bit integer primary key column type for the dialect. */
export function serialPrimaryKey(dialect: SqlDialect): string {
  return dialect === 'postgresql' ? 'serial primary key' : 'integer primary key autoincrement';
}

/** Where and how a subgraph keeps its data. */
export interface OrmOptions {
  readonly name: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly databaseSchema?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- entity schemas of any entity type
  readonly entities: readonly EntitySchema<any>[];
  readonly migrations: readonly NamedMigration[];
  readonly logger?: Logger;
  /** Called with every SQL statement (tests count queries with it). */
  readonly onQuery?: (sql: string) => void;
}

/**
 * Opens the subgraph's database — SQLite `<dataDir>/<name>.sqlite` (libsql) by default, PostgreSQL when
 * `databaseUrl` is given (tables in the schema `databaseSchema`, default the subgraph's name, created when
 * missing) — and applies pending migrations. Never synchronizes the schema from entities.
 *
 * @example
 * ```ts
 * const orm = await openDatabase({ name: 'person', dataDir: './data', entities, migrations });
 * ```
 */
export async function openDatabase(options: OrmOptions): Promise<MikroORM> {
  const common = {
    entities: [...options.entities],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    allowGlobalContext: false,
    ...(options.onQuery
      ? { debug: ['query' as const], colors: false, logger: (message: string) => options.onQuery?.(message) }
      : { debug: false }),
    migrations: {
      migrationsList: options.migrations.map((m) => ({ name: m.name, class: m.class })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  } satisfies Partial<Options>;
  let orm: MikroORM;
  if (options.databaseUrl) {
    const schema = options.databaseSchema ?? options.name.replace(/-/g, '_');
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad PostgreSQL schema name "${schema}"`);
    orm = await MikroORM.init({
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: options.databaseUrl,
      schema,
      pool: {
        min: 0,
        max: 5,
        // Plain table names in migrations resolve in the subgraph's schema.
        afterCreate: (
          connection: { query(sql: string, cb: (err: Error | null) => void): void },
          done: (err: Error | null, c: unknown) => void,
        ) => {
          connection.query(`set search_path to "${schema}"`, (err) => done(err, connection));
        },
      },
    });
    await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    orm = await MikroORM.init({
      ...common,
      driver: LibSqlDriver,
      dbName: path.join(options.dataDir, `${options.name}.sqlite`),
    });
    await orm.em.getConnection().execute('pragma journal_mode = wal');
    await orm.em.getConnection().execute('pragma busy_timeout = 5000');
  }
  try {
    const applied = await orm.getMigrator().up();
    if (applied.length > 0) options.logger?.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } catch (e) {
    await orm.close(true);
    throw e;
  }
  return orm;
}

/** Whether all known migrations are applied and the database answers (for `/readyz`). */
export async function databaseReady(orm: MikroORM): Promise<boolean> {
  try {
    await orm.em.getConnection().execute('select 1');
    const pending = await orm.getMigrator().getPendingMigrations();
    return pending.length === 0;
  } catch {
    return false;
  }
}
