import { hasRole, requireCaller, type Caller } from '@mchd/auth';
import { PowerOfAttorneyError } from './errors.js';

/**
 * How much of an MCHD a caller sees:
 * - `full`: everything, including SNILS, birth dates, identity documents and the original bytes — auditors,
 *   the `service` role, and registrars acting for one of the principals;
 * - `masked`: status and the non-personal metadata (SNILS, birth dates, identity documents, document and
 *   signature bytes are null) — operators, and other roles acting for one of the principals;
 * - `none`: not at all (FORBIDDEN).
 */
export type Visibility = 'full' | 'masked' | 'none';

/**
 * The {@link Visibility} of an MCHD with these principal INNs for `caller`.
 *
 * @example
 * ```ts
 * visibility(caller, ['7707083893']); // 'full' for a registrar of 7707083893
 * ```
 */
export function visibility(caller: Caller, principalInns: readonly string[]): Visibility {
  if (hasRole(caller, 'auditor', 'service')) return 'full';
  const actsForPrincipal = principalInns.some((inn) => caller.orgs.includes(inn));
  if (actsForPrincipal && hasRole(caller, 'registrar')) return 'full';
  if (hasRole(caller, 'operator') || actsForPrincipal) return 'masked';
  return 'none';
}

/** Throws FORBIDDEN unless the caller may see the MCHD at all; answers the visibility. */
export function requireVisible(caller: Caller | null, principalInns: readonly string[], guid: string): Visibility {
  const c = requireCaller(caller);
  const v = visibility(c, principalInns);
  if (v === 'none') {
    throw new PowerOfAttorneyError(
      'FORBIDDEN',
      `power of attorney ${guid} belongs to an organization you do not act for`,
    );
  }
  return v;
}

/**
 * Registering and revoking by role: a `registrar` acting for one of `inns` (the principals', or for a
 * re-delegation also the one who passes the powers on). Throws FORBIDDEN otherwise.
 */
export function requireRegistrarFor(caller: Caller | null, inns: readonly string[], what: string): Caller {
  const c = requireCaller(caller);
  if (!hasRole(c, 'registrar')) throw new PowerOfAttorneyError('FORBIDDEN', `${what} needs the role registrar`);
  if (!inns.some((inn) => c.orgs.includes(inn))) {
    throw new PowerOfAttorneyError(
      'FORBIDDEN',
      `${what} needs acting for the principal's organization (${inns.join(', ') || 'none'})`,
    );
  }
  return c;
}
