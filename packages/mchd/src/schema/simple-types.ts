/**
 * Checks of XSD simple types (the facets the MCHD schemas use), compiled once per type into a closure.
 * Written by hand: no maintained JavaScript library checks XSD datatypes without a whole XSD engine.
 */
import type { SimpleTypeDef } from './schema-model.js';

/** Returns null when `value` is valid, otherwise what is wrong. */
export type SimpleCheck = (value: string) => string | null;

/** Length in characters (code points), as XSD counts them. */
function cpLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) === 0xdc00) n--;
  return n;
}

/** An XSD regular expression as a JavaScript one: XSD patterns are anchored and `\d` means any Unicode digit. */
export function xsdPatternToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/\\(.)/g, (_m, c: string) => (c === 'd' ? '\\p{Nd}' : c === '-' ? '\\x2D' : `\\${c}`));
  return new RegExp(`^(?:${body})$`, 'u');
}

const collapse = (s: string): string => s.replace(/[\t\n\r ]+/g, ' ').trim();

const DATE = /^(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/**
 * Checks an xs:date lexical value and returns the canonical `YYYY-MM-DD` part (for ordering), or null when the
 * value is not a valid date.
 *
 * @example
 * ```ts
 * parseXsdDate('2024-02-29'); // '2024-02-29'
 * parseXsdDate('2023-02-29'); // null
 * ```
 */
export function parseXsdDate(value: string): string | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [, sign, y = '', mo = '', d = '', tz] = m;
  if (y.length > 4 && y[0] === '0') return null;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysIn(sign ? 1 - year : year, month)) return null;
  if (tz && tz !== 'Z') {
    const hh = Number(tz.slice(1, 3));
    const mm = Number(tz.slice(4, 6));
    if (hh > 14 || mm > 59 || (hh === 14 && mm !== 0)) return null;
  }
  return `${sign}${y}-${mo}-${d}`;
}

const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;

/** Total and fraction digits of a decimal lexical value, without insignificant zeros. */
function digitCounts(v: string): { total: number; fraction: number } {
  const unsigned = v.replace(/^[+-]/, '');
  const [int = '', frac = ''] = unsigned.split('.');
  const i = int.replace(/^0+/, '');
  const f = frac.replace(/0+$/, '');
  return { total: Math.max(1, i.length + f.length), fraction: f.length };
}

const compareDecimal = (a: string, b: string): number => Number(a) - Number(b);

/**
 * Compiles one simple type's facets into a check.
 *
 * @example
 * ```ts
 * const check = compileSimpleType({ base: 'string', minLength: 1, maxLength: 5 });
 * check('abc'); // null
 * ```
 */
export function compileSimpleType(def: SimpleTypeDef): SimpleCheck {
  const patterns = def.patterns?.map(xsdPatternToRegExp);
  const enumeration = def.enumeration ? new Set(def.enumeration) : null;
  const { length, minLength, maxLength, totalDigits, fractionDigits, minInclusive, maxInclusive } = def;
  if (def.base === 'string') {
    return (value) => {
      if (length !== undefined || minLength !== undefined || maxLength !== undefined) {
        const n = cpLength(value);
        if (length !== undefined && n !== length) return `length ${n}, must be ${length}`;
        if (minLength !== undefined && n < minLength) return `length ${n}, must be at least ${minLength}`;
        if (maxLength !== undefined && n > maxLength) return `length ${n}, must be at most ${maxLength}`;
      }
      if (patterns && !patterns.some((p) => p.test(value))) return `does not match ${def.patterns?.join(' | ')}`;
      if (enumeration && !enumeration.has(value)) return `not one of ${[...enumeration].join(', ')}`;
      return null;
    };
  }
  if (def.base === 'date') {
    return (raw) => {
      const date = parseXsdDate(collapse(raw));
      if (date === null) return 'not a valid date (YYYY-MM-DD)';
      if (minInclusive !== undefined && date < minInclusive) return `before ${minInclusive}`;
      if (maxInclusive !== undefined && date > maxInclusive) return `after ${maxInclusive}`;
      return null;
    };
  }
  const pattern = def.base === 'integer' ? INTEGER : DECIMAL;
  return (raw) => {
    const value = collapse(raw);
    if (!pattern.test(value)) return `not ${def.base === 'integer' ? 'an integer' : 'a decimal number'}`;
    const counts = digitCounts(value);
    if (totalDigits !== undefined && counts.total > totalDigits) return `more than ${totalDigits} digits`;
    if (fractionDigits !== undefined && counts.fraction > fractionDigits) {
      return `more than ${fractionDigits} fraction digits`;
    }
    if (minInclusive !== undefined && compareDecimal(value, minInclusive) < 0) return `less than ${minInclusive}`;
    if (maxInclusive !== undefined && compareDecimal(value, maxInclusive) > 0) return `more than ${maxInclusive}`;
    return null;
  };
}
