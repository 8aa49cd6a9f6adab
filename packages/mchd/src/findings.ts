/**
 * Findings: what the reader reports about a document. Every finding carries a stable code from
 * {@link FINDING_CODES}, the XML path where it was found and a message for people.
 */

/** One problem found in a document. */
export interface Finding {
  /** A stable code from {@link FINDING_CODES}. */
  readonly code: FindingCode;
  /** XPath-like location: `/Доверенность/Документ/Довер/СвДоверит[1]/…/@ИННЮЛ`; `/` for the whole file. */
  readonly path: string;
  /** What is wrong, in English. */
  readonly message: string;
  /** `error` makes the document invalid; `warning` does not. Absent means `error`. */
  readonly severity?: 'error' | 'warning';
}

/**
 * Every code the format layer reports, with its meaning. Clients act on the code, never on the message.
 *
 * @example
 * ```ts
 * if (result.errors.some((e) => e.code === 'INPUT_TOO_LARGE')) reject();
 * console.log(FINDING_CODES.MCHD_INVALID_IDENTIFIER);
 * ```
 */
export const FINDING_CODES = {
  INPUT_TOO_LARGE: 'The input is larger than the configured limit (default 1 MiB); nothing was parsed.',
  MCHD_FORBIDDEN_DTD:
    'The document has a DOCTYPE, entity declaration or another DTD construct; refused before any expansion.',
  MCHD_TOO_DEEP: 'Elements are nested deeper than the configured limit (default 64); refused before parsing.',
  MCHD_MALFORMED_XML:
    'Not well-formed XML, bytes invalid for the declared encoding, an unsupported encoding or an undefined entity.',
  MCHD_UNSUPPORTED_FORMAT: 'Well-formed XML, but neither an EMCHD_1 (003) nor a 002 power of attorney.',
  MCHD_SCHEMA_VIOLATION:
    'Against the format schema: a missing or unexpected element or attribute, a pattern, length, enumeration or date lexical rule.',
  MCHD_INVALID_IDENTIFIER: 'An INN, SNILS, OGRN or OGRNIP with a wrong check digit, or a KPP of the wrong form.',
  MCHD_INVALID_DATE:
    'A date that breaks the rules between dates: issue after expiry, a re-delegation outliving its root.',
  MCHD_REDELEGATION_INCONSISTENT:
    'Re-delegation fields disagree: a Передов without its root GUID, a parent or root equal to the document itself, or a mark that forbids it.',
  MCHD_PARTY_TYPE_MISMATCH: 'A principal or representative type code without the block that type requires.',
  MCHD_POWERS_INCONSISTENT:
    'ТипПолн says text powers without ТекстПолн, or machine-readable powers without any МашПолн.',
  MCHD_FILE_NAME_MISMATCH: 'The file name (without .xml) differs from ИдФайл.',
  MCHD_GUID_MISSING: 'The document has no GUID (НомДовер); a warning when the reader was told to allow that.',
  MCHD_INVALID_GUID: 'A GUID attribute that is not a 36-character GUID.',
} as const;

/** A code from {@link FINDING_CODES}. */
export type FindingCode = keyof typeof FINDING_CODES;

/** Collects findings while a document is read. */
export class FindingList {
  readonly items: Finding[] = [];

  add(code: FindingCode, path: string, message: string, severity?: 'warning'): void {
    this.items.push(severity ? { code, path, message, severity } : { code, path, message });
  }

  get hasErrors(): boolean {
    return this.items.some((f) => f.severity !== 'warning');
  }
}
