import { authConfigFromEnv, type AuthConfig } from '@mchd/auth';

/** A subgraph the gateway composes: its name in the supergraph and its GraphQL URL (HTTP and WebSocket). */
export interface SubgraphEndpoint {
  readonly name: string;
  readonly url: string;
}

/** Everything the gateway needs, parsed and checked at start. */
export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly subgraphs: readonly SubgraphEndpoint[];
  readonly auth: AuthConfig;
  readonly limits: GatewayLimits;
  readonly logLevel: string;
  /**
   * Whether query operations that one subgraph answers alone are passed straight to it once the full pipeline has
   * accepted their text (`MCHD_GATEWAY_PASS_THROUGH`, default on; `off` sends everything the full way).
   */
  readonly passThrough: boolean;
}

/** Limits that protect the gateway and everything behind it. */
export interface GatewayLimits {
  /** Largest request body in bytes (HTTP 413, `INPUT_TOO_LARGE` beyond). */
  readonly maxBodyBytes: number;
  /** Deepest selection set. */
  readonly maxDepth: number;
  /** Highest estimated cost (graphql-armor's cost model: objects 2, scalars 1, depth factor 1.5). */
  readonly maxCost: number;
  /** Most aliases in one operation. */
  readonly maxAliases: number;
  /** Most tokens in one document. */
  readonly maxTokens: number;
}

/** A configuration variable has a bad value; the message names it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Default subgraph ports (the supervisor uses them too). */
export const DEFAULT_PORTS = { gateway: 4000, person: 4001, certificate: 4002, 'power-of-attorney': 4003 } as const;

const SUBGRAPH_VARIABLES = [
  ['person', 'MCHD_PERSON_URL'],
  ['certificate', 'MCHD_CERTIFICATE_URL'],
  ['power-of-attorney', 'MCHD_POWER_OF_ATTORNEY_URL'],
] as const;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw;
}

/**
 * Reads the gateway's configuration from environment variables, with a {@link ConfigError} naming the first bad
 * one. Variables: `MCHD_GATEWAY_PORT` (4000), `MCHD_GATEWAY_HOST` (127.0.0.1), `MCHD_PERSON_URL`,
 * `MCHD_CERTIFICATE_URL`, `MCHD_POWER_OF_ATTORNEY_URL` (the local subgraphs on ports 4001–4003),
 * `MCHD_MAX_BODY_BYTES` (4 MiB), `MCHD_MAX_DEPTH` (12), `MCHD_MAX_COST` (5000), `MCHD_MAX_ALIASES` (30),
 * `MCHD_MAX_TOKENS` (5000), `MCHD_GATEWAY_PASS_THROUGH` (on), `LOG_LEVEL` (info), and the auth variables of `@mchd/auth`.
 *
 * @example
 * ```ts
 * const config = gatewayConfigFromEnv(process.env);
 * ```
 */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv): GatewayConfig {
  const host = env['MCHD_GATEWAY_HOST'] || '127.0.0.1';
  return {
    host,
    port: integer(env, 'MCHD_GATEWAY_PORT', DEFAULT_PORTS.gateway, 0, 65535),
    subgraphs: SUBGRAPH_VARIABLES.map(([name, variable]) => ({
      name,
      url: url(env, variable, `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`),
    })),
    auth: authConfigFromEnv(env),
    limits: {
      maxBodyBytes: integer(env, 'MCHD_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxDepth: integer(env, 'MCHD_MAX_DEPTH', 12, 2, 100),
      maxCost: integer(env, 'MCHD_MAX_COST', 5000, 10, 10_000_000),
      maxAliases: integer(env, 'MCHD_MAX_ALIASES', 30, 1, 10_000),
      maxTokens: integer(env, 'MCHD_MAX_TOKENS', 5000, 100, 1_000_000),
    },
    logLevel: env['LOG_LEVEL'] || 'info',
    passThrough: onOff(env, 'MCHD_GATEWAY_PASS_THROUGH', true),
  };
}
