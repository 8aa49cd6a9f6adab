/**
 * The library's schema verdict against libxml2 with the official XSD (xmllint-wasm), over documents the library
 * builds and systematic mutations of them: the same verdict on every case. The library may add findings the XSD
 * cannot see (checksums, dates, re-delegation) under other codes; it never misses a schema error.
 */
import { seededRandom } from '@mchd/identifiers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyDocument } from './arbitraries.test-support.js';
import { buildPowerOfAttorneyXml, examplePowerOfAttorney, readPowerOfAttorney } from './index.js';
import type { PowerOfAttorneyDocument, PrincipalType, RepresentativeType } from './model.js';
import { MUTATION_KINDS, mutate } from './testing/mutations.js';
import { libxml2Verdicts } from './xsd-oracle.test-support.js';

const PRINCIPALS: PrincipalType[] = ['legalEntity', 'foreignEntity', 'entrepreneur', 'person'];
const REPRESENTATIVES: RepresentativeType[] = ['legalEntity', 'entrepreneur', 'person', 'branch', 'foreignBranch'];

function corpus(): PowerOfAttorneyDocument[] {
  const docs: PowerOfAttorneyDocument[] = [];
  PRINCIPALS.forEach((principalType, i) =>
    REPRESENTATIVES.forEach((representativeType, j) =>
      docs.push(examplePowerOfAttorney({ seed: 100 + i * 10 + j, principalType, representativeType })),
    ),
  );
  const root = examplePowerOfAttorney({ seed: 1, redelegation: 'successive' });
  const child = examplePowerOfAttorney({ seed: 2, parent: root, redelegation: 'successive' });
  docs.push(root, child, examplePowerOfAttorney({ seed: 3, parent: child }));
  docs.push(...fc.sample(anyDocument, { seed: 42, numRuns: 40 }));
  return docs;
}

const schemaInvalid = (xml: string): boolean =>
  readPowerOfAttorney(new TextEncoder().encode(xml)).errors.some(
    (e) => e.code === 'MCHD_SCHEMA_VIOLATION' || e.code === 'MCHD_MALFORMED_XML',
  );

describe('differential test against libxml2 and the official XSD', () => {
  it('gives the same schema verdict on built documents and their mutations', async () => {
    const random = seededRandom(7);
    const cases: { xml: string; label: string }[] = [];
    corpus().forEach((doc, d) => {
      const xml = new TextDecoder().decode(buildPowerOfAttorneyXml(doc));
      cases.push({ xml, label: `doc ${d}` });
      for (let k = 0; k < 8; k++) {
        const kind = MUTATION_KINDS[(d * 8 + k) % MUTATION_KINDS.length] as (typeof MUTATION_KINDS)[number];
        const mutated = mutate(xml, kind, random);
        if (mutated !== null && mutated !== xml) cases.push({ xml: mutated, label: `doc ${d} ${kind}` });
      }
    });
    expect(cases.length).toBeGreaterThan(500);
    const oracle = await libxml2Verdicts(cases.map((c) => c.xml));
    const disagreements = cases
      .map((c, i) => ({
        ...c,
        libxml2Valid: oracle[i]?.valid,
        messages: oracle[i]?.messages,
        ours: !schemaInvalid(c.xml),
      }))
      .filter((c) => c.libxml2Valid !== c.ours);
    expect(
      disagreements.map((d) => ({
        label: d.label,
        libxml2Valid: d.libxml2Valid,
        messages: d.messages,
        ours: readPowerOfAttorney(new TextEncoder().encode(d.xml)).errors,
      })),
    ).toEqual([]);
    // The corpus exercises both verdicts: every unmutated document is valid, most mutations are not.
    const invalid = oracle.filter((o) => !o.valid).length;
    expect(invalid).toBeGreaterThan(cases.length / 2);
    expect(oracle.filter((o, i) => o.valid && cases[i]?.label.split(' ').length === 2).length).toBe(corpus().length);
  });
});
