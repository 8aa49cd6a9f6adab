import { describe, expect, it } from 'vitest';
import { CertificateRow } from './entities.js';
import { daysLeft, normalizeThumbprint, statusAt } from './service.js';

const row = (over: Partial<CertificateRow>): CertificateRow =>
  Object.assign(new CertificateRow(), {
    status: 'VALID',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    ...over,
  });

describe('certificate status and days left', () => {
  it('computes the state at an instant, revocation first, then expiry, suspension, not yet valid', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    expect(statusAt(row({}), at)).toBe('VALID');
    expect(statusAt(row({}), new Date('2025-12-31T23:59:59Z'))).toBe('NOT_YET_VALID');
    expect(statusAt(row({}), new Date('2027-01-01T00:00:00Z'))).toBe('EXPIRED');
    expect(statusAt(row({ status: 'SUSPENDED' }), at)).toBe('SUSPENDED');
    expect(statusAt(row({ status: 'SUSPENDED' }), new Date('2027-02-01T00:00:00Z'))).toBe('EXPIRED');
    expect(statusAt(row({ status: 'REVOKED' }), new Date('2027-02-01T00:00:00Z'))).toBe('REVOKED');
  });

  it('rounds days left up and goes negative after expiry', () => {
    const notAfter = '2026-12-31T00:00:00.000Z';
    expect(daysLeft(notAfter, new Date('2026-12-01T00:00:00Z'))).toBe(30);
    expect(daysLeft(notAfter, new Date('2026-12-01T00:00:01Z'))).toBe(30);
    expect(daysLeft(notAfter, new Date('2026-12-30T23:00:00Z'))).toBe(1);
    expect(daysLeft(notAfter, new Date('2027-01-02T00:00:00Z'))).toBe(-2);
  });
});

describe('normalizeThumbprint', () => {
  it('accepts any case with or without separators', () => {
    const hex = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
    expect(normalizeThumbprint(hex.toUpperCase())).toBe(hex);
    expect(normalizeThumbprint(hex.match(/../g)!.join(':'))).toBe(hex);
    expect(normalizeThumbprint(hex.match(/..../g)!.join(' '))).toBe(hex);
    expect(normalizeThumbprint(hex.match(/../g)!.join('-'))).toBe(hex);
  });

  it('refuses anything that is not 40 hex digits with BAD_USER_INPUT and the path', () => {
    expect(() => normalizeThumbprint('abc', 'thumbprint')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => normalizeThumbprint('g'.repeat(40))).toThrow(/40 hexadecimal digits/);
  });
});
