/**
 * One way to build a subgraph: Apollo Server 5 + @apollo/subgraph + type-graphql over node:http (express 5 for the
 * other routes) and graphql-ws, MikroORM (SQLite or PostgreSQL) with migrations, bearer-token authentication,
 * limits, Relay pagination, DataLoaders, a transactional outbox with an HTTP feed, and a graceful `runMain`.
 */
import 'reflect-metadata';

export {
  ConfigError,
  LOG_LEVELS,
  loadSubgraphConfig,
  redactUrl,
  type LogLevel,
  type SubgraphConfig,
  type SubgraphLimits,
} from './config.js';
export { LoaderRegistry, roleAuthChecker, type SubgraphContext } from './context.js';
export {
  BadUserInputError,
  ConflictError,
  formatSubgraphError,
  InvalidIdentifierArgumentError,
  NotFoundError,
  SubgraphError,
  type SubgraphErrorCode,
} from './errors.js';
export {
  consumeFeed,
  FeedRequestError,
  ormCursorStore,
  type ConsumeFeedOptions,
  type CursorStore,
  type FeedConsumer,
} from './feed-consumer.js';
export { newId } from './ids.js';
export { assertCost, assertDepth, depthLimitRule, operationCost } from './limits.js';
export { createLogger, type Logger } from './logger.js';
export { runMain } from './main.js';
export {
  databaseReady,
  dialectOf,
  openDatabase,
  serialPrimaryKey,
  type MigrationClass,
  type NamedMigration,
  type OrmOptions,
  type SqlDialect,
} from './orm.js';
export {
  FeedCursorRow,
  FeedCursorSchema,
  kitMigrations,
  Outbox,
  OutboxEventRow,
  OutboxEventSchema,
  parseFeedCursor,
  type Clock,
  type FeedEvent,
} from './outbox.js';
export {
  ConnectionArgs,
  connectionType,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  PageInfo,
  pageSize,
  paginate,
  type ClassType,
  type Connection,
  type Edge,
  type KeysetSource,
} from './pagination.js';
export { Base64Scalar, DateScalar, DateTimeScalar, GuidScalar } from './scalars.js';
export {
  buildFederatedSchema,
  createSubgraph,
  FEDERATION_LINK,
  type ReferenceResolver,
  type RunningSubgraphParts,
  type Subgraph,
  type SubgraphDefinition,
} from './subgraph.js';
export { spawnSubgraphMain, type SubgraphProcess } from './main-process.js';
export {
  disposeTestSubgraph,
  postGraphQL,
  testDatabases,
  testSubgraphConfig,
  type GraphQLResponse,
  type TestDatabase,
  type TestSubgraphConfig,
} from './testing.js';
export { Migration } from '@mikro-orm/migrations';
