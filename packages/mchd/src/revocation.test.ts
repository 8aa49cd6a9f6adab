import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildRevocationApplicationXml, readRevocationApplication, type RevocationApplication } from './index.js';

const app: RevocationApplication = {
  fileId: 'ON_OTZDOV_20260301_1',
  guid: '6f1c0a52-2b8e-4a8e-9d35-2a0c6b9c1f00',
  reason: 'Увольнение представителя & смена полномочий',
  appliedOn: '2026-03-01',
  applicant: {
    role: 'principal',
    type: 'legalEntity',
    name: 'ПАО Сбербанк',
    inn: '7707083893',
    kpp: '773601001',
    ogrn: '1027700132195',
  },
};

describe('revocation applications', () => {
  it('round-trips an organization applicant in both encodings', () => {
    for (const encoding of ['utf-8', 'windows-1251'] as const) {
      const r = readRevocationApplication(buildRevocationApplicationXml(app, { encoding }));
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ valid: true, application: app });
    }
  });

  it('round-trips a representative who is a person', () => {
    const rep: RevocationApplication = {
      fileId: 'ON_OTZDOV_2',
      guid: app.guid,
      reason: 'Отказ представителя',
      applicant: {
        role: 'representative',
        type: 'person',
        inn: '500100732259',
        snils: '11223344595',
        lastName: 'Иванов',
        firstName: 'Иван',
      },
    };
    expect(readRevocationApplication(buildRevocationApplicationXml(rep)).application).toEqual(rep);
  });

  it('reports a bad GUID, a too long reason, a checksum error and a foreign document', () => {
    const bad = (edit: (x: string) => string) =>
      readRevocationApplication(
        new TextEncoder().encode(edit(new TextDecoder().decode(buildRevocationApplicationXml(app)))),
      ).errors.map((e) => e.code);
    expect(bad((x) => x.replace(app.guid, 'not-a-guid'))).toEqual(['MCHD_SCHEMA_VIOLATION']);
    expect(bad((x) => x.replace(/ПричОтз="[^"]*"/, `ПричОтз="${'ы'.repeat(501)}"`))).toEqual(['MCHD_SCHEMA_VIOLATION']);
    expect(bad((x) => x.replace('7707083893', '7707083894'))).toEqual(['MCHD_INVALID_IDENTIFIER']);
    expect(readRevocationApplication(new TextEncoder().encode('<Доверенность/>')).errors.map((e) => e.code)).toEqual([
      'MCHD_UNSUPPORTED_FORMAT',
    ]);
    expect(
      readRevocationApplication(new Uint8Array(iconv.encode('<!DOCTYPE a><a/>', 'win1251'))).errors.map((e) => e.code),
    ).toEqual(['MCHD_FORBIDDEN_DTD']);
  });
});
