import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyDocument } from './arbitraries.test-support.js';
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
