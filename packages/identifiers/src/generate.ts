/**
 * Makes valid identifiers from random digits, for tests, demos and fixtures. `random` returns numbers in [0, 1);
 * pass a seeded one for deterministic output.
 */
import { formatSnilsForXml } from './checks.js';

type Random = () => number;

const randomDigits = (n: number, random: Random, firstNonZero = true): number[] =>
  Array.from({ length: n }, (_, i) => {
    const d = Math.floor(random() * 10);
    return i === 0 && firstNonZero && d === 0 ? 1 : d;
  });

const sum = (d: number[], w: number[]): number => w.reduce((s, x, i) => s + x * (d[i] ?? 0), 0);

/**
 * A valid 10-digit INN of a legal entity.
 *
 * @example
 * ```ts
 * const inn = generateInnLegal(Math.random);
 * ```
 */
export function generateInnLegal(random: Random): string {
  const d = randomDigits(9, random);
  d.push((sum(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
  return d.join('');
}

/**
 * A valid 12-digit INN of a person.
 *
 * @example
 * ```ts
 * const inn = generateInnPerson(Math.random);
 * ```
 */
export function generateInnPerson(random: Random): string {
  const d = randomDigits(10, random);
  d.push((sum(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
  d.push((sum(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
  return d.join('');
}

/**
 * A valid SNILS as 11 digits (use {@link formatSnilsForXml} for the schema's form).
 *
 * @example
 * ```ts
 * const snils = generateSnils(Math.random);
 * ```
 */
export function generateSnils(random: Random): string {
  const d = randomDigits(9, random);
  d[0] = Math.max(d[0] ?? 1, 1) + 0;
  let check = sum(d, [9, 8, 7, 6, 5, 4, 3, 2, 1]) % 101;
  if (check === 100) check = 0;
  return d.join('') + String(check).padStart(2, '0');
}

const modDecimal = (decimal: string, m: number): number => {
  let r = 0;
  for (const c of decimal) r = (r * 10 + (c.charCodeAt(0) - 48)) % m;
  return r;
};

/**
 * A valid 13-digit OGRN (first digit 1 or 5: a legal entity).
 *
 * @example
 * ```ts
 * const ogrn = generateOgrn(Math.random);
 * ```
 */
export function generateOgrn(random: Random): string {
  const body = '1' + randomDigits(11, random, false).join('');
  return body + String(modDecimal(body, 11) % 10);
}

/**
 * A valid 15-digit OGRNIP (first digit 3: an individual entrepreneur).
 *
 * @example
 * ```ts
 * const ogrnip = generateOgrnip(Math.random);
 * ```
 */
export function generateOgrnip(random: Random): string {
  const body = '3' + randomDigits(13, random, false).join('');
  return body + String(modDecimal(body, 13) % 10);
}

/**
 * A seeded pseudo-random generator (mulberry32), for deterministic fixtures.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * generateInnLegal(random);
 * ```
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { formatSnilsForXml };
