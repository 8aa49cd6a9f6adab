// Two small but real federation subgraphs (Apollo Server 5 + @apollo/subgraph + graphql-ws) for the gateway's
// own tests; the project's subgraphs are tested through the gateway in tests/.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { GraphQLError, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

export interface TinySubgraph {
  readonly name: string;
  readonly url: string;
  /** Authorization values the subgraph received, in order. */
  readonly seenAuthorization: string[];
  publish(n: number): void;
  /** Subscriptions open on this subgraph right now. */
  openSubscriptions(): number;
  stop(): Promise<void>;
}

interface Ctx {
  authorization?: string;
}

export async function startTinySubgraph(name: 'alpha' | 'beta'): Promise<TinySubgraph> {
  const seen: string[] = [];
  const listeners = new Set<(n: number) => void>();
  const typeDefs =
    name === 'alpha'
      ? parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
        type Thing @key(fields: "id") { id: ID! name: String! }
        type Query { thing(id: ID!): Thing  things(n: Int!): [Thing!]!  refused(why: String!): Thing }
        type Subscription { ticks(count: Int!): Thing! }
      `)
      : parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
        type Thing @key(fields: "id") { id: ID! seenBy: String! child: Thing }
      `);
  const resolvers =
    name === 'alpha'
      ? {
          Query: {
            thing: (_: unknown, { id }: { id: string }) => ({ id, name: `thing ${id}` }),
            things: (_: unknown, { n }: { n: number }) =>
              Array.from({ length: n }, (_x, i) => ({ id: String(i), name: `thing ${i}` })),
            refused: (_: unknown, { why }: { why: string }) => {
              throw new GraphQLError(why, { extensions: { code: 'FORBIDDEN' } });
            },
          },
          Thing: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `thing ${ref.id}` }) },
          Subscription: {
            ticks: {
              // A plain iterator, not an async generator: a generator's return() would wait for the next tick, and
              // the tests watch subscriptions end as soon as the gateway ends them.
              subscribe: (_: unknown, { count }: { count: number }) => {
                const queue: number[] = [];
                let wake: (() => void) | undefined;
                let sent = 0;
                let ended = false;
                const listener = (n: number): void => {
                  queue.push(n);
                  wake?.();
                };
                listeners.add(listener);
                const end = () => {
                  ended = true;
                  listeners.delete(listener);
                  wake?.();
                  return Promise.resolve({ value: undefined, done: true as const });
                };
                const iterator = {
                  async next() {
                    while (!ended && sent < count && queue.length === 0) await new Promise<void>((r) => (wake = r));
                    if (ended || sent >= count) return end();
                    sent += 1;
                    const n = queue.shift() as number;
                    if (sent === count) listeners.delete(listener);
                    return { value: { ticks: { id: String(n), name: `tick ${n}` } }, done: false };
                  },
                  return: end,
                  [Symbol.asyncIterator]: () => iterator,
                };
                return iterator;
              },
            },
          },
        }
      : {
          Thing: {
            __resolveReference: (ref: { id: string }, ctx: Ctx) => ({ id: ref.id, seenBy: ctx.authorization ?? '' }),
            child: (thing: { id: string }) => ({ id: `${thing.id}.c` }),
          },
        };
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
  const app = express();
  const httpServer = createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer(
    {
      schema,
      context: (ctx) => {
        const a = ctx.connectionParams?.['authorization'];
        if (typeof a === 'string') seen.push(a);
        return { authorization: typeof a === 'string' ? a : undefined };
      },
    },
    wsServer,
  );
  const apollo = new ApolloServer<Ctx>({ schema });
  await apollo.start();
  app.use(
    '/graphql',
    express.json(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const a = req.headers.authorization;
        if (a) seen.push(a);
        return { authorization: a };
      },
    }),
  );
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  const { port } = httpServer.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    seenAuthorization: seen,
    publish: (n) => listeners.forEach((l) => l(n)),
    openSubscriptions: () => listeners.size,
    async stop() {
      await wsCleanup.dispose();
      wsServer.close();
      await apollo.stop();
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}
