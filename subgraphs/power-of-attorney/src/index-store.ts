import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { computeStatus, validityWindow } from '@mchd/chaincode/model';
import type { PowerOfAttorneyRecord, PowerOfAttorneyStatus, StatusReport } from '@mchd/ledger';
import { PowerOfAttorneyRow, StoredDocumentRow } from './entities.js';

/** `|a|b|`: a list in one column, searchable with `like '%|a|%'`. */
export function joinList(values: Iterable<string | undefined | null>): string {
  const list = [...new Set([...values].filter((v): v is string => !!v))];
  return list.length > 0 ? `|${list.join('|')}|` : '';
}

/** The items of a `|a|b|` column. */
export function splitList(value: string | null | undefined): string[] {
  return (value ?? '').split('|').filter(Boolean);
}

/** Principal INNs of a record. */
export function principalInnsOf(record: Pick<PowerOfAttorneyRecord, 'principals'>): string[] {
  return record.principals.map((p) => p.inn);
}

/** Representative INNs and SNILS of a record. */
export function representativeIdsOf(record: Pick<PowerOfAttorneyRecord, 'representatives'>): string[] {
  return record.representatives.flatMap((r) => [r.inn, r.snils].filter((v): v is string => !!v));
}

/**
 * Writes a ledger record into the index row of its GUID (creating it), idempotently: the projection and the
 * services that answer right after a ledger write both call it, and a replayed event leaves the same row.
 */
export async function upsertRecord(
  em: EntityManager,
  record: PowerOfAttorneyRecord,
  blockNumber: number,
  now: Date,
): Promise<PowerOfAttorneyRow> {
  const [row] = await upsertRecords(em, [{ record, blockNumber }], now);
  return row as PowerOfAttorneyRow;
}

/** The columns a record sets; all of them are merged into an existing row. */
function recordColumns(record: PowerOfAttorneyRecord, now: Date) {
  const firstRep = record.representatives[0];
  return {
    guid: record.guid,
    number: record.number,
    status: computeStatus([record], now.getTime()).status,
    principalInn: record.principals[0]?.inn ?? '',
    representativeInn: firstRep?.inn ?? null,
    representativeSnils: firstRep?.snils ?? null,
    format: record.format,
    issuedOn: record.issuedOn,
    validUntil: record.validUntil,
    validUntilAt: new Date(validityWindow(record).until).toISOString(),
    redelegation: record.redelegation,
    kind: record.kind,
    parentGuid: record.parentGuid ?? null,
    rootGuid: record.rootGuid,
    powers: joinList(record.powers),
    principalInns: joinList(principalInnsOf(record)),
    representativeIds: joinList(representativeIdsOf(record)),
    revokedAt: record.revocation?.revokedAt ?? null,
    revocationReason: record.revocation?.reason ?? null,
    revokedBy: record.revocation?.by ?? null,
    revocationTransactionId: record.revocation?.transactionId ?? null,
    transactionId: record.registration.transactionId,
    registeredAt: record.registration.registeredAt,
    documentSha256: record.documentSha256,
    signerThumbprint: record.signerThumbprint,
    record: JSON.stringify(record),
  };
}

const MERGED = Object.keys(
  recordColumns(
    {
      guid: '',
      rootGuid: '',
      number: '',
      format: '',
      issuedOn: '2026-01-01',
      validUntil: '2026-01-01',
      principals: [],
      representatives: [],
      powers: [],
      redelegation: 'none',
      kind: 'revocable',
      documentSha256: '',
      documentStreebog256: '',
      signatureSha256: '',
      signatureStreebog256: '',
      signerThumbprint: '',
      registration: { transactionId: '', registeredAt: '', registeredBy: { mspId: '', id: '' } },
    },
    new Date(0),
  ),
) as (keyof PowerOfAttorneyRow)[];

/**
 * Upserts the rows of several records in one statement (one per GUID: the last record wins, the first block
 * number is kept as the creation block). Atomic: the projection and a service answering right after its own ledger
 * write may upsert the same GUID at the same moment, from different instances too. Creation-only fields
 * (`createdAt`, `blockNumber`, `expiredLogged`, person ids) are not merged into an existing row.
 */
export async function upsertRecords(
  em: EntityManager,
  items: readonly { readonly record: PowerOfAttorneyRecord; readonly blockNumber: number }[],
  now: Date,
): Promise<PowerOfAttorneyRow[]> {
  const byGuid = new Map<string, { record: PowerOfAttorneyRecord; blockNumber: number }>();
  for (const item of items) {
    const seen = byGuid.get(item.record.guid);
    byGuid.set(item.record.guid, { record: item.record, blockNumber: seen?.blockNumber ?? item.blockNumber });
  }
  if (byGuid.size === 0) return [];
  const data = [...byGuid.values()].map(({ record, blockNumber }) => ({
    ...recordColumns(record, now),
    createdAt: record.registration.registeredAt,
    blockNumber,
    expiredLogged: false,
    principalPersonId: null,
    representativePersonId: null,
  }));
  return em.upsertMany(PowerOfAttorneyRow, data, {
    onConflictFields: ['guid'],
    onConflictAction: 'merge',
    onConflictMergeFields: MERGED,
  });
}

/** The ledger record kept in a row (a minimal one for rows written before the record column existed). */
export function recordOf(row: PowerOfAttorneyRow): PowerOfAttorneyRecord {
  if (row.record) return JSON.parse(row.record) as PowerOfAttorneyRecord;
  return {
    guid: row.guid,
    rootGuid: row.rootGuid ?? row.guid,
    number: row.number,
    format: row.format ?? 'EMCHD_1',
    issuedOn: row.issuedOn ?? '1970-01-01',
    validUntil: row.validUntil ?? '9999-12-31',
    principals: [{ inn: row.principalInn }],
    representatives: [
      {
        ...(row.representativeInn ? { inn: row.representativeInn } : {}),
        ...(row.representativeSnils ? { snils: row.representativeSnils } : {}),
      },
    ],
    powers: splitList(row.powers),
    redelegation: (row.redelegation as PowerOfAttorneyRecord['redelegation']) ?? 'none',
    kind: (row.kind as PowerOfAttorneyRecord['kind']) ?? 'revocable',
    documentSha256: row.documentSha256 ?? '',
    documentStreebog256: '',
    signatureSha256: '',
    signatureStreebog256: '',
    signerThumbprint: row.signerThumbprint ?? '',
    registration: {
      transactionId: row.transactionId ?? '',
      registeredAt: row.registeredAt ?? row.createdAt,
      registeredBy: { mspId: '', id: '' },
    },
    ...(row.revokedAt
      ? {
          revocation: {
            reason: row.revocationReason ?? '',
            revokedAt: row.revokedAt,
            by: row.revokedBy ?? '',
            transactionId: row.revocationTransactionId ?? '',
            recordedAt: row.revokedAt,
            recordedBy: { mspId: '', id: '' },
          },
        }
      : {}),
  };
}

/** Whether a row carries the ledger's dates (rows of the first table version may not). */
export function hasLedgerData(row: PowerOfAttorneyRow): boolean {
  return !!row.issuedOn && !!row.validUntil;
}

/** Status of a chain (the row first, its ancestors after it, nearest first) at `at`. */
export function statusOfChain(chain: readonly PowerOfAttorneyRow[], at: Date): StatusReport {
  const [first] = chain;
  if (first && !hasLedgerData(first)) {
    return {
      guid: first.guid,
      at: at.toISOString(),
      status: first.status as PowerOfAttorneyStatus,
      validFrom: first.createdAt,
      validUntil: first.createdAt,
    };
  }
  return computeStatus(chain.map(recordOf), at.getTime());
}

/** Reads index rows: one, many, the chain to the root, children, and lists by party. */
export class PowerOfAttorneyIndex {
  constructor(private readonly em: EntityManager) {}

  get(guid: string): Promise<PowerOfAttorneyRow | null> {
    return this.em.findOne(PowerOfAttorneyRow, { guid: guid.toLowerCase() });
  }

  async getMany(guids: readonly string[]): Promise<Map<string, PowerOfAttorneyRow>> {
    if (guids.length === 0) return new Map();
    const rows = await this.em.find(PowerOfAttorneyRow, { guid: { $in: [...new Set(guids)] } });
    return new Map(rows.map((r) => [r.guid, r]));
  }

  /** The row and its ancestors, nearest first (the row itself first, the root last). Stops at a missing parent. */
  async chainOf(row: PowerOfAttorneyRow): Promise<PowerOfAttorneyRow[]> {
    const chain = [row];
    const seen = new Set([row.guid]);
    let parent = row.parentGuid;
    while (parent && !seen.has(parent) && chain.length < 64) {
      const next = await this.get(parent);
      if (!next) break;
      chain.push(next);
      seen.add(next.guid);
      parent = next.parentGuid;
    }
    return chain;
  }

  children(guid: string): Promise<PowerOfAttorneyRow[]> {
    return this.em.find(PowerOfAttorneyRow, { parentGuid: guid }, { orderBy: { guid: 'asc' } });
  }

  /** Descendants of a GUID, breadth first. */
  async descendants(guid: string): Promise<PowerOfAttorneyRow[]> {
    const found: PowerOfAttorneyRow[] = [];
    const queue = [guid];
    for (let next = queue.shift(); next !== undefined && found.length < 10_000; next = queue.shift()) {
      for (const child of await this.children(next)) {
        found.push(child);
        queue.push(child.guid);
      }
    }
    return found;
  }

  /** Rows where the organization (or person) with this INN is a principal, newest first. */
  byPrincipalInn(inn: string): Promise<PowerOfAttorneyRow[]> {
    return this.em.find(
      PowerOfAttorneyRow,
      { $or: [{ principalInn: inn }, { principalInns: { $like: `%|${inn}|%` } }] },
      { orderBy: { createdAt: 'desc', guid: 'asc' } },
    );
  }

  /** Rows where the person with this INN or SNILS is a representative, newest first. */
  byRepresentative(ids: { inn?: string | null; snils?: string | null }): Promise<PowerOfAttorneyRow[]> {
    const or: FilterQuery<PowerOfAttorneyRow>[] = [];
    for (const id of [ids.inn, ids.snils]) {
      if (!id) continue;
      or.push({ representativeIds: { $like: `%|${id}|%` } });
    }
    if (ids.inn) or.push({ representativeInn: ids.inn });
    if (ids.snils) or.push({ representativeSnils: ids.snils });
    if (or.length === 0) return Promise.resolve([]);
    return this.em.find(PowerOfAttorneyRow, { $or: or }, { orderBy: { createdAt: 'desc', guid: 'asc' } });
  }

  /** The stored document of a row, if the document store has it. */
  async document(row: PowerOfAttorneyRow): Promise<StoredDocumentRow | null> {
    if (row.documentSha256) {
      const d = await this.em.findOne(StoredDocumentRow, { documentSha256: row.documentSha256 });
      if (d) return d;
    }
    return this.em.findOne(StoredDocumentRow, { guid: row.guid });
  }
}
