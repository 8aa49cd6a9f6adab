import { describe, expect, it } from 'vitest';
import type { PowerOfAttorneyRecord } from './metadata.js';
import { computeStatus, ownStatus, validityWindow } from './status.js';

function record(guid: string, over: Partial<PowerOfAttorneyRecord> = {}): PowerOfAttorneyRecord {
  return {
    guid,
    rootGuid: guid,
    number: '1',
    format: 'EMCHD_1',
    issuedOn: '2026-01-10',
    validUntil: '2026-01-20',
    principals: [{ inn: '7707083893' }],
    representatives: [{ snils: '11223344595' }],
    powers: [],
    redelegation: 'successive',
    kind: 'revocable',
    documentSha256: 'a'.repeat(64),
    documentStreebog256: 'b'.repeat(64),
    signatureSha256: 'c'.repeat(64),
    signatureStreebog256: 'd'.repeat(64),
    signerThumbprint: 'e'.repeat(40),
    registration: {
      transactionId: 't',
      registeredAt: '2026-01-10T00:00:00.000Z',
      registeredBy: { mspId: 'M', id: 'x' },
    },
    ...over,
  };
}

const revoked = (at: string) => ({
  revocation: {
    reason: 'r',
    revokedAt: at,
    by: 'b',
    transactionId: 't2',
    recordedAt: at,
    recordedBy: { mspId: 'M', id: 'x' },
  },
});

describe('validityWindow', () => {
  it('runs from the issue date 00:00 to the end of the last day, Moscow time', () => {
    const w = validityWindow({ issuedOn: '2026-01-10', validUntil: '2026-01-20' });
    expect(new Date(w.from).toISOString()).toBe('2026-01-09T21:00:00.000Z');
    expect(new Date(w.until).toISOString()).toBe('2026-01-20T21:00:00.000Z');
  });
});

describe('ownStatus', () => {
  const r = record('g');
  it.each([
    ['2026-01-09T20:59:59.999Z', 'NOT_YET_VALID'],
    ['2026-01-09T21:00:00.000Z', 'ACTIVE'],
    ['2026-01-20T20:59:59.999Z', 'ACTIVE'],
    ['2026-01-20T21:00:00.000Z', 'EXPIRED'],
  ])('at %s is %s', (at, status) => {
    expect(ownStatus(r, Date.parse(at))).toBe(status);
  });

  it('counts a revocation from its revokedAt, and not once the document had expired', () => {
    const rev = record('g', revoked('2026-01-15T00:00:00.000Z'));
    expect(ownStatus(rev, Date.parse('2026-01-14T23:59:59Z'))).toBe('ACTIVE');
    expect(ownStatus(rev, Date.parse('2026-01-15T00:00:00Z'))).toBe('REVOKED');
    expect(ownStatus(rev, Date.parse('2026-02-01T00:00:00Z'))).toBe('REVOKED');
    const late = record('g', revoked('2026-01-25T00:00:00.000Z'));
    expect(ownStatus(late, Date.parse('2026-01-26T00:00:00Z'))).toBe('EXPIRED');
  });
});

describe('computeStatus', () => {
  it('reports the nearest invalid ancestor as PARENT_INVALID and its own status first', () => {
    const root = record('root', revoked('2026-01-12T00:00:00.000Z'));
    const mid = record('mid', { parentGuid: 'root', rootGuid: 'root' });
    const leaf = record('leaf', { parentGuid: 'mid', rootGuid: 'root' });
    const at = Date.parse('2026-01-13T00:00:00Z');
    expect(computeStatus([leaf, mid, root], at)).toMatchObject({
      guid: 'leaf',
      status: 'PARENT_INVALID',
      invalidAncestor: { guid: 'root', status: 'REVOKED' },
    });
    expect(computeStatus([leaf, mid, root], Date.parse('2026-01-11T00:00:00Z')).status).toBe('ACTIVE');
    expect(computeStatus([leaf, mid, root], Date.parse('2026-01-01T00:00:00Z')).status).toBe('NOT_YET_VALID');
    expect(computeStatus([root], at)).toMatchObject({ status: 'REVOKED', revocationReason: 'r' });
  });

  it('needs a record', () => {
    expect(() => computeStatus([], 0)).toThrow();
  });
});
