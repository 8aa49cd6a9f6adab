/**
 * `mchd status GUID --principal INN [--at DATETIME] [--url URL] [--token JWT] [--json]`: the status check an EDO
 * operator makes (`checkPowerOfAttorney`, ../shared/API.md), through the gateway.
 *
 * This module also holds what the four gateway commands (`register`, `status`, `revoke`, `watch`) share: their
 * common options, the bearer token, one GraphQL call over HTTP, and the mapping of answers to exit codes.
 */
import { issueDevelopmentToken, type Role } from '@mchd/auth';
import { checkInn } from '@mchd/identifiers';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';

/** The gateway's GraphQL endpoint when `--url` is not given. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

/** Error codes that mean "the input is invalid" (exit 1); every other GraphQL error is a system error (exit 2). */
const INPUT_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'INVALID_IDENTIFIER',
  'INPUT_TOO_LARGE',
  'NOT_FOUND',
  'FORBIDDEN',
  'SIGNATURE_MALFORMED',
  'SIGNATURE_INVALID',
  'SIGNER_NOT_AUTHORIZED',
  'CERTIFICATE_NOT_VALID_AT_SIGNING',
  'PARENT_NOT_ACTIVE',
  'REDELEGATION_NOT_ALLOWED',
  'VALIDITY_EXCEEDS_PARENT',
  'POWERS_EXCEED_PARENT',
  'IRREVOCABLE',
]);

/** Whether a GraphQL error code means the caller's input (document, signature, identifiers, rights) is invalid. */
export function isInputErrorCode(code: string | undefined): boolean {
  return code !== undefined && (INPUT_ERROR_CODES.has(code) || /^(MCHD_|REVOCATION_)/.test(code));
}

/** Options every gateway command takes. */
export interface GatewayOptions {
  /** The gateway's GraphQL URL (HTTP; `watch` derives the WebSocket URL from it). */
  readonly url: string;
  /** `--token`, else `MCHD_TOKEN`; absent: a development token is issued from the data directory's key. */
  readonly token?: string;
  /** Data directory holding the development key (`--data-dir`, else `MCHD_DATA_DIR`, else `./data`). */
  readonly dataDir: string;
  readonly json: boolean;
}

/** The command line split into gateway options, the command's own options and its positional arguments. */
export interface ParsedCommandLine {
  readonly gateway: GatewayOptions;
  readonly options: Readonly<Record<string, string | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses `args` for a gateway command: `--url`, `--token`, `--data-dir`, `--json`, and the value options named in
 * `valueOptions`. Unknown options and missing values are a {@link UsageError}.
 *
 * @example
 * ```ts
 * const { gateway, options, positionals } = parseGatewayCommandLine(args, io, ['principal', 'at']);
 * ```
 */
export function parseGatewayCommandLine(
  args: readonly string[],
  io: CommandIo,
  valueOptions: readonly string[],
): ParsedCommandLine {
  const values: Record<string, string | undefined> = {};
  const positionals: string[] = [];
  let json = false;
  const known = new Set(['url', 'token', 'data-dir', ...valueOptions]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') {
      json = true;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
      const value = eq < 0 ? args[++i] : a.slice(eq + 1);
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      values[name] = value;
      continue;
    }
    positionals.push(a);
  }
  const url = values['url'] ?? io.env['MCHD_GATEWAY_URL'] ?? DEFAULT_GATEWAY_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new UsageError(`--url must be an http(s) URL, not "${url}"`);
  }
  const token = values['token'] ?? io.env['MCHD_TOKEN'];
  return {
    gateway: {
      url,
      ...(token ? { token } : {}),
      dataDir: values['data-dir'] ?? io.env['MCHD_DATA_DIR'] ?? './data',
      json,
    },
    options: values,
    positionals,
  };
}

/** Validates an INN option value (10 or 12 digits with a valid checksum). */
export function innOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problem = checkInn(value);
  if (problem !== null) throw new UsageError(`--${name} "${value}" is not a valid INN`);
  return value;
}

/** Validates a GUID argument. */
export function guidArgument(value: string | undefined, usage: string): string {
  if (value === undefined) throw new UsageError(usage);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    throw new UsageError(`"${value}" is not a GUID`);
  }
  return value.toLowerCase();
}

/** Parses an RFC 3339 date-time option. */
export function dateTimeOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--${name}: not a date-time: ${value}`);
  return d.toISOString();
}

/**
 * The bearer token for a call: `--token` / `MCHD_TOKEN` when given, else a development token signed with the data
 * directory's key, carrying `role` for `orgs`.
 *
 * @example
 * ```ts
 * const token = await bearerToken(gateway, 'operator', []);
 * ```
 */
export async function bearerToken(gateway: GatewayOptions, role: Role, orgs: readonly string[]): Promise<string> {
  if (gateway.token) return gateway.token;
  return issueDevelopmentToken({ dataDir: gateway.dataDir }, { roles: [role], orgs: [...orgs], ttlSeconds: 3600 });
}

/** One GraphQL error as the gateway reports it. */
export interface GatewayError {
  readonly message: string;
  readonly code?: string;
  readonly path?: string;
}

/** A GraphQL answer: data and/or errors (with `extensions.code` and, for documents, `extensions.path`). */
export interface GatewayAnswer<T> {
  readonly data: T | null;
  readonly errors: readonly GatewayError[];
}

/** The gateway could not be reached or did not answer GraphQL (exit 2). */
export class GatewayUnavailableError extends Error {
  readonly code = 'GATEWAY_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayUnavailableError';
  }
}

/**
 * Sends one GraphQL operation to the gateway over HTTP and returns its data and coded errors.
 * Throws {@link GatewayUnavailableError} when nothing GraphQL comes back (connection refused, not JSON, timeout).
 *
 * @example
 * ```ts
 * const answer = await callGateway(url, token, '{ __typename }', {});
 * ```
 */
export async function callGateway<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 60_000,
): Promise<GatewayAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    throw new GatewayUnavailableError(`cannot reach the gateway at ${url}${cause}`, { cause: e });
  }
  let body: { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  try {
    body = (await res.json()) as typeof body;
  } catch (e) {
    throw new GatewayUnavailableError(`the gateway at ${url} answered HTTP ${res.status} without GraphQL`, {
      cause: e,
    });
  }
  const errors = (body.errors ?? []).map((e): GatewayError => {
    const code = e.extensions?.['code'];
    const path = e.extensions?.['path'];
    return {
      message: e.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof path === 'string' ? { path } : {}),
    };
  });
  return { data: body.data ?? null, errors };
}

/**
 * Reports the errors of an answer (JSON or text) and returns the exit code: 1 when every error is about the input,
 * 2 otherwise (authentication, gateway or system problems).
 */
export function reportErrors(io: CommandIo, json: boolean, errors: readonly GatewayError[]): number {
  if (json) io.stdout(`${JSON.stringify({ ok: false, errors }, null, 2)}\n`);
  else for (const e of errors) io.stderr(`${e.code ?? 'ERROR'}${e.path ? ` at ${e.path}` : ''}: ${e.message}\n`);
  return errors.every((e) => isInputErrorCode(e.code)) ? ExitCode.INVALID : ExitCode.USAGE;
}

/** The answer of `checkPowerOfAttorney`. */
interface PowerOfAttorneyCheck {
  readonly guid?: string;
  readonly status: string;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  readonly checkedAt: string;
}

const CHECK_QUERY = `query MchdStatus($guid: GUID!, $principalInn: String!, $at: DateTime) {
  checkPowerOfAttorney(guid: $guid, principalInn: $principalInn, at: $at) {
    status validFrom validUntil revokedAt revocationReason checkedAt
  }
}`;

const USAGE = 'usage: mchd status GUID --principal INN [--at DATETIME] [--url URL] [--token JWT] [--json]';

/**
 * Runs `mchd status`. Exit 0 when the MCHD is ACTIVE (at `--at`, default now), 1 when it is not (NOT_FOUND,
 * NOT_YET_VALID, EXPIRED, REVOKED, PARENT_INVALID) or the input is invalid, 2 on usage or system errors. Without
 * `--token`/`MCHD_TOKEN` it uses a development `operator` token.
 *
 * @example
 * ```sh
 * npx mchd status 1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b --principal 7707083893 --json
 * ```
 */
export const run: CommandRun = async (args: string[], io: CommandIo): Promise<number> => {
  const { gateway, options, positionals } = parseGatewayCommandLine(args, io, ['principal', 'at']);
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}\n${USAGE}`);
  const guid = guidArgument(positionals[0], USAGE);
  const principalInn = innOption('principal', options['principal']);
  if (!principalInn) throw new UsageError(`--principal INN is required\n${USAGE}`);
  const at = dateTimeOption('at', options['at']);
  const token = await bearerToken(gateway, 'operator', []);
  const answer = await callGateway<{ checkPowerOfAttorney: PowerOfAttorneyCheck | null }>(
    gateway.url,
    token,
    CHECK_QUERY,
    {
      guid,
      principalInn,
      ...(at ? { at } : {}),
    },
  );
  const check = answer.data?.checkPowerOfAttorney;
  if (answer.errors.length > 0 || !check) return reportErrors(io, gateway.json, answer.errors);
  if (gateway.json) {
    io.stdout(`${JSON.stringify({ guid, principalInn, ...check }, null, 2)}\n`);
  } else {
    io.stdout(
      [
        `${check.status}: ${guid}`,
        `  principal:    ${principalInn}`,
        `  valid:        ${check.validFrom ?? '-'} … ${check.validUntil ?? '-'}`,
        ...(check.revokedAt ? [`  revoked at:   ${check.revokedAt} (${check.revocationReason ?? 'no reason'})`] : []),
        `  checked at:   ${check.checkedAt}`,
        '',
      ].join('\n'),
    );
  }
  return check.status === 'ACTIVE' ? ExitCode.OK : ExitCode.INVALID;
};
