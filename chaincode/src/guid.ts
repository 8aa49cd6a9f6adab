import { createHash } from 'node:crypto';

/**
 * A GUID for a document that has none, derived from the transaction id (the same on every endorsing peer): SHA-256
 * of the id, formatted as an RFC 9562 version-8 (custom) UUID.
 *
 * @example
 * ```ts
 * const guid = record.guid ?? deriveGuid(ctx.stub.getTxID());
 * ```
 */
export function deriveGuid(txId: string): string {
  const h = createHash('sha256').update(`mchd-guid:${txId}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x80;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
