/** Which kind of Russian identifier a value was checked as. */
export type IdentifierKind = 'INN' | 'INN_LEGAL' | 'INN_PERSON' | 'SNILS' | 'OGRN' | 'OGRNIP' | 'KPP';

/** Why an identifier was refused: its form (length, characters, pattern) or its check digits. */
export type IdentifierProblem = 'FORMAT' | 'CHECKSUM';

/**
 * Thrown by the `assert…` functions when an identifier is not valid.
 *
 * @example
 * ```ts
 * try { assertIdentifier('INN', '7707083893'); } catch (e) { if (e instanceof InvalidIdentifierError) console.log(e.kind, e.problem); }
 * ```
 */
export class InvalidIdentifierError extends Error {
  readonly code = 'INVALID_IDENTIFIER';
  constructor(
    readonly kind: IdentifierKind,
    readonly value: string,
    readonly problem: IdentifierProblem,
  ) {
    super(
      problem === 'FORMAT' ? `${kind} "${value}" has the wrong form` : `${kind} "${value}" has a wrong check digit`,
    );
    this.name = 'InvalidIdentifierError';
  }
}
