import { InvalidIdentifierError, type IdentifierKind, type IdentifierProblem } from './identifier-error.js';

/** The result of checking one identifier: `null` when valid, otherwise what is wrong with it. */
export type IdentifierCheck = IdentifierProblem | null;

const digits = (value: string): number[] => Array.from(value, (c) => c.charCodeAt(0) - 48);

const weightedSum = (d: readonly number[], weights: readonly number[]): number =>
  weights.reduce((sum, w, i) => sum + w * (d[i] ?? 0), 0);

const INN_LEGAL = /^([0-9][1-9]|[1-9][0-9])[0-9]{8}$/;
const INN_PERSON = /^([0-9][1-9]|[1-9][0-9])[0-9]{10}$/;
const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/**
 * Checks the INN of a legal entity (10 digits) with its check digit.
 *
 * @example
 * ```ts
 * checkInnLegal('7707083893'); // null
 * checkInnLegal('7707083894'); // 'CHECKSUM'
 * ```
 */
export function checkInnLegal(value: string): IdentifierCheck {
  if (!INN_LEGAL.test(value)) return 'FORMAT';
  const d = digits(value);
  return (weightedSum(d, W10) % 11) % 10 === d[9] ? null : 'CHECKSUM';
}

/**
 * Checks the INN of a person or entrepreneur (12 digits) with its two check digits.
 *
 * @example
 * ```ts
 * checkInnPerson('500100732259'); // null
 * ```
 */
export function checkInnPerson(value: string): IdentifierCheck {
  if (!INN_PERSON.test(value)) return 'FORMAT';
  const d = digits(value);
  const c11 = (weightedSum(d, W11) % 11) % 10;
  const c12 = (weightedSum(d, W12) % 11) % 10;
  return c11 === d[10] && c12 === d[11] ? null : 'CHECKSUM';
}

/**
 * Checks an INN of either length: 10 digits (legal entity) or 12 digits (person, entrepreneur).
 *
 * @example
 * ```ts
 * checkInn('7707083893'); // null
 * ```
 */
export function checkInn(value: string): IdentifierCheck {
  if (value.length === 10) return checkInnLegal(value);
  if (value.length === 12) return checkInnPerson(value);
  return 'FORMAT';
}

const SNILS_FORMATTED = /^([0-9]{3})-([0-9]{3})-([0-9]{3})[ -]([0-9]{2})$/;
const SNILS_PLAIN = /^[0-9]{11}$/;

/**
 * Normalizes a SNILS written as `XXX-XXX-XXX YY`, `XXX-XXX-XXX-YY` or 11 bare digits to 11 digits,
 * or returns `null` when it has none of these forms.
 *
 * @example
 * ```ts
 * normalizeSnils('112-233-445 95'); // '11223344595'
 * ```
 */
export function normalizeSnils(value: string): string | null {
  if (SNILS_PLAIN.test(value)) return value;
  const m = SNILS_FORMATTED.exec(value);
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}` : null;
}

/**
 * Formats 11 SNILS digits the way the MCHD schema writes them: `XXX-XXX-XXX-YY`.
 *
 * @example
 * ```ts
 * formatSnilsForXml('11223344595'); // '112-233-445-95'
 * ```
 */
export function formatSnilsForXml(digits11: string): string {
  return `${digits11.slice(0, 3)}-${digits11.slice(3, 6)}-${digits11.slice(6, 9)}-${digits11.slice(9, 11)}`;
}

/**
 * Checks a SNILS (any accepted written form) with its check number. Numbers up to 001-001-998 were issued
 * before check numbers existed and are accepted on form alone.
 *
 * @example
 * ```ts
 * checkSnils('112-233-445 95'); // null
 * ```
 */
export function checkSnils(value: string): IdentifierCheck {
  const plain = normalizeSnils(value);
  if (plain === null) return 'FORMAT';
  const d = digits(plain);
  const number = Number(plain.slice(0, 9));
  if (number <= 1001998) return null;
  const sum = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  let check = sum % 101;
  if (check === 100) check = 0;
  return check === Number(plain.slice(9)) ? null : 'CHECKSUM';
}

const OGRN = /^[0-9]{13}$/;
const OGRNIP = /^[0-9]{15}$/;

/** Remainder of a long decimal number (as a string) divided by a small modulus, without precision loss. */
const mod = (decimal: string, m: number): number => {
  let r = 0;
  for (const c of decimal) r = (r * 10 + (c.charCodeAt(0) - 48)) % m;
  return r;
};

/**
 * Checks an OGRN (13 digits): the first 12 modulo 11, modulo 10, equal the last.
 *
 * @example
 * ```ts
 * checkOgrn('1027700132195'); // null
 * ```
 */
export function checkOgrn(value: string): IdentifierCheck {
  if (!OGRN.test(value)) return 'FORMAT';
  return mod(value.slice(0, 12), 11) % 10 === Number(value[12]) ? null : 'CHECKSUM';
}

/**
 * Checks an OGRNIP (15 digits): the first 14 modulo 13, modulo 10, equal the last.
 *
 * @example
 * ```ts
 * checkOgrnip('304500116000157'); // null
 * ```
 */
export function checkOgrnip(value: string): IdentifierCheck {
  if (!OGRNIP.test(value)) return 'FORMAT';
  return mod(value.slice(0, 14), 13) % 10 === Number(value[14]) ? null : 'CHECKSUM';
}

const KPP = /^([0-9][1-9]|[1-9][0-9])([0-9]{2})([0-9A-Z]{2})([0-9]{3})$/;

/**
 * Checks the form of a KPP (9 characters; it has no check digit).
 *
 * @example
 * ```ts
 * checkKpp('773601001'); // null
 * ```
 */
export function checkKpp(value: string): IdentifierCheck {
  return KPP.test(value) ? null : 'FORMAT';
}

const CHECKS: Record<IdentifierKind, (value: string) => IdentifierCheck> = {
  INN: checkInn,
  INN_LEGAL: checkInnLegal,
  INN_PERSON: checkInnPerson,
  SNILS: checkSnils,
  OGRN: checkOgrn,
  OGRNIP: checkOgrnip,
  KPP: checkKpp,
};

/**
 * Checks `value` as an identifier of `kind` and throws {@link InvalidIdentifierError} when it is not valid.
 *
 * @example
 * ```ts
 * assertIdentifier('OGRN', '1027700132195');
 * ```
 */
export function assertIdentifier(kind: IdentifierKind, value: string): void {
  const problem = CHECKS[kind](value);
  if (problem) throw new InvalidIdentifierError(kind, value, problem);
}

/**
 * Checks `value` as an identifier of `kind`: `null` when valid, otherwise the problem.
 *
 * @example
 * ```ts
 * checkIdentifier('KPP', '773601001'); // null
 * ```
 */
export function checkIdentifier(kind: IdentifierKind, value: string): IdentifierCheck {
  return CHECKS[kind](value);
}
