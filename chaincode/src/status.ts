import type { PowerOfAttorneyRecord, PowerOfAttorneyStatus, StatusReport } from './metadata.js';

/**
 * MCHD dates are calendar dates without a zone; the registry is the FNS's, so they are read in Moscow time
 * (UTC+3 all year since 2014). A document is valid from its issue date 00:00 to the end of its last day.
 */
const MOSCOW_OFFSET = '+03:00';
const DAY_MS = 86_400_000;

/** Validity window of a record in epoch milliseconds: `[from, until)`. */
export function validityWindow(record: Pick<PowerOfAttorneyRecord, 'issuedOn' | 'validUntil'>): {
  from: number;
  until: number;
} {
  return {
    from: Date.parse(`${record.issuedOn}T00:00:00${MOSCOW_OFFSET}`),
    until: Date.parse(`${record.validUntil}T00:00:00${MOSCOW_OFFSET}`) + DAY_MS,
  };
}

/**
 * Status of one record by itself at `at` (ms), ignoring its ancestors. A revocation counts from its `revokedAt`;
 * one that took effect after the document had expired leaves it EXPIRED.
 */
export function ownStatus(record: PowerOfAttorneyRecord, at: number): PowerOfAttorneyStatus {
  const { from, until } = validityWindow(record);
  if (record.revocation) {
    const revokedAt = Date.parse(record.revocation.revokedAt);
    if (revokedAt <= at && revokedAt < until) return 'REVOKED';
  }
  if (at < from) return 'NOT_YET_VALID';
  if (at >= until) return 'EXPIRED';
  return 'ACTIVE';
}

/**
 * Status at `at` (ms) of the first record of `chain`, given its ancestors nearest first (`chain[0]` the record,
 * `chain[1]` its parent, …, the root last). Pure and deterministic: the same chain and instant always give the same
 * answer, on every peer.
 *
 * @example
 * ```ts
 * const report = computeStatus([child, parent, root], Date.parse('2026-01-01T00:00:00Z'));
 * ```
 */
export function computeStatus(chain: readonly PowerOfAttorneyRecord[], at: number): StatusReport {
  const [record, ...ancestors] = chain;
  if (!record) throw new Error('computeStatus needs at least one record');
  const { from, until } = validityWindow(record);
  const base = {
    guid: record.guid,
    at: new Date(at).toISOString(),
    validFrom: new Date(from).toISOString(),
    validUntil: new Date(until).toISOString(),
    ...(record.revocation
      ? { revokedAt: record.revocation.revokedAt, revocationReason: record.revocation.reason }
      : {}),
  };
  const own = ownStatus(record, at);
  if (own !== 'ACTIVE') return { ...base, status: own };
  for (const ancestor of ancestors) {
    const status = ownStatus(ancestor, at);
    if (status !== 'ACTIVE') {
      return { ...base, status: 'PARENT_INVALID', invalidAncestor: { guid: ancestor.guid, status } };
    }
  }
  return { ...base, status: 'ACTIVE' };
}
