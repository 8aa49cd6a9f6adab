/** The stable codes of this package's errors and verdict problems. */
export type PkiErrorCode =
  | 'SIGNATURE_MALFORMED'
  | 'SIGNATURE_INVALID'
  | 'DIGEST_MISMATCH'
  | 'CERTIFICATE_NOT_VALID_AT_SIGNING'
  | 'CERTIFICATE_REVOKED'
  | 'CHAIN_INVALID'
  | 'UNTRUSTED_ROOT'
  | 'UNSUPPORTED_ALGORITHM'
  | 'TIMESTAMP_INVALID'
  | 'CERTIFICATE_MALFORMED'
  | 'CSR_INVALID'
  | 'KEY_MALFORMED'
  | 'TRUST_STORE_UNREADABLE';

/**
 * An error of this package, with a stable `code` a caller can act on.
 *
 * @example
 * ```ts
 * try { parseCertificate(bytes); } catch (e) { if (e instanceof PkiError && e.code === 'CERTIFICATE_MALFORMED') … }
 * ```
 */
export class PkiError extends Error {
  constructor(
    readonly code: PkiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PkiError';
  }
}

/** One problem found while verifying: a code and a human-readable message. */
export interface VerificationProblem {
  readonly code: PkiErrorCode;
  readonly message: string;
}
