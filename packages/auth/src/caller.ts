import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** Roles carried in the JWT claim `roles` (../shared/API.md, "Roles"); `service` is for subgraph-to-subgraph feeds. */
export const ROLES = [
  'operator',
  'registrar',
  'auditor',
  'admin',
  'assistant',
  'observer',
  'manager',
  'service',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the verified claims of a bearer token. */
export interface Caller {
  /** The token's `sub`. */
  readonly subject: string;
  readonly roles: readonly Role[];
  /** INNs of the organizations the caller acts for (claim `orgs`). */
  readonly orgs: readonly string[];
}

/**
 * Whether the caller has at least one of the roles.
 *
 * @example
 * ```ts
 * if (hasRole(ctx.caller, 'auditor')) showPersonalData();
 * ```
 */
export function hasRole(caller: Caller | null | undefined, ...roles: Role[]): boolean {
  return !!caller && caller.roles.some((r) => roles.includes(r));
}

/**
 * Returns the caller or throws {@link UnauthenticatedError} when there is none.
 *
 * @example
 * ```ts
 * const caller = requireCaller(ctx.caller);
 * ```
 */
export function requireCaller(caller: Caller | null | undefined): Caller {
  if (!caller) throw new UnauthenticatedError();
  return caller;
}

/**
 * Returns the caller when it has one of `roles` (any role when none are given); throws otherwise.
 *
 * @example
 * ```ts
 * requireRole(ctx.caller, 'auditor', 'operator');
 * ```
 */
export function requireRole(caller: Caller | null | undefined, ...roles: Role[]): Caller {
  const c = requireCaller(caller);
  if (roles.length > 0 && !hasRole(c, ...roles)) {
    throw new ForbiddenError(`requires one of the roles: ${roles.join(', ')}`);
  }
  return c;
}

/**
 * Whether the caller acts for the organization `inn` (auditors act for every organization).
 *
 * @example
 * ```ts
 * actsFor(caller, '7707083893');
 * ```
 */
export function actsFor(caller: Caller | null | undefined, inn: string): boolean {
  return !!caller && (caller.roles.includes('auditor') || caller.orgs.includes(inn));
}

/**
 * Returns the caller when it acts for the organization `inn` and has one of `roles` (any role when none are
 * given); auditors always pass. Throws {@link UnauthenticatedError} without a caller, {@link ForbiddenError}
 * otherwise.
 *
 * @example
 * ```ts
 * requireOrg(ctx.caller, organization.inn, 'admin', 'assistant');
 * ```
 */
export function requireOrg(caller: Caller | null | undefined, inn: string, ...roles: Role[]): Caller {
  const c = requireCaller(caller);
  if (c.roles.includes('auditor')) return c;
  if (!c.orgs.includes(inn)) throw new ForbiddenError(`caller does not act for organization ${inn}`);
  if (roles.length > 0 && !hasRole(c, ...roles)) {
    throw new ForbiddenError(`requires one of the roles ${roles.join(', ')} for organization ${inn}`);
  }
  return c;
}
