/**
 * The caller could not be identified: no token where one is required, or a token that is malformed, expired
 * or signed by an unknown key.
 *
 * @example
 * ```ts
 * throw new UnauthenticatedError('token expired');
 * ```
 */
export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'authentication required') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/**
 * The caller is known but may not do this: wrong role, or an organization it does not act for.
 *
 * @example
 * ```ts
 * throw new ForbiddenError('caller does not act for organization 7707083893');
 * ```
 */
export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(message = 'forbidden') {
    super(message);
    this.name = 'ForbiddenError';
  }
}
