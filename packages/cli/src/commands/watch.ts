/**
 * `mchd watch [--principal INN] [--representative INN] [--guid GUID] [--type TYPE,…] [--after CURSOR] [--count N]
 * [--retries N] [--url URL] [--token JWT]`: follows `Subscription.powerOfAttorneyEvents` (../shared/API.md) over
 * graphql-ws and prints one JSON line per event. When the connection drops it reconnects with the last cursor it
 * printed, so no event is lost or printed twice; `--after CURSOR` resumes an earlier run.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';
import {
  bearerToken,
  guidArgument,
  innOption,
  isInputErrorCode,
  parseGatewayCommandLine,
  type GatewayError,
} from './status.js';

const USAGE =
  'usage: mchd watch [--principal INN] [--representative INN] [--guid GUID] [--type TYPE,…] [--after CURSOR] [--count N] [--url URL] [--token JWT]';

/** Event types of `powerOfAttorneyEvents`. */
export const EVENT_TYPES = ['REGISTERED', 'REVOKED', 'EXPIRED', 'PARENT_INVALIDATED'] as const;

const EVENTS_SUBSCRIPTION = `subscription MchdWatch($filter: PowerOfAttorneyEventFilter, $after: String) {
  powerOfAttorneyEvents(filter: $filter, after: $after) { cursor type guid at transactionId }
}`;

/** One event line as `watch` prints it. */
export interface WatchedEvent {
  readonly cursor: string;
  readonly type: string;
  readonly guid: string;
  readonly at: string;
  readonly transactionId: string | null;
}

/** The WebSocket URL of the gateway's GraphQL endpoint (same path, ws/wss scheme). */
export function webSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

type Outcome =
  | { kind: 'done' }
  | { kind: 'graphql-errors'; errors: GatewayError[] }
  | { kind: 'connection-lost'; message: string };

/** One subscription on one connection, until it completes, fails or `stop` is called. */
function subscribeOnce(
  client: Client,
  variables: Record<string, unknown>,
  onEvent: (e: WatchedEvent) => boolean,
  stopSignal: Promise<void>,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const finish = (o: Outcome) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      resolve(o);
    };
    const unsubscribe = client.subscribe<{ powerOfAttorneyEvents: WatchedEvent }>(
      { query: EVENTS_SUBSCRIPTION, variables },
      {
        next: (value) => {
          if (value.errors?.length) {
            finish({
              kind: 'graphql-errors',
              errors: value.errors.map((e) => {
                const code = e.extensions?.['code'];
                return { message: e.message, ...(typeof code === 'string' ? { code } : {}) };
              }),
            });
            return;
          }
          const event = value.data?.powerOfAttorneyEvents;
          if (event && !onEvent(event)) finish({ kind: 'done' });
        },
        error: (e: unknown) => {
          if (Array.isArray(e)) {
            finish({
              kind: 'graphql-errors',
              errors: (e as Array<{ message: string; extensions?: Record<string, unknown> }>).map((x) => {
                const code = x.extensions?.['code'];
                return { message: x.message, ...(typeof code === 'string' ? { code } : {}) };
              }),
            });
            return;
          }
          const closed = e as { code?: number; reason?: string; message?: string };
          if (closed.code === 4401 || closed.code === 4403) {
            finish({
              kind: 'graphql-errors',
              errors: [
                { message: closed.reason || 'refused', code: closed.code === 4401 ? 'UNAUTHENTICATED' : 'FORBIDDEN' },
              ],
            });
            return;
          }
          finish({
            kind: 'connection-lost',
            message: closed.reason || closed.message || (closed.code ? `closed with code ${closed.code}` : String(e)),
          });
        },
        complete: () => finish({ kind: 'done' }),
      },
    );
    void stopSignal.then(() => finish({ kind: 'done' }));
  });
}

/**
 * Runs `mchd watch`. Prints `{"cursor","type","guid","at","transactionId"}` per line. Exit 0 when `--count` events
 * were printed, the server ended the stream or the user pressed Ctrl-C; 1 when the gateway refuses the filter; 2
 * when the gateway stays unreachable after `--retries` reconnection attempts (default 5). Without
 * `--token`/`MCHD_TOKEN` it uses a development `operator` token.
 *
 * @example
 * ```sh
 * npx mchd watch --principal 7707083893 --type REVOKED,PARENT_INVALIDATED
 * ```
 */
export const run: CommandRun = async (args: string[], io: CommandIo): Promise<number> => {
  const { gateway, options, positionals } = parseGatewayCommandLine(args, io, [
    'principal',
    'representative',
    'guid',
    'type',
    'after',
    'count',
    'retries',
  ]);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}\n${USAGE}`);
  const principalInn = innOption('principal', options['principal']);
  const representativeInn = innOption('representative', options['representative']);
  const guid = options['guid'] === undefined ? undefined : guidArgument(options['guid'], USAGE);
  const types = options['type']?.split(',').map((t) => t.trim().toUpperCase());
  const badType = types?.find((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (badType !== undefined) throw new UsageError(`--type "${badType}" is not one of ${EVENT_TYPES.join(', ')}`);
  const count = positiveInteger('count', options['count'], 0);
  const retries = positiveInteger('retries', options['retries'], 5);
  const filter = {
    ...(guid ? { guid } : {}),
    ...(principalInn ? { principalInn } : {}),
    ...(representativeInn ? { representativeInn } : {}),
    ...(types ? { types } : {}),
  };
  const token = await bearerToken(gateway, 'operator', []);
  let after = options['after'];
  let printed = 0;
  let stopRequested = false;
  let requestStop: () => void = () => undefined;
  const stopSignal = new Promise<void>((r) => (requestStop = r));
  const onSigint = () => {
    stopRequested = true;
    requestStop();
  };
  if (io.env['MCHD_WATCH_NO_SIGNALS'] !== '1') process.once('SIGINT', onSigint);
  try {
    // Bounded: at most `retries` failed connections in a row; each printed event resets the count.
    let failures = 0;
    for (;;) {
      const client = createClient({
        url: webSocketUrl(gateway.url),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: true,
      });
      const outcome = await subscribeOnce(
        client,
        { filter, ...(after ? { after } : {}) },
        (event) => {
          after = event.cursor;
          failures = 0;
          const line: WatchedEvent = {
            cursor: event.cursor,
            type: event.type,
            guid: event.guid,
            at: event.at,
            transactionId: event.transactionId ?? null,
          };
          io.stdout(`${JSON.stringify(line)}\n`);
          printed++;
          return count === 0 || printed < count;
        },
        stopSignal,
      );
      await client.dispose();
      if (outcome.kind === 'done') return ExitCode.OK;
      if (outcome.kind === 'graphql-errors') {
        for (const e of outcome.errors) io.stderr(`${e.code ?? 'ERROR'}: ${e.message}\n`);
        return outcome.errors.every((e) => isInputErrorCode(e.code)) ? ExitCode.INVALID : ExitCode.USAGE;
      }
      failures++;
      if (stopRequested) return ExitCode.OK;
      if (failures > retries) {
        io.stderr(`mchd watch: connection to ${gateway.url} lost: ${outcome.message}\n`);
        return ExitCode.USAGE;
      }
      io.stderr(`mchd watch: connection lost (${outcome.message}); reconnecting after ${after ?? 'the start'}\n`);
      await Promise.race([new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** failures))), stopSignal]);
      if (stopRequested) return ExitCode.OK;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
};
