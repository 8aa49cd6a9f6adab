import { checkIdentifier, normalizeSnils, type IdentifierKind } from '@mchd/identifiers';
import { BadUserInputError, InvalidIdentifierArgumentError } from '@mchd/subgraph-kit';

/**
 * Checks an identifier argument with its real checksum; `INVALID_IDENTIFIER` naming the argument path
 * (e.g. `input.inn`) when it fails. Returns the value in stored form (SNILS: 11 digits).
 *
 * @example
 * ```ts
 * const inn = checkIdentifierArg('INN_PERSON', input.inn, 'input.inn');
 * ```
 */
export function checkIdentifierArg(kind: IdentifierKind, value: string, path: string): string {
  const trimmed = value.trim();
  const problem = checkIdentifier(kind, trimmed);
  if (problem) {
    const what = problem === 'FORMAT' ? 'has the wrong form' : 'has a wrong check digit';
    throw new InvalidIdentifierArgumentError(`${path}: ${kind} "${value}" ${what}`, path, kind, problem);
  }
  return kind === 'SNILS' ? (normalizeSnils(trimmed) ?? trimmed) : trimmed;
}

/** A required, non-empty text argument (trimmed), at most `max` characters. */
export function requiredText(value: string, path: string, max: number): string {
  const text = value.trim();
  if (text === '') throw new BadUserInputError(`${path} must not be empty`, path);
  if (text.length > max) throw new BadUserInputError(`${path} is longer than ${max} characters`, path);
  return text;
}

/** An optional text argument: trimmed, empty → null. */
export function optionalText(value: string | null | undefined, path: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text.length > max) throw new BadUserInputError(`${path} is longer than ${max} characters`, path);
  return text === '' ? null : text;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` calendar date that exists. */
export function checkDate(value: string, path: string): string {
  const m = DATE.exec(value.trim());
  const d = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value.trim()) {
    throw new BadUserInputError(`${path} must be a date YYYY-MM-DD, got "${value}"`, path);
  }
  return value.trim();
}
