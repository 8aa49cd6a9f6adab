import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueDevelopmentToken, type Role } from '@mchd/auth';
import { loadSubgraphConfig, type SubgraphConfig } from './config.js';
import type { Subgraph } from './subgraph.js';

/** Which database a test subgraph uses. */
export type TestDatabase = 'sqlite' | 'postgres';

/**
 * The databases to run a suite against: SQLite always, PostgreSQL too when `MCHD_TEST_POSTGRES_URL` is set.
 *
 * @example
 * ```ts
 * describe.each(testDatabases())('person on %s', (db) => { … });
 * ```
 */
export function testDatabases(env: NodeJS.ProcessEnv = process.env): TestDatabase[] {
  return env.MCHD_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A configuration for an in-process test subgraph, with its temporary data directory. */
export interface TestSubgraphConfig {
  readonly config: SubgraphConfig;
  readonly dataDir: string;
  /** Issues a development token accepted by subgraphs using this configuration. */
  token(roles: Role[], orgs?: string[], subject?: string): Promise<string>;
  /** Removes the temporary data directory. */
  cleanup(): void;
}

/**
 * A configuration on an ephemeral port (`port: 0`), a fresh temporary data directory, silent logs, and for
 * `postgres` a fresh schema `<name>_t<random>` in the database `MCHD_TEST_POSTGRES_URL`.
 *
 * @example
 * ```ts
 * const t = testSubgraphConfig('person', 'sqlite');
 * const subgraph = createPersonSubgraph(t.config);
 * const { url } = await subgraph.start();
 * ```
 */
export function testSubgraphConfig(
  name: string,
  database: TestDatabase = 'sqlite',
  overrides: Partial<SubgraphConfig> = {},
): TestSubgraphConfig {
  const dataDir = mkdtempSync(path.join(tmpdir(), `mchd-${name}-`));
  const pgUrl = process.env.MCHD_TEST_POSTGRES_URL;
  if (database === 'postgres' && !pgUrl) throw new Error('MCHD_TEST_POSTGRES_URL is not set');
  const base = loadSubgraphConfig(name, 0, {
    MCHD_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.MCHD_TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
  });
  const config: SubgraphConfig = {
    ...base,
    ...(database === 'postgres'
      ? {
          databaseUrl: pgUrl,
          databaseSchema: `${name.replace(/[^a-z0-9]/g, '_')}_t${Math.random().toString(36).slice(2, 10)}`,
        }
      : {}),
    ...overrides,
  };
  return {
    config,
    dataDir,
    token: (roles, orgs = [], subject = 'test-user') =>
      issueDevelopmentToken({ dataDir: config.auth.dataDir }, { roles, orgs, subject }),
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * Stops a test subgraph and drops what it created: its PostgreSQL schema (when it used one) and data directory.
 */
export async function disposeTestSubgraph(subgraph: Subgraph, test: TestSubgraphConfig): Promise<void> {
  if (test.config.databaseUrl && test.config.databaseSchema) {
    try {
      await subgraph.orm.em.getConnection().execute(`drop schema if exists "${test.config.databaseSchema}" cascade`);
    } catch {
      // not started: nothing to drop
    }
  }
  await subgraph.stop();
  test.cleanup();
}

/** A GraphQL response as JSON. */
export interface GraphQLResponse<D = Record<string, unknown>> {
  readonly data?: D | null;
  readonly errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * POSTs a GraphQL operation over real HTTP.
 *
 * @example
 * ```ts
 * const res = await postGraphQL(url, '{ organizations { totalCount } }', {}, token);
 * ```
 */
export async function postGraphQL<D = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ status: number; body: GraphQLResponse<D> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<D> };
}
