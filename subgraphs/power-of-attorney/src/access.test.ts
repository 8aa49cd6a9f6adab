import type { Caller } from '@mchd/auth';
import { describe, expect, it } from 'vitest';
import { requireRegistrarFor, requireVisible, visibility } from './access.js';

const caller = (roles: Caller['roles'], orgs: string[] = []): Caller => ({ subject: 't', roles, orgs });
const PRINCIPAL = '7707083893';

describe('who sees what of an MCHD', () => {
  it('gives auditors and services everything, registrars of the principal everything, operators the masked view', () => {
    expect(visibility(caller(['auditor']), [PRINCIPAL])).toBe('full');
    expect(visibility(caller(['service']), [PRINCIPAL])).toBe('full');
    expect(visibility(caller(['registrar'], [PRINCIPAL]), [PRINCIPAL])).toBe('full');
    expect(visibility(caller(['operator']), [PRINCIPAL])).toBe('masked');
    expect(visibility(caller(['observer'], [PRINCIPAL]), [PRINCIPAL])).toBe('masked');
  });

  it('refuses registrars and others of other organizations', () => {
    expect(visibility(caller(['registrar'], ['500100732259']), [PRINCIPAL])).toBe('none');
    expect(visibility(caller(['admin'], []), [PRINCIPAL])).toBe('none');
    expect(() => requireVisible(caller(['registrar'], ['500100732259']), [PRINCIPAL], 'g')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => requireVisible(null, [PRINCIPAL], 'g')).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('lets only registrars acting for one of the organizations register and revoke', () => {
    expect(requireRegistrarFor(caller(['registrar'], [PRINCIPAL]), [PRINCIPAL], 'x').subject).toBe('t');
    expect(() => requireRegistrarFor(caller(['auditor']), [PRINCIPAL], 'x')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => requireRegistrarFor(caller(['registrar'], ['500100732259']), [PRINCIPAL], 'x')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
