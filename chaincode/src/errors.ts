/** Stable codes of the contract's refusals. Clients match on these, never on message text. */
export const RegistryErrorCode = {
  MCHD_ALREADY_REGISTERED: 'MCHD_ALREADY_REGISTERED',
  PARENT_NOT_FOUND: 'PARENT_NOT_FOUND',
  PARENT_NOT_ACTIVE: 'PARENT_NOT_ACTIVE',
  REDELEGATION_NOT_ALLOWED: 'REDELEGATION_NOT_ALLOWED',
  VALIDITY_EXCEEDS_PARENT: 'VALIDITY_EXCEEDS_PARENT',
  POWERS_EXCEED_PARENT: 'POWERS_EXCEED_PARENT',
  IRREVOCABLE: 'IRREVOCABLE',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  /** Malformed arguments: missing fields, bad identifiers, dates or hashes. */
  INVALID_INPUT: 'INVALID_INPUT',
} as const;
export type RegistryErrorCode = (typeof RegistryErrorCode)[keyof typeof RegistryErrorCode];

const CODES = new Set<string>(Object.values(RegistryErrorCode));

/**
 * A refusal by the contract. The message starts with `[CODE]` so that the code survives Fabric, which passes only
 * the message text of a chaincode error back to the client (see {@link parseRegistryErrorMessage}).
 *
 * @example
 * ```ts
 * throw new RegistryError('NOT_FOUND', `no MCHD ${guid}`);
 * ```
 */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  constructor(code: RegistryErrorCode, detail: string) {
    super(`[${code}] ${detail}`);
    this.name = 'RegistryError';
    this.code = code;
  }
}

/**
 * Finds the `[CODE] detail` a {@link RegistryError} put into a message, wherever Fabric embedded it (e.g. in
 * `chaincode response 500, [NOT_FOUND] no MCHD …`).
 *
 * @example
 * ```ts
 * parseRegistryErrorMessage('chaincode response 500, [NOT_FOUND] no MCHD x'); // { code: 'NOT_FOUND', detail: 'no MCHD x' }
 * ```
 */
export function parseRegistryErrorMessage(message: string): { code: RegistryErrorCode; detail: string } | undefined {
  const match = /\[([A-Z_]+)\] ([^\n]*)/.exec(message);
  if (!match || !CODES.has(match[1] ?? '')) return undefined;
  return { code: match[1] as RegistryErrorCode, detail: match[2] ?? '' };
}
