import { ForbiddenError, hasRole, requireCaller, requireOrg, type Caller, type Role } from '@mchd/auth';

/** Roles that read an organization's people (with the organization in the caller's `orgs`). */
export const READ_ROLES: Role[] = ['admin', 'assistant', 'observer', 'manager', 'registrar'];
/** Roles that change an organization's people. */
export const WRITE_ROLES: Role[] = ['admin', 'assistant'];

/**
 * Reading an organization's people: `auditor` and `service` always; otherwise the caller acts for the
 * organization with a read role.
 */
export function requireOrgRead(caller: Caller | null, inn: string): Caller {
  const c = requireCaller(caller);
  if (hasRole(c, 'service')) return c;
  return requireOrg(c, inn, ...READ_ROLES);
}

/** Changing an organization's people: `admin` or `assistant` acting for it. Auditors read only. */
export function requireOrgWrite(caller: Caller | null, inn: string): Caller {
  const c = requireCaller(caller);
  if (!c.orgs.includes(inn) || !hasRole(c, ...WRITE_ROLES)) {
    throw new ForbiddenError(`changing people of organization ${inn} needs the role admin or assistant for it`);
  }
  return c;
}

/**
 * Reading a person: `auditor`, `service` and `operator` (operators without personal data) always; otherwise
 * a read role for an organization where the person is or was employed, or — for a person with no employment
 * yet — `admin`/`assistant` of any organization (who create people before hiring them).
 */
export function canReadPerson(caller: Caller, employerInns: readonly string[]): boolean {
  if (hasRole(caller, 'auditor', 'service', 'operator')) return true;
  if (employerInns.length === 0) return hasRole(caller, ...WRITE_ROLES);
  return employerInns.some((inn) => caller.orgs.includes(inn)) && hasRole(caller, ...READ_ROLES);
}

/**
 * Personal data (SNILS, birth date, identity document): `auditor` and `service`; `admin`/`assistant` acting
 * for an organization where the person is or was employed (any organization's for a person not employed
 * yet). Never an `operator` that is not also an auditor. Others get null for these fields.
 */
export function canSeePersonalData(caller: Caller | null, employerInns: readonly string[]): boolean {
  if (!caller) return false;
  if (hasRole(caller, 'auditor', 'service')) return true;
  if (hasRole(caller, 'operator')) return false;
  if (!hasRole(caller, ...WRITE_ROLES)) return false;
  return employerInns.length === 0 || employerInns.some((inn) => caller.orgs.includes(inn));
}

/**
 * Changing a person: `admin`/`assistant` acting for an organization that currently employs them, or any
 * `admin`/`assistant` while the person has no employment.
 */
export function requirePersonWrite(
  caller: Caller | null,
  activeEmployerInns: readonly string[],
  everEmployed: boolean,
): Caller {
  const c = requireCaller(caller);
  if (!hasRole(c, ...WRITE_ROLES)) throw new ForbiddenError('changing a person needs the role admin or assistant');
  if (!everEmployed) return c;
  if (!activeEmployerInns.some((inn) => c.orgs.includes(inn))) {
    throw new ForbiddenError('changing a person needs acting for an organization that employs them');
  }
  return c;
}
