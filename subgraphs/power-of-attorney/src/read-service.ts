import type { FilterQuery, MikroORM } from '@mikro-orm/core';
import { hasRole, requireCaller, type Caller } from '@mchd/auth';
import type { Ledger } from '@mchd/ledger';
import { paginate, type Connection, type ConnectionArgs } from '@mchd/subgraph-kit';
import { PowerOfAttorneyRow } from './entities.js';
import { PowerOfAttorneyError } from './errors.js';
import { PowerOfAttorneyIndex, statusOfChain } from './index-store.js';

/** One change of an MCHD as the ledger's history shows it. */
export interface HistoryChange {
  readonly type: 'REGISTERED' | 'REVOKED';
  readonly transactionId: string;
  readonly blockNumber: number;
  readonly at: string;
  readonly reason: string | null;
}

/** Search filters (see `PowerOfAttorneyFilter`). */
export interface SearchFilter {
  readonly principalInn?: string | null;
  readonly representativeInn?: string | null;
  readonly representativeSnils?: string | null;
  readonly status?: string | null;
  readonly issuedFrom?: string | null;
  readonly issuedTo?: string | null;
  readonly validOn?: string | null;
  readonly powerCode?: string | null;
}

const like = (value: string) => ({ $like: `%|${value}|%` });

/**
 * Reads for the API: the ledger history of an MCHD, and the cursor-paginated search over the index (oldest
 * registration first). Callers that are not auditors, operators or services see only their organizations'.
 *
 * @example
 * ```ts
 * const page = await reads.search(caller, { principalInn: '7707083893' }, { first: 20 });
 * ```
 */
export class ReadService {
  constructor(
    private readonly orm: MikroORM,
    private readonly ledger: Ledger,
    private readonly clock: () => Date,
  ) {}

  /** Every change of the record on the ledger, oldest first. */
  async history(guid: string): Promise<HistoryChange[]> {
    const items = await this.ledger.history(guid).catch(() => []);
    const out: HistoryChange[] = [];
    let revoked = false;
    for (const item of items) {
      const record = item.record;
      if (!record) continue;
      if (out.length === 0) {
        out.push({
          type: 'REGISTERED',
          transactionId: item.transactionId,
          blockNumber: item.blockNumber,
          at: item.timestamp,
          reason: null,
        });
      } else if (record.revocation && !revoked) {
        out.push({
          type: 'REVOKED',
          transactionId: item.transactionId,
          blockNumber: item.blockNumber,
          at: record.revocation.revokedAt,
          reason: record.revocation.reason,
        });
      }
      revoked = !!record.revocation;
    }
    return out;
  }

  async search(
    caller: Caller | null,
    filter: SearchFilter,
    args: ConnectionArgs,
  ): Promise<Connection<PowerOfAttorneyRow>> {
    const c = requireCaller(caller);
    const and: FilterQuery<PowerOfAttorneyRow>[] = [];
    if (!hasRole(c, 'auditor', 'operator', 'service')) {
      if (filter.principalInn && !c.orgs.includes(filter.principalInn)) {
        throw new PowerOfAttorneyError('FORBIDDEN', `you do not act for ${filter.principalInn}`, {
          path: 'filter.principalInn',
        });
      }
      if (c.orgs.length === 0)
        throw new PowerOfAttorneyError('FORBIDDEN', 'searching needs acting for an organization');
      and.push({ $or: c.orgs.map((inn) => ({ principalInns: like(inn) })) });
    }
    const now = this.clock();
    const nowIso = now.toISOString();
    if (filter.principalInn)
      and.push({ $or: [{ principalInn: filter.principalInn }, { principalInns: like(filter.principalInn) }] });
    if (filter.representativeInn) and.push({ representativeIds: like(filter.representativeInn) });
    if (filter.representativeSnils) and.push({ representativeIds: like(filter.representativeSnils) });
    if (filter.powerCode) and.push({ powers: like(filter.powerCode) });
    if (filter.issuedFrom) and.push({ issuedOn: { $gte: filter.issuedFrom } });
    if (filter.issuedTo) and.push({ issuedOn: { $lte: filter.issuedTo } });
    if (filter.validOn) and.push({ issuedOn: { $lte: filter.validOn }, validUntil: { $gte: filter.validOn } });
    const today = new Date(now.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
    const notRevoked = { $or: [{ revokedAt: null }, { revokedAt: { $gt: nowIso } }] };
    switch (filter.status) {
      case 'REVOKED':
        and.push({ revokedAt: { $lte: nowIso } });
        break;
      case 'EXPIRED':
        and.push({ validUntilAt: { $lte: nowIso } }, notRevoked);
        break;
      case 'NOT_YET_VALID':
        and.push({ issuedOn: { $gt: today } }, notRevoked);
        break;
      case 'ACTIVE':
      case 'PARENT_INVALID':
        and.push({ issuedOn: { $lte: today }, validUntilAt: { $gt: nowIso } }, notRevoked);
        break;
      default:
        break;
    }
    const where: FilterQuery<PowerOfAttorneyRow> = and.length > 0 ? { $and: and } : {};
    const em = this.orm.em.fork();
    const index = new PowerOfAttorneyIndex(em);
    const keyOf = (r: PowerOfAttorneyRow) => `${r.createdAt}|${r.guid}`;
    const wantsChain = filter.status === 'ACTIVE' || filter.status === 'PARENT_INVALID';
    return paginate(args, {
      fetch: async (after, limit) => {
        const rows: PowerOfAttorneyRow[] = [];
        let cursor = after;
        // The chain-dependent statuses are checked after the query: read further pages until this one is full.
        for (let round = 0; round < 20 && rows.length < limit; round++) {
          const page = await em.find(PowerOfAttorneyRow, cursor ? { $and: [where, this.afterKey(cursor)] } : where, {
            orderBy: { createdAt: 'asc', guid: 'asc' },
            limit,
          });
          for (const row of page) {
            if (!wantsChain || statusOfChain(await index.chainOf(row), now).status === filter.status) rows.push(row);
          }
          if (page.length < limit || !wantsChain) break;
          cursor = keyOf(page[page.length - 1]!);
        }
        return rows.slice(0, limit);
      },
      count: () => em.count(PowerOfAttorneyRow, where),
      key: keyOf,
    });
  }

  private afterKey(key: string): FilterQuery<PowerOfAttorneyRow> {
    const [createdAt = '', guid = ''] = key.split('|');
    return { $or: [{ createdAt: { $gt: createdAt } }, { createdAt, guid: { $gt: guid } }] };
  }
}
