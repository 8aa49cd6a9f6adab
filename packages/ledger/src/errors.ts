import type { RegistryErrorCode } from '@mchd/chaincode/model';

/** Every code a {@link LedgerError} can carry: the contract's refusals plus LEDGER_UNAVAILABLE. */
export type LedgerErrorCode = RegistryErrorCode | 'LEDGER_UNAVAILABLE';

/**
 * A ledger failure with a stable `code`: a refusal by the contract (`MCHD_ALREADY_REGISTERED`, `PARENT_NOT_FOUND`,
 * `PARENT_NOT_ACTIVE`, `REDELEGATION_NOT_ALLOWED`, `VALIDITY_EXCEEDS_PARENT`, `POWERS_EXCEED_PARENT`, `IRREVOCABLE`,
 * `NOT_FOUND`, `FORBIDDEN`, `INVALID_INPUT`) or `LEDGER_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * try {
 *   await ledger.register(metadata, identity);
 * } catch (e) {
 *   if (e instanceof LedgerError && e.code === 'PARENT_NOT_ACTIVE') reportToUser(e.message);
 *   else throw e;
 * }
 * ```
 */
export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  constructor(code: LedgerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerError';
    this.code = code;
  }
}

/**
 * The ledger could not be reached or could not make a transaction durable; the transaction may or may not have
 * committed (registration is idempotent: retry it).
 *
 * @example
 * ```ts
 * if (e instanceof LedgerUnavailableError) await retryLater();
 * ```
 */
export class LedgerUnavailableError extends LedgerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LEDGER_UNAVAILABLE', message, options);
    this.name = 'LedgerUnavailableError';
  }
}
