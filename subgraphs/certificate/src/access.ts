import { ForbiddenError, hasRole, requireCaller, type Caller, type Role } from '@mchd/auth';

/** Roles that read an organization's certificates, requests and reports. */
export const READ_ROLES: Role[] = ['admin', 'assistant', 'observer'];
/** Roles that see statistics (counts): the readers and `manager`. */
export const STATISTICS_ROLES: Role[] = [...READ_ROLES, 'manager'];
/** Roles that fill requests and documents. */
export const FILL_ROLES: Role[] = ['admin', 'assistant'];
/** Roles that import, revoke, approve and set policies. */
export const ADMIN_ROLES: Role[] = ['admin'];

/**
 * Reading organization `inn`'s data: `auditor` and `service` always; otherwise one of `roles` while acting for
 * the organization (claim `orgs`). Throws FORBIDDEN.
 *
 * @example
 * ```ts
 * requireRead(ctx.caller, '7707083893');
 * ```
 */
export function requireRead(caller: Caller | null, inn: string | null, roles: Role[] = READ_ROLES): Caller {
  const c = requireCaller(caller);
  if (hasRole(c, 'auditor', 'service')) return c;
  if (inn === null || !c.orgs.includes(inn) || !hasRole(c, ...roles)) {
    throw new ForbiddenError(`reading this needs one of the roles ${roles.join(', ')} acting for its organization`);
  }
  return c;
}

/**
 * Changing organization `inn`'s data: one of `roles` while acting for it. Auditors read only. Throws FORBIDDEN.
 *
 * @example
 * ```ts
 * requireWrite(ctx.caller, '7707083893', FILL_ROLES);
 * ```
 */
export function requireWrite(caller: Caller | null, inn: string | null, roles: Role[]): Caller {
  const c = requireCaller(caller);
  if (inn === null || !c.orgs.includes(inn) || !hasRole(c, ...roles)) {
    throw new ForbiddenError(`this change needs one of the roles ${roles.join(', ')} acting for its organization`);
  }
  return c;
}

/** Organizations whose data the caller may read with `roles`, or null for all (auditor, service). */
export function readableOrganizations(caller: Caller | null, roles: Role[] = READ_ROLES): string[] | null {
  const c = requireCaller(caller);
  if (hasRole(c, 'auditor', 'service')) return null;
  if (!hasRole(c, ...roles)) throw new ForbiddenError(`this needs one of the roles ${roles.join(', ')}`);
  return [...c.orgs];
}
