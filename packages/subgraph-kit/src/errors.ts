import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AuthenticationError, AuthorizationError } from 'type-graphql';

/**
 * Error codes that subgraphs report in `extensions.code`:
 * - `UNAUTHENTICATED`: no or bad bearer token where one is needed;
 * - `FORBIDDEN`: the caller's roles or organizations do not allow it;
 * - `INVALID_IDENTIFIER`: an INN/SNILS/OGRN/OGRNIP/KPP failed its check (`extensions.path` = argument path);
 * - `BAD_USER_INPUT`: another invalid argument (`extensions.path` when known);
 * - `NOT_FOUND`: the object named in a mutation does not exist;
 * - `CONFLICT`: the change contradicts the stored state (e.g. an INN already taken);
 * - `INPUT_TOO_LARGE`, `QUERY_TOO_DEEP`, `QUERY_TOO_COMPLEX`: limits;
 * - `INTERNAL_SERVER_ERROR`: anything else (details only in the log).
 */
export type SubgraphErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_IDENTIFIER'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INPUT_TOO_LARGE'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR';

/**
 * A failure a client can act on: a stable `code` and, for an argument, its `path` (e.g. `input.inn`).
 *
 * @example
 * ```ts
 * throw new SubgraphError('NOT_FOUND', 'no organization 5f…', { path: 'id' });
 * ```
 */
export class SubgraphError extends Error {
  constructor(
    readonly code: SubgraphErrorCode,
    message: string,
    readonly details: { readonly path?: string; readonly [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'SubgraphError';
  }
}

/** The object asked for does not exist. */
export class NotFoundError extends SubgraphError {
  constructor(message: string, path?: string) {
    super('NOT_FOUND', message, path ? { path } : {});
    this.name = 'NotFoundError';
  }
}

/** An argument is invalid; `path` names it (e.g. `input.hiredOn`). */
export class BadUserInputError extends SubgraphError {
  constructor(message: string, path?: string) {
    super('BAD_USER_INPUT', message, path ? { path } : {});
    this.name = 'BadUserInputError';
  }
}

/** An identifier argument failed its check; `path` names the argument, `kind` and `problem` say why. */
export class InvalidIdentifierArgumentError extends SubgraphError {
  constructor(message: string, path: string, kind: string, problem: string) {
    super('INVALID_IDENTIFIER', message, { path, kind, problem });
    this.name = 'InvalidIdentifierArgumentError';
  }
}

/** The change contradicts stored data (e.g. a second person with the same INN). */
export class ConflictError extends SubgraphError {
  constructor(message: string, path?: string) {
    super('CONFLICT', message, path ? { path } : {});
    this.name = 'ConflictError';
  }
}

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function codeOf(error: unknown): { code: string; message?: string; extra?: Record<string, unknown> } | null {
  if (error instanceof SubgraphError) return { code: error.code, extra: { ...error.details } };
  if (error instanceof AuthenticationError) return { code: 'UNAUTHENTICATED' };
  if (error instanceof AuthorizationError) return { code: 'FORBIDDEN' };
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const code = error.code;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return { code };
    if (code === 'INVALID_IDENTIFIER') {
      const e = error as { path?: unknown; kind?: unknown; problem?: unknown };
      return {
        code,
        extra: { ...(typeof e.path === 'string' ? { path: e.path } : {}), kind: e.kind, problem: e.problem },
      };
    }
  }
  return null;
}

/**
 * Apollo Server's `formatError`: the one place that turns thrown errors into GraphQL errors with
 * `extensions.code`. Known error classes keep their message; unknown ones become `INTERNAL_SERVER_ERROR`
 * with a generic message (the original goes to `onInternal`, i.e. the log).
 *
 * @example
 * ```ts
 * new ApolloServer({ schema, formatError: (f, e) => formatSubgraphError(f, e, (err) => log.error(err)) });
 * ```
 */
export function formatSubgraphError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (error: unknown) => void = () => undefined,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const known = codeOf(original);
  if (known) {
    return {
      ...formatted,
      extensions: { ...stripStack(formatted.extensions), ...known.extra, code: known.code },
    };
  }
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    (PASS_THROUGH.has(code) || code.startsWith('QUERY_TOO_') || code === 'BAD_USER_INPUT')
  ) {
    return { ...formatted, extensions: stripStack(formatted.extensions) };
  }
  if (original instanceof GraphQLError && !original.originalError && typeof code === 'string') {
    // Raised deliberately with a code (context refusals, limits, Apollo's own request errors).
    return { ...formatted, extensions: stripStack(formatted.extensions) };
  }
  if (original instanceof GraphQLError && !original.originalError) {
    // A GraphQL error raised by graphql-js itself (e.g. a variable coercion failure): the client's input.
    return { ...formatted, extensions: { ...stripStack(formatted.extensions), code: 'BAD_USER_INPUT' } };
  }
  onInternal(original);
  return {
    message: 'Internal server error',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function stripStack(extensions: GraphQLFormattedError['extensions']): Record<string, unknown> {
  if (!extensions) return {};
  const { stacktrace: _stacktrace, exception: _exception, ...rest } = extensions as Record<string, unknown>;
  return rest;
}
