import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerFromAuthorization, type TokenVerifier } from '@mchd/auth';
import { Pool, type Dispatcher } from 'undici';
import type { SubgraphEndpoint } from '../config.js';

/** What the lane has done since start (for tests and metrics). */
export interface PassThroughStats {
  /** Requests answered by a subgraph straight through the lane. */
  served: number;
  /** Requests of a learned operation that went the full way after all (no caller, subgraph error status, …). */
  declined: number;
}

/** How many distinct operation texts the lane remembers before it starts over. */
const DEFAULT_MAX_OPERATIONS = 2_000;

/** Media ranges the subgraph answers the way the gateway does: one JSON result. */
const JSON_RANGE = /^\s*(application\/(graphql-response\+)?json|\*\/\*)\s*(;.*)?$/i;

/** Whether every range of an `Accept` value is a JSON one (checked range by range: no backtracking). */
function acceptsJsonOnly(accept: string): boolean {
  return accept.split(',').every((range) => JSON_RANGE.test(range));
}

interface RequestBody {
  readonly query: string;
  readonly operationName: string | undefined;
}

function readBody(body: Buffer): RequestBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { query, operationName, variables, ...rest } = parsed as Record<string, unknown>;
  // Anything else (persisted-query extensions, batches) takes the full way.
  if (Object.keys(rest).length > 0 || typeof query !== 'string') return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return null;
  }
  return { query, operationName: operationName ?? undefined };
}

/**
 * The gateway's pass-through lane: a query operation that one subgraph answers by itself, unchanged, is sent to that
 * subgraph as the client wrote it and its answer returned as is, without the gateway's GraphQL pipeline (parsing,
 * validation, planning, delegation, result merging: about 2 ms of CPU per request on the machines this was measured
 * on, against a few tens of microseconds here).
 *
 * The lane only serves what the full pipeline has already accepted: an operation text becomes eligible when the
 * pipeline has validated it (limits included, which depend on the text alone) and {@link SupergraphOwnership} found
 * one subgraph for it (see `usePassThroughLearning`). Each request still needs a verified bearer token (else it takes
 * the full way, which answers 401), and the subgraph checks the token and the organization again. Anything unusual
 * takes the full way: a browser request (`Origin`, for CORS), a non-JSON `Accept`, extensions, an unknown
 * operation text, a subgraph answer other than 200. Only queries are learned, so running one again the full way after
 * a refused answer has no side effect.
 *
 * @example
 * ```ts
 * const lane = new PassThroughLane({ subgraphs: config.subgraphs, verifier, path: '/graphql' });
 * if (!lane.mayServe(req) || !(await lane.serve(req, res, await readBody(req)))) await fullPipeline(req, res);
 * ```
 */
export class PassThroughLane {
  readonly stats: PassThroughStats = { served: 0, declined: 0 };
  private readonly routes = new Map<string, string | null>();
  private readonly pools = new Map<string, { pool: Pool; path: string }>();
  private readonly maxOperations: number;

  constructor(
    private readonly options: {
      readonly subgraphs: readonly SubgraphEndpoint[];
      readonly verifier: TokenVerifier;
      /** The gateway's GraphQL path (requests to any other path take the full way). */
      readonly path: string;
      /** Distinct operation texts remembered (default 2,000); past that the table starts over. */
      readonly maxOperations?: number;
      /** Keep-alive connections per subgraph (default 64). */
      readonly connectionsPerSubgraph?: number;
    },
  ) {
    this.maxOperations = options.maxOperations ?? DEFAULT_MAX_OPERATIONS;
    for (const subgraph of options.subgraphs) {
      const url = new URL(subgraph.url);
      this.pools.set(subgraph.name, {
        pool: new Pool(url.origin, { connections: options.connectionsPerSubgraph ?? 64, pipelining: 1 }),
        path: `${url.pathname}${url.search}`,
      });
    }
  }

  /** Whether the lane has already decided about this operation text. */
  knows(query: string, operationName: string | undefined | null): boolean {
    return this.routes.has(key(query, operationName));
  }

  /** Records the subgraph that answers this validated query operation alone, or null for "take the full way". */
  learn(query: string, operationName: string | undefined | null, subgraph: string | null): void {
    if (this.routes.size >= this.maxOperations) this.routes.clear();
    this.routes.set(key(query, operationName), subgraph && this.pools.has(subgraph) ? subgraph : null);
  }

  /**
   * Whether the lane may take this request at all, before its body is read: a POST to the GraphQL path with a JSON
   * body, JSON answers accepted, and no `Origin` (browser requests take the full way, which answers CORS).
   */
  mayServe(req: IncomingMessage): boolean {
    const accept = req.headers.accept;
    return (
      req.method === 'POST' &&
      req.url === this.options.path &&
      req.headers.origin === undefined &&
      /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '') &&
      (accept === undefined || acceptsJsonOnly(accept))
    );
  }

  /**
   * Answers a request that {@link mayServe} admitted through the lane if it can; false (nothing written) when it
   * must take the full way. `body` is the whole request body, already read within the body limit.
   */
  async serve(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
    const accept = req.headers.accept;
    const parsed = readBody(body);
    if (!parsed) return false;
    const subgraph = this.routes.get(key(parsed.query, parsed.operationName));
    const target = subgraph ? this.pools.get(subgraph) : undefined;
    if (!target) return false;
    const authorization = req.headers.authorization;
    try {
      if (!(await callerFromAuthorization(authorization, this.options.verifier))) return this.decline();
    } catch {
      return this.decline();
    }
    let answer: Dispatcher.ResponseData;
    try {
      answer = await target.pool.request({
        method: 'POST',
        path: target.path,
        headers: {
          'content-type': 'application/json',
          accept: accept ?? 'application/graphql-response+json, application/json',
          authorization: authorization as string,
        },
        body,
      });
    } catch {
      return this.decline();
    }
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      return this.decline();
    }
    let bytes: Buffer;
    try {
      bytes = asGatewayAnswer(Buffer.from(await answer.body.arrayBuffer()), subgraph as string);
    } catch {
      return this.decline();
    }
    res.writeHead(200, {
      'content-type': String(answer.headers['content-type'] ?? 'application/json; charset=utf-8'),
      'content-length': bytes.length,
    });
    res.end(bytes);
    this.stats.served += 1;
    return true;
  }

  /** Closes the connections to the subgraphs. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map(({ pool }) => pool.close()));
  }

  private decline(): false {
    this.stats.declined += 1;
    return false;
  }
}

const ERRORS = Buffer.from('"errors"');

/**
 * The subgraph's answer as the full way would give it: errors name the subgraph in `extensions.serviceName` and
 * carry no `locations` (those point into the subgraph's copy of the document). Answers without errors are returned
 * byte for byte.
 */
function asGatewayAnswer(bytes: Buffer, subgraph: string): Buffer {
  if (!bytes.includes(ERRORS)) return bytes;
  const result = JSON.parse(bytes.toString('utf8')) as { errors?: unknown };
  if (!Array.isArray(result.errors)) return bytes;
  result.errors = result.errors.map((error: Record<string, unknown>) => {
    const { locations: _locations, extensions, ...rest } = error;
    return { ...rest, extensions: { ...(extensions as Record<string, unknown> | undefined), serviceName: subgraph } };
  });
  return Buffer.from(JSON.stringify(result));
}

function key(query: string, operationName: string | undefined | null): string {
  return `${operationName ?? ''}\u0000${query}`;
}
