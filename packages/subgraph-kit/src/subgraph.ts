import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  callerFromAuthorization,
  createTokenVerifier,
  hasRole,
  UnauthenticatedError,
  type Caller,
  type TokenVerifier,
} from '@mchd/auth';
import type { EntitySchema, MikroORM } from '@mikro-orm/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, createResolversMap, type NonEmptyArray, type PubSub } from 'type-graphql';
import { WebSocketServer } from 'ws';
import type { SubgraphConfig } from './config.js';
import { RequestContext, roleAuthChecker, type SubgraphContext } from './context.js';
import { formatSubgraphError } from './errors.js';
import { graphQLHttpHandler, isGraphQLUrl } from './http-graphql.js';
import { assertCost, assertDepth, depthLimitRule } from './limits.js';
import { createLogger, type Logger } from './logger.js';
import { databaseReady, openDatabase, type NamedMigration } from './orm.js';
import { kitMigrations, FeedCursorSchema, Outbox, OutboxEventSchema, parseFeedCursor, type Clock } from './outbox.js';
import { DateTimeScalar } from './scalars.js';

/** The Federation 2 `@link` every subgraph schema starts with. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable", ' +
  '"@external", "@requires", "@provides", "@inaccessible", "@tag", "@interfaceObject"])';

/** `__resolveReference` of an entity type: turns a representation into the object or null. */
export type ReferenceResolver<C> = (reference: Record<string, unknown>, context: C) => unknown;

/** Everything {@link createSubgraph} needs to know about one subgraph. */
export interface SubgraphDefinition<X extends object = object> {
  readonly name: string;
  /** type-graphql resolver classes. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: NonEmptyArray<Function>;
  /** Types not reachable from a resolver (entity stubs, event payload types). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name. */
  readonly referenceResolvers?: Readonly<Record<string, ReferenceResolver<SubgraphContext & X>>>;
  /** MikroORM entity schemas (the kit adds its outbox tables). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly entities: readonly EntitySchema<any>[];
  /** The subgraph's migrations, applied in order after the kit's at start. */
  readonly migrations: readonly NamedMigration[];
  /** Adds subgraph-specific members (services) to each request's context. */
  readonly context?: (base: SubgraphContext) => X;
  readonly config: SubgraphConfig;
  /** Time source for outbox events (default: the system clock). */
  readonly clock?: Clock;
  /** Runs after the database is open and before the server listens (e.g. start feed consumers). */
  readonly onStart?: (running: RunningSubgraphParts) => Promise<void> | void;
  /** Runs once the server listens (e.g. begin background work that should not delay start-up). */
  readonly onListening?: () => void;
  /** Called with every SQL statement the subgraph runs (for tests that count queries). */
  readonly onQuery?: (sql: string) => void;
  /** Runs at stop before the database closes. */
  readonly onStop?: () => Promise<void> | void;
  /**
   * Adds plain HTTP routes beside `/graphql` (e.g. a CRL download). They get no authentication from the kit:
   * each route decides what it needs.
   */
  readonly routes?: (app: express.Express) => void;
}

/** What `onStart` hooks get. */
export interface RunningSubgraphParts {
  readonly orm: MikroORM;
  readonly outbox: Outbox;
  readonly logger: Logger;
  readonly schema: GraphQLSchema;
}

/** A subgraph built by {@link createSubgraph}; nothing runs until `start()`. */
export interface Subgraph {
  readonly name: string;
  readonly config: SubgraphConfig;
  readonly logger: Logger;
  /** Opens the database, applies migrations, builds the schema and listens; resolves with the GraphQL URL. */
  start(): Promise<{ url: string; port: number }>;
  /** Stops accepting, closes WebSocket clients, drains in-flight requests, closes the database. Idempotent. */
  stop(): Promise<void>;
  /** The ORM (after `start`). */
  readonly orm: MikroORM;
  /** The federated schema (after `start`). */
  readonly schema: GraphQLSchema;
  readonly outbox: Outbox;
  /** The subgraph SDL as the gateway sees it through `_service { sdl }` (after `start`). */
  readonly sdl: string;
}

/**
 * Builds the schema of a type-graphql subgraph as Federation 2: type-graphql with `skipCheck`, printed with
 * its directives, then `buildSubgraphSchema` with the type-graphql resolvers plus `__resolveReference`s.
 *
 * @example
 * ```ts
 * const { schema, sdl } = await buildFederatedSchema({ resolvers: [PersonResolver] });
 * ```
 */
export async function buildFederatedSchema<C>(options: {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  referenceResolvers?: Readonly<Record<string, ReferenceResolver<C>>>;
  /** In-process pub/sub for `@Subscription({ topics })` (default: a new one). */
  pubSub?: PubSub;
}): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    ...(options.orphanedTypes ? { orphanedTypes: options.orphanedTypes } : {}),
    skipCheck: true,
    validate: false,
    authChecker: roleAuthChecker,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    pubSub: options.pubSub ?? (createPubSub() as PubSub),
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolve] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = {
      ...(resolvers[typeName] ?? {}),
      __resolveReference: ((ref: Record<string, unknown>, ctx: C) => resolve(ref, ctx)) as GraphQLFieldResolver<
        unknown,
        C
      >,
    };
  }
  const schema = buildSubgraphSchema({
    typeDefs: parse(sdl),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- @apollo/subgraph's resolver map type
    resolvers: resolvers as any,
  });
  return { schema, sdl };
}

/** The context of an operation whose bearer token was refused. */
function unauthenticated(e: unknown): GraphQLError {
  return new GraphQLError(e instanceof Error ? e.message : 'invalid bearer token', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/**
 * Creates a subgraph service: Apollo Server 5 at `/graphql` (served straight from `node:http`, the kit reading the
 * JSON body itself), graphql-ws on the same port and path, and through express 5 `GET /healthz`, `GET /readyz`,
 * the outbox feed `GET /events?after=<cursor>&limit=<n>[&types=A,B]` (roles `service` or `auditor`) and the
 * `routes` hook; MikroORM with migrations, bearer-token authentication into `caller`, depth/cost/body-size limits
 * and one error mapping.
 *
 * @example
 * ```ts
 * const subgraph = createSubgraph({ name: 'person', resolvers: [PersonResolver], entities, migrations, config });
 * const { url } = await subgraph.start();
 * await subgraph.stop();
 * ```
 */
export function createSubgraph<X extends object = object>(definition: SubgraphDefinition<X>): Subgraph {
  const { config } = definition;
  const logger = createLogger(config.name, config.logLevel);
  let orm: MikroORM | undefined;
  let outbox: Outbox | undefined;
  let schema: GraphQLSchema | undefined;
  let sdl: string | undefined;
  let stopping: Promise<void> | undefined;
  let closeAll: (() => Promise<void>) | undefined;

  /**
   * The context of one operation: a {@link RequestContext} (its `em` fork and DataLoaders made on first use) with
   * the subgraph's own members. A subgraph's `context` function that reads `base.em` forks at once; one that only
   * captures `base` (and reads `base.em` when a resolver needs it) keeps the fork lazy.
   */
  async function contextFor(caller: Caller | null): Promise<SubgraphContext & X> {
    if (!orm || !outbox) throw new Error('subgraph not started');
    const context = new RequestContext(caller, orm, outbox, logger);
    return definition.context ? context.extend(definition.context(context)) : (context as RequestContext & X);
  }

  async function start(): Promise<{ url: string; port: number }> {
    if (orm) throw new Error(`subgraph ${config.name} already started`);
    try {
      return await startInner();
    } catch (e) {
      await (orm as MikroORM | undefined)?.close(true).catch(() => undefined);
      orm = undefined;
      throw e;
    }
  }

  async function startInner(): Promise<{ url: string; port: number }> {
    const verifier: TokenVerifier = await createTokenVerifier(config.auth);
    orm = await openDatabase({
      name: config.name,
      dataDir: config.dataDir,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      ...(config.databaseSchema ? { databaseSchema: config.databaseSchema } : {}),
      entities: [OutboxEventSchema, FeedCursorSchema, ...definition.entities],
      migrations: [...kitMigrations, ...definition.migrations],
      logger,
      ...(definition.onQuery ? { onQuery: definition.onQuery } : {}),
    });
    const theOrm = orm;
    outbox = new Outbox(orm, definition.clock);
    const theOutbox = outbox;
    ({ schema, sdl } = await buildFederatedSchema({
      resolvers: definition.resolvers,
      ...(definition.orphanedTypes ? { orphanedTypes: definition.orphanedTypes } : {}),
      ...(definition.referenceResolvers ? { referenceResolvers: definition.referenceResolvers } : {}),
    }));
    const theSchema = schema;
    await definition.onStart?.({ orm, outbox, logger, schema });

    const app = express();
    app.disable('x-powered-by');
    // `/graphql` is served straight from the HTTP server (no router, body-parser or negotiation per request);
    // everything else goes through express. Requests arrive once listening, after `serveGraphQL` is made below.
    const httpServer = http.createServer((req, res) => {
      if (isGraphQLUrl(req.url)) serveGraphQL(req, res);
      else app(req, res);
    });
    const limits = config.limits;
    const internal = (e: unknown): void => logger.error({ err: e }, 'internal error');
    const costPlugin: ApolloServerPlugin = {
      async requestDidStart() {
        return {
          async didResolveOperation({ document, request }) {
            try {
              assertDepth(theSchema, document, limits.maxDepth);
              assertCost(theSchema, document, request.operationName, request.variables, limits.maxCost);
            } catch (e) {
              const code = e instanceof GraphQLError ? e.extensions['code'] : undefined;
              if (code === 'QUERY_TOO_DEEP' || code === 'QUERY_TOO_COMPLEX') {
                const error = e as GraphQLError;
                throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
              }
              // A variable the operation cannot take fails the cost estimate too: leave it to Apollo's variable
              // coercion, which refuses it with BAD_USER_INPUT (400) before anything runs.
              if (e instanceof GraphQLError) return;
              throw e;
            }
          },
        };
      },
    };
    const apollo = new ApolloServer<SubgraphContext & X>({
      schema: theSchema,
      introspection: true,
      // runMain owns the signals: Apollo would stop itself and re-raise the signal.
      stopOnTerminationSignals: false,
      includeStacktraceInErrorResponses: false,
      formatError: (formatted, error) => formatSubgraphError(formatted, error, internal),
      plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), costPlugin],
    });

    const serveGraphQL = graphQLHttpHandler({
      apollo,
      maxBodyBytes: limits.maxBodyBytes,
      context: async (req) => {
        let caller: Caller | null;
        try {
          caller = await callerFromAuthorization(req.headers.authorization, verifier);
        } catch (e) {
          if (e instanceof UnauthenticatedError) throw unauthenticated(e);
          throw e;
        }
        return contextFor(caller);
      },
      onError: internal,
    });

    const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: limits.maxBodyBytes });
    const wsCallers = new WeakMap<object, Caller | null>();
    const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
      errors.map((e) => formatSubgraphError(e.toJSON(), e, internal));
    const wsCleanup = useServer(
      {
        schema: theSchema,
        onConnect: async (ctx) => {
          const auth = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
          try {
            wsCallers.set(ctx, await callerFromAuthorization(typeof auth === 'string' ? auth : undefined, verifier));
            return true;
          } catch (e) {
            logger.info({ err: e }, 'websocket connection refused');
            return false;
          }
        },
        context: async (ctx) => contextFor(wsCallers.get(ctx) ?? null),
        onSubscribe: (_ctx, _id, payload) => {
          let document: DocumentNode;
          try {
            document = parse(payload.query);
          } catch (e) {
            return [e instanceof GraphQLError ? e : new GraphQLError(String(e))];
          }
          const errors = validate(theSchema, document, [...specifiedRules, depthLimitRule(limits.maxDepth)]);
          if (errors.length > 0) return errors;
          try {
            assertCost(theSchema, document, payload.operationName, payload.variables ?? undefined, limits.maxCost);
          } catch (e) {
            return [e as GraphQLError];
          }
          return undefined;
        },
        onError: (_ctx, _id, _payload, errors) => format(errors),
        onNext: (_ctx, _id, _payload, _args, result) =>
          result.errors ? { ...result, errors: format(result.errors) } : undefined,
      },
      wsServer,
    );

    await apollo.start();

    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok', name: config.name });
    });
    app.get('/readyz', async (_req, res) => {
      const ready = !stopping && (await databaseReady(theOrm));
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', name: config.name });
    });
    definition.routes?.(app);
    app.get('/events', async (req, res) => {
      let caller: Caller | null;
      try {
        caller = await callerFromAuthorization(req.header('authorization'), verifier);
      } catch (e) {
        res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: (e as Error).message } });
        return;
      }
      if (!caller) {
        res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'a bearer token is required' } });
        return;
      }
      if (!hasRole(caller, 'service', 'auditor')) {
        res.status(403).json({ error: { code: 'FORBIDDEN', message: 'the feed needs the role service or auditor' } });
        return;
      }
      const after = parseFeedCursor(typeof req.query.after === 'string' ? req.query.after : undefined);
      const limitRaw = typeof req.query.limit === 'string' ? Number(req.query.limit) : 100;
      if (after === null || !Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 1000) {
        res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: 'after must be a cursor; limit 1-1000' } });
        return;
      }
      const types = typeof req.query.types === 'string' && req.query.types ? req.query.types.split(',') : undefined;
      const events = await theOutbox.read(after, limitRaw, types);
      res.json({ events });
    });
    app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
      const e = err as { type?: string; status?: number; message?: string };
      if (e?.type === 'entity.too.large') {
        res.status(413).json({
          errors: [
            {
              message: `request body exceeds ${limits.maxBodyBytes} bytes`,
              extensions: { code: 'INPUT_TOO_LARGE', limit: limits.maxBodyBytes },
            },
          ],
        });
        return;
      }
      if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
        res
          .status(e.status)
          .json({ errors: [{ message: e.message ?? 'bad request', extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      next(err);
    });

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    const port = (httpServer.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`;
    logger.info({ url }, 'subgraph listening');
    definition.onListening?.();

    closeAll = async () => {
      theOutbox.close(); // ends subscriptions that follow the outbox at once
      await wsCleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await apollo.stop();
      await definition.onStop?.();
      await theOrm.close(true);
      logger.info('subgraph stopped');
    };
    return { url, port };
  }

  return {
    name: config.name,
    config,
    logger,
    start,
    stop() {
      stopping ??= (async () => {
        if (closeAll) await closeAll();
        else if (orm) await orm.close(true);
      })();
      return stopping;
    },
    get orm() {
      if (!orm) throw new Error(`subgraph ${config.name} not started`);
      return orm;
    },
    get schema() {
      if (!schema) throw new Error(`subgraph ${config.name} not started`);
      return schema;
    },
    get outbox() {
      if (!outbox) throw new Error(`subgraph ${config.name} not started`);
      return outbox;
    },
    get sdl() {
      if (!sdl) throw new Error(`subgraph ${config.name} not started`);
      return sdl;
    },
  };
}
