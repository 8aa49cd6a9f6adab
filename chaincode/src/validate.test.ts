import { describe, expect, it } from 'vitest';
import { RegistryError, parseRegistryErrorMessage } from './errors.js';
import { deriveGuid } from './guid.js';
import { checkDate, normalizeGuid, parseInstant, validateMetadata, validateRevocation } from './validate.js';

const good = {
  number: '1',
  format: 'EMCHD_1',
  issuedOn: '2026-01-10',
  validUntil: '2026-01-20',
  principals: [{ inn: '7707083893', kpp: '7736AB001', ogrn: '1027700132195' }],
  representatives: [{ snils: '11223344595' }],
  powers: ['A'],
  redelegation: 'none',
  kind: 'revocable',
  documentSha256: 'A'.repeat(64),
  documentStreebog256: 'b'.repeat(64),
  signatureSha256: 'c'.repeat(64),
  signatureStreebog256: 'd'.repeat(64),
  signerThumbprint: 'E'.repeat(40),
  unknownField: 'dropped',
};

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof RegistryError ? e.code : 'OTHER';
  }
  return undefined;
}

describe('validateMetadata', () => {
  it('normalizes hex to lowercase, keeps KPP letters and drops unknown fields', () => {
    const m = validateMetadata(good);
    expect(m.documentSha256).toBe('a'.repeat(64));
    expect(m.signerThumbprint).toBe('e'.repeat(40));
    expect(m.principals[0]?.kpp).toBe('7736AB001');
    expect(m).not.toHaveProperty('unknownField');
  });

  it.each([
    ['a short INN', { principals: [{ inn: '123' }] }],
    ['no principals', { principals: [] }],
    ['a representative without identifiers', { representatives: [{}] }],
    ['repeated powers', { powers: ['A', 'A'] }],
    ['an unknown re-delegation', { redelegation: 'twice' }],
    ['irrevocable without terms', { kind: 'irrevocable' }],
    ['terms on a revocable MCHD', { irrevocability: { revocableOnConditions: true } }],
    ['validity ending before issue', { validUntil: '2026-01-09' }],
    ['a non-calendar date', { issuedOn: '2026-02-29' }],
    ['a bad thumbprint', { signerThumbprint: 'xyz' }],
    ['a bad parent GUID', { parentGuid: '123' }],
    ['an empty number', { number: '' }],
  ])('refuses %s with INVALID_INPUT', (_name, over) => {
    expect(code(() => validateMetadata({ ...good, ...over }))).toBe('INVALID_INPUT');
  });
});

describe('validateRevocation', () => {
  it('accepts a reason, who and an ISO instant; refuses others', () => {
    expect(
      validateRevocation({ guid: deriveGuid('x'), reason: 'r', by: 'b', revokedAt: '2026-01-01T00:00:00Z' }),
    ).toMatchObject({
      reason: 'r',
    });
    expect(code(() => validateRevocation({ guid: deriveGuid('x'), reason: 'r'.repeat(501), by: 'b' }))).toBe(
      'INVALID_INPUT',
    );
    expect(
      code(() => validateRevocation({ guid: deriveGuid('x'), reason: 'r', by: 'b', revokedAt: '2026-01-01' })),
    ).toBe('INVALID_INPUT');
  });
});

describe('small checks', () => {
  it('derives the same version-8 GUID from the same transaction id', () => {
    expect(deriveGuid('tx1')).toBe(deriveGuid('tx1'));
    expect(deriveGuid('tx1')).not.toBe(deriveGuid('tx2'));
    expect(normalizeGuid(deriveGuid('tx1'))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('parses instants with offsets and calendar dates only', () => {
    expect(parseInstant('2026-01-01T03:00:00+03:00', 'at')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(code(() => parseInstant('yesterday', 'at'))).toBe('INVALID_INPUT');
    expect(checkDate('2024-02-29', 'd')).toBe('2024-02-29');
    expect(code(() => checkDate('2023-02-29', 'd'))).toBe('INVALID_INPUT');
  });

  it('finds an error code inside a Fabric message', () => {
    expect(parseRegistryErrorMessage('chaincode response 500, [PARENT_NOT_ACTIVE] parent x is REVOKED')).toEqual({
      code: 'PARENT_NOT_ACTIVE',
      detail: 'parent x is REVOKED',
    });
    expect(parseRegistryErrorMessage('[NOT_A_CODE] x')).toBeUndefined();
    expect(parseRegistryErrorMessage('plain failure')).toBeUndefined();
  });
});
