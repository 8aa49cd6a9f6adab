import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertIdentifier,
  checkInn,
  checkKpp,
  checkOgrn,
  checkOgrnip,
  checkSnils,
  generateInnLegal,
  generateInnPerson,
  generateOgrn,
  generateOgrnip,
  generateSnils,
  InvalidIdentifierError,
  normalizeSnils,
  seededRandom,
} from './index.js';

describe('identifiers', () => {
  it('accepts real published identifiers', () => {
    expect(checkInn('7707083893')).toBeNull(); // Sberbank
    expect(checkInn('7736050003')).toBeNull(); // Gazprom
    expect(checkInn('500100732259')).toBeNull();
    expect(checkOgrn('1027700132195')).toBeNull(); // Sberbank
    expect(checkOgrnip('304500116000157')).toBeNull();
    expect(checkSnils('112-233-445 95')).toBeNull();
    expect(checkKpp('773601001')).toBeNull();
  });

  it('refuses a changed digit as a checksum error and a wrong length as a format error', () => {
    expect(checkInn('7707083894')).toBe('CHECKSUM');
    expect(checkInn('500100732258')).toBe('CHECKSUM');
    expect(checkOgrn('1027700132196')).toBe('CHECKSUM');
    expect(checkOgrnip('304500116000158')).toBe('CHECKSUM');
    expect(checkSnils('112-233-445 96')).toBe('CHECKSUM');
    expect(checkInn('77070838')).toBe('FORMAT');
    expect(checkInn('0007083894')).toBe('FORMAT');
    expect(checkSnils('112-233')).toBe('FORMAT');
    expect(checkKpp('0036010a1')).toBe('FORMAT');
  });

  it('normalizes the written forms of SNILS', () => {
    expect(normalizeSnils('112-233-445-95')).toBe('11223344595');
    expect(normalizeSnils('11223344595')).toBe('11223344595');
    expect(normalizeSnils('112 233 445 95')).toBeNull();
  });

  it('generated identifiers always pass, and any single-digit change of the check digit fails', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 9 }), (seed, delta) => {
        const r = seededRandom(seed);
        const pairs: Array<[string, (v: string) => unknown]> = [
          [generateInnLegal(r), checkInn],
          [generateInnPerson(r), checkInn],
          [generateOgrn(r), checkOgrn],
          [generateOgrnip(r), checkOgrnip],
        ];
        for (const [value, check] of pairs) {
          expect(check(value)).toBeNull();
          const last = (Number(value.at(-1)) + delta) % 10;
          expect(check(value.slice(0, -1) + String(last))).toBe('CHECKSUM');
        }
        expect(checkSnils(generateSnils(r))).toBeNull();
      }),
    );
  });

  it('assertIdentifier throws a typed error', () => {
    expect(() => assertIdentifier('INN', '7707083894')).toThrow(InvalidIdentifierError);
    try {
      assertIdentifier('SNILS', 'x');
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_IDENTIFIER', kind: 'SNILS', problem: 'FORMAT' });
    }
  });
});
