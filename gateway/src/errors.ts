import { GraphQLError } from 'graphql';

/**
 * A GraphQL error with `extensions.code` (and an HTTP status for errors that end a request before execution).
 *
 * @example
 * ```ts
 * throw codedError('UNAUTHENTICATED', 'authentication required', 401);
 * ```
 */
export function codedError(code: string, message: string, httpStatus?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}
