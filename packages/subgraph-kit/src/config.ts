import path from 'node:path';
import { authConfigFromEnv, type AuthConfig } from '@mchd/auth';

/**
 * A configuration value that could not be used. The message names the variable and the value, e.g.
 * `PORT must be an integer 0-65535, got "abc"`; {@link runMain} prints it and exits with code 2.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_ERROR';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The pino levels accepted by `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Request limits applied by every subgraph (the gateway applies its own as well). */
export interface SubgraphLimits {
  /** Deepest selection-set nesting accepted (`MCHD_MAX_DEPTH`, default 15). */
  readonly maxDepth: number;
  /** Highest query cost accepted, by graphql-query-complexity (`MCHD_MAX_COST`, default 10000). */
  readonly maxCost: number;
  /** Largest request body in bytes (`MCHD_MAX_BODY_BYTES`, default 8 MiB); larger ones get HTTP 413. */
  readonly maxBodyBytes: number;
}

/** Everything a subgraph needs to start, parsed and checked from the environment by {@link loadSubgraphConfig}. */
export interface SubgraphConfig {
  /** The subgraph's name: the log `name`, the SQLite file name and the PostgreSQL schema. */
  readonly name: string;
  /** TCP port (`PORT`); `0` picks a free one. */
  readonly port: number;
  /** Interface to listen on (`HOST`, default 127.0.0.1). */
  readonly host: string;
  /** Data directory (`MCHD_DATA_DIR`, default ./data): SQLite files, development keys. */
  readonly dataDir: string;
  /** `postgres://…` selects PostgreSQL (`DATABASE_URL`); unset selects SQLite under {@link dataDir}. */
  readonly databaseUrl?: string;
  /** PostgreSQL schema for this subgraph's tables (default: the subgraph's name). */
  readonly databaseSchema?: string;
  /** pino level (`LOG_LEVEL`, default info). */
  readonly logLevel: LogLevel;
  /** How bearer tokens are verified (from `@mchd/auth`). */
  readonly auth: AuthConfig;
  readonly limits: SubgraphLimits;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `${name} must be an integer ${min}-${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/**
 * Parses and checks a subgraph's configuration from environment variables: `PORT`, `HOST`, `MCHD_DATA_DIR`,
 * `DATABASE_URL`, `LOG_LEVEL`, `MCHD_MAX_DEPTH`, `MCHD_MAX_COST`, `MCHD_MAX_BODY_BYTES` and the auth variables
 * of `@mchd/auth` (`MCHD_JWT_PUBLIC_KEY`, `MCHD_JWKS_URL`, `MCHD_JWT_ISSUER`, `MCHD_JWT_AUDIENCE`).
 *
 * @throws ConfigError naming the first bad variable.
 * @example
 * ```ts
 * const config = loadSubgraphConfig('person', 4001, process.env);
 * ```
 */
export function loadSubgraphConfig(name: string, defaultPort: number, env: NodeJS.ProcessEnv): SubgraphConfig {
  const port = integer(env, 'PORT', defaultPort, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = path.resolve(env.MCHD_DATA_DIR?.trim() || './data');
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      `DATABASE_URL must be a postgres:// or postgresql:// URL (or unset for SQLite), got ${JSON.stringify(redactUrl(databaseUrl))}`,
    );
  }
  const level = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env.LOG_LEVEL)}`,
    );
  }
  const limits: SubgraphLimits = {
    maxDepth: integer(env, 'MCHD_MAX_DEPTH', 15, 1, 1000),
    maxCost: integer(env, 'MCHD_MAX_COST', 10_000, 1, 100_000_000),
    maxBodyBytes: integer(env, 'MCHD_MAX_BODY_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  };
  let auth: AuthConfig;
  try {
    auth = authConfigFromEnv({ ...env, MCHD_DATA_DIR: dataDir });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new ConfigError(/^[A-Z_]+/.exec(message)?.[0] ?? 'MCHD_JWKS_URL', message);
  }
  return {
    name,
    port,
    host,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    logLevel: level as LogLevel,
    auth,
    limits,
  };
}

/** Hides the password of a URL for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
