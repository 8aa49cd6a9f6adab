import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { createGatewayRuntime, getGraphQLWSOptions, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createTokenVerifier } from '@mchd/auth';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { composeSupergraph, fetchSubgraphSdls } from './compose.js';
import type { GatewayConfig } from './config.js';
import { PassThroughLane, type PassThroughStats } from './pass-through/pass-through-lane.js';
import { SupergraphOwnership } from './pass-through/supergraph-ownership.js';
import { useAuthentication } from './plugins/use-authentication.js';
import { usePassThroughLearning } from './plugins/use-pass-through-learning.js';
import { useSubscriptionSharing } from './plugins/use-subscription-sharing.js';
import { useQueryLimits } from './plugins/use-query-limits.js';
import { limitRequestBody } from './request-body-limit.js';

/** A running gateway. */
export interface RunningGateway {
  /** The GraphQL endpoint over HTTP, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
  /** The same endpoint for graphql-ws. */
  readonly wsUrl: string;
  readonly supergraphSdl: string;
  /** What the pass-through lane has served (all zero when it is off). */
  readonly passThrough: Readonly<PassThroughStats>;
  /** Stops accepting, closes WebSocket clients, drains and disposes the runtime. */
  stop(): Promise<void>;
}

/** The path of the GraphQL endpoint (HTTP and WebSocket). */
export const GRAPHQL_PATH = '/graphql';

/**
 * Composes the supergraph from the running subgraphs' SDL and serves it over HTTP and graphql-ws on one port and
 * path, with authentication, query limits, the request body limit and GraphiQL (bundled, works offline).
 *
 * @example
 * ```ts
 * const gateway = await startGateway(gatewayConfigFromEnv(process.env));
 * console.log(gateway.url);
 * ```
 */
export async function startGateway(
  config: GatewayConfig,
  options: { sdlTimeoutMs?: number } = {},
): Promise<RunningGateway> {
  const supergraphSdl = composeSupergraph(
    await fetchSubgraphSdls(config.subgraphs, { timeoutMs: options.sdlTimeoutMs }),
  );
  const verifier = await createTokenVerifier(config.auth);
  const lane = config.passThrough
    ? new PassThroughLane({ subgraphs: config.subgraphs, verifier, path: GRAPHQL_PATH })
    : undefined;
  // Built once: the runtime may call its plugin factory more than once.
  const learning = lane
    ? usePassThroughLearning(lane, SupergraphOwnership.fromSupergraphSdl(supergraphSdl))
    : undefined;
  const sharing = useSubscriptionSharing();
  const runtime: GatewayRuntime = createGatewayRuntime({
    supergraph: supergraphSdl,
    transports: { http: httpTransport, ws: wsTransport },
    transportEntries: {
      '*.http': {
        headers: [['authorization', '{context.authorization}']],
        options: {
          subscriptions: {
            kind: 'ws',
            options: { connectionParams: { authorization: '{context.authorization}' } },
          },
        },
      },
    },
    plugins: () => [
      useAuthentication(verifier),
      ...useQueryLimits(config.limits),
      sharing,
      ...(learning ? [learning] : []),
    ],
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: { title: 'MCHD registry', subscriptionsProtocol: 'WS' },
    renderGraphiQL,
    landingPage: false,
    logging: config.logLevel === 'silent' ? false : (config.logLevel as 'info'),
    healthCheckEndpoint: '/healthz',
    readinessCheckEndpoint: '/readyz',
  });

  // Load the unified graph now: the runtime otherwise loads it on the first request, and requests arriving
  // together before it is ready fail ("Expected null to be a GraphQL schema").
  await runtime.getSchema();

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      let body = await limitRequestBody(req, res, config.limits.maxBodyBytes);
      if (body === null) return;
      if (body === undefined) {
        // A body of declared length within the limit: read it for the lane when the lane may take it.
        if (!lane?.mayServe(req)) {
          await runtime.requestListener(req, res);
          return;
        }
        body = await readWhole(req);
      }
      if (lane?.mayServe(req) && (await lane.serve(req, res, body))) return;
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const response = await runtime.fetch(url, { method: req.method, headers, body });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      }
      res.end();
    } catch (e) {
      process.stderr.write(`gateway: request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'internal error', extensions: { code: 'INTERNAL' } }] }));
      } else res.destroy();
    }
  }

  const wsServer = new WebSocketServer({ server, path: GRAPHQL_PATH, maxPayload: config.limits.maxBodyBytes });
  const wsDisposable = useServer(
    getGraphQLWSOptions(runtime, () => ({})),
    wsServer,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}${GRAPHQL_PATH}`;

  return {
    url: `http://${base}`,
    wsUrl: `ws://${base}`,
    supergraphSdl,
    passThrough: lane?.stats ?? { served: 0, declined: 0 },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await wsDisposable.dispose();
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await runtime.dispose();
      await lane?.close();
    },
  };
}

async function readWhole(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
