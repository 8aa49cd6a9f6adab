import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileXsd } from './compile-xsd.js';
import { EMCHD_SCHEMA } from './emchd-schema.generated.js';
import { parseXsdDate, xsdPatternToRegExp } from './simple-types.js';

describe('the compiled EMCHD_1 schema', () => {
  it('equals what the official XSD compiles to (regenerate with generate-schema.js when it changes)', () => {
    const xsd = readFileSync(
      new URL('../../../../../shared/domain/ON_EMCHD_1_928_00_01_01_01.xsd', import.meta.url),
      'utf8',
    );
    expect(compileXsd(xsd)).toEqual(EMCHD_SCHEMA);
    expect(EMCHD_SCHEMA.targetNamespace).toBe('urn://x-artefacts/EMCHD_1');
  });

  it('checks xs:date as XSD does', () => {
    expect(parseXsdDate('2024-02-29')).toBe('2024-02-29');
    expect(parseXsdDate('2023-02-29')).toBeNull();
    expect(parseXsdDate('2024-04-31')).toBeNull();
    expect(parseXsdDate('2024-01-01Z')).toBe('2024-01-01');
    expect(parseXsdDate('2024-01-01+03:00')).toBe('2024-01-01');
    expect(parseXsdDate('2024-1-01')).toBeNull();
    expect(parseXsdDate('0000-01-01')).toBeNull();
  });

  it('translates XSD patterns: anchored, \\d as any decimal digit', () => {
    const snils = xsdPatternToRegExp('[0-9]{3}\\-[0-9]{3}\\-[0-9]{3} [0-9]{2}');
    expect(snils.test('112-233-445 95')).toBe(true);
    expect(snils.test('x112-233-445 95')).toBe(false);
    expect(xsdPatternToRegExp('[\\da-f]{2}').test('٣a')).toBe(true);
  });
});
