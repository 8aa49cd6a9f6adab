import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyDocument, rootDocument } from './arbitraries.test-support.js';
import { projectTo002 } from './format002/format002.js';
import { buildPowerOfAttorneyXml, readPowerOfAttorney } from './index.js';

describe('read(build(m)) equals m', () => {
  it('for EMCHD_1 documents in UTF-8 and windows-1251', () => {
    fc.assert(
      fc.property(anyDocument, fc.constantFrom('utf-8' as const, 'windows-1251' as const), (doc, encoding) => {
        const result = readPowerOfAttorney(buildPowerOfAttorneyXml(doc, { encoding }));
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
        expect(result.encoding).toBe(encoding);
        expect(result.document).toEqual(doc);
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });
});

describe('read(build(m)) equals m for format 002', () => {
  it('for the part of any model that 002 carries', () => {
    fc.assert(
      fc.property(
        rootDocument.filter(
          (d) =>
            d.principals.every((p) => p.type !== 'foreignEntity') &&
            d.representatives.every((r) => r.type !== 'branch' && r.type !== 'foreignBranch'),
        ),
        fc.constantFrom('utf-8' as const, 'windows-1251' as const),
        (doc, encoding) => {
          // 002 requires the INN of an organization, which EMCHD_1 leaves optional.
          const withInn = <T extends { inn?: string }>(o: T): T => ({ inn: '7707083893', ...o });
          const m = projectTo002({
            ...doc,
            format: '002',
            principals: doc.principals.map((p) =>
              p.legalEntity
                ? { ...p, legalEntity: { ...p.legalEntity, organization: withInn(p.legalEntity.organization) } }
                : p,
            ),
            representatives: doc.representatives.map((r) =>
              r.legalEntity ? { ...r, legalEntity: withInn(r.legalEntity) } : r,
            ),
          });
          const result = readPowerOfAttorney(buildPowerOfAttorneyXml(m, { encoding }));
          expect(result.format).toBe('002');
          expect(result.errors.filter((e) => e.code === 'MCHD_SCHEMA_VIOLATION')).toEqual([]);
          expect(result.document).toEqual(m);
        },
      ),
      { seed: 2002, numRuns: 100 },
    );
  });
});
