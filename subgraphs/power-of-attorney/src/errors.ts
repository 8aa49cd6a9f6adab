import { GraphQLError } from 'graphql';

/**
 * Codes of the power-of-attorney subgraph's refusals (`extensions.code`); document errors carry the XML path in
 * `extensions.path`:
 * - format: `MCHD_MALFORMED_XML`, `MCHD_SCHEMA_VIOLATION`, `MCHD_INVALID_IDENTIFIER`, `MCHD_UNSUPPORTED_FORMAT`,
 *   `MCHD_INVALID_DATE`, `MCHD_REDELEGATION_INCONSISTENT`, `MCHD_PARTY_TYPE_MISMATCH`, `MCHD_POWERS_INCONSISTENT`,
 *   `MCHD_GUID_MISSING`, `MCHD_INVALID_GUID`, `MCHD_FORBIDDEN_DTD`, `MCHD_TOO_DEEP`, `INPUT_TOO_LARGE`;
 * - signature: `SIGNATURE_MALFORMED`, `SIGNATURE_INVALID` (also a digest mismatch, a broken or untrusted chain, a
 *   revoked certificate: `extensions.reason` names the check), `CERTIFICATE_NOT_VALID_AT_SIGNING`,
 *   `SIGNER_NOT_AUTHORIZED`;
 * - ledger: `MCHD_ALREADY_REGISTERED`, `PARENT_NOT_ACTIVE`, `REDELEGATION_NOT_ALLOWED`, `VALIDITY_EXCEEDS_PARENT`,
 *   `POWERS_EXCEED_PARENT`, `IRREVOCABLE`, `LEDGER_UNAVAILABLE`;
 * - access and lookup: `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `BAD_USER_INPUT`.
 */
export type PowerOfAttorneyErrorCode =
  | 'MCHD_MALFORMED_XML'
  | 'MCHD_SCHEMA_VIOLATION'
  | 'MCHD_INVALID_IDENTIFIER'
  | 'MCHD_UNSUPPORTED_FORMAT'
  | 'MCHD_INVALID_DATE'
  | 'MCHD_REDELEGATION_INCONSISTENT'
  | 'MCHD_PARTY_TYPE_MISMATCH'
  | 'MCHD_POWERS_INCONSISTENT'
  | 'MCHD_GUID_MISSING'
  | 'MCHD_INVALID_GUID'
  | 'MCHD_FORBIDDEN_DTD'
  | 'MCHD_TOO_DEEP'
  | 'MCHD_FILE_NAME_MISMATCH'
  | 'INPUT_TOO_LARGE'
  | 'SIGNATURE_MALFORMED'
  | 'SIGNATURE_INVALID'
  | 'CERTIFICATE_NOT_VALID_AT_SIGNING'
  | 'SIGNER_NOT_AUTHORIZED'
  | 'MCHD_ALREADY_REGISTERED'
  | 'PARENT_NOT_ACTIVE'
  | 'REDELEGATION_NOT_ALLOWED'
  | 'VALIDITY_EXCEEDS_PARENT'
  | 'POWERS_EXCEED_PARENT'
  | 'IRREVOCABLE'
  | 'LEDGER_UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT';

/**
 * A refusal of the power-of-attorney subgraph: a stable `code` and, for a document error, the XML `path`. It is a
 * GraphQL error carrying both in `extensions`, so clients get `extensions.code` and `extensions.path` as they are.
 *
 * @example
 * ```ts
 * throw new PowerOfAttorneyError('SIGNER_NOT_AUTHORIZED', "the signer is none of the principal's signatories");
 * ```
 */
export class PowerOfAttorneyError extends GraphQLError {
  readonly code: PowerOfAttorneyErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: PowerOfAttorneyErrorCode,
    message: string,
    details: { readonly path?: string; readonly [key: string]: unknown } = {},
  ) {
    super(message, { extensions: { code, ...details } });
    this.name = 'PowerOfAttorneyError';
    this.code = code;
    this.details = details;
  }

  /** The XML path of a document error, when there is one. */
  get xmlPath(): string | undefined {
    return typeof this.details.path === 'string' ? this.details.path : undefined;
  }
}
