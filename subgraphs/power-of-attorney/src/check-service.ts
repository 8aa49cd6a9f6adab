import type { MikroORM } from '@mikro-orm/core';
import { computeStatus } from '@mchd/chaincode/model';
import type { PowerOfAttorneyRecord, PowerOfAttorneyStatus } from '@mchd/ledger';
import { PowerOfAttorneyIndex, hasLedgerData, recordOf, splitList } from './index-store.js';

/** The answer of {@link CheckService.check}: what an EDO operator needs about one MCHD. */
export interface CheckResult {
  readonly guid: string;
  readonly status: PowerOfAttorneyStatus | 'NOT_FOUND';
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  /** The instant the status is for. */
  readonly checkedAt: string;
  /** For PARENT_INVALID: the ancestor that is not active. */
  readonly invalidAncestor: string | null;
}

/** What the cache keeps per GUID: the principals and the chain's dates and revocations (nearest first). */
interface CachedChain {
  readonly principalInns: ReadonlySet<string>;
  readonly chain: readonly PowerOfAttorneyRecord[];
  /** Rows of the first table version carry only a status. */
  readonly fixedStatus?: PowerOfAttorneyStatus;
}

const MAX_ENTRIES = 250_000;

/** Only what the status needs (dates and revocation): a cached chain costs a few hundred bytes. */
function slim(row: Parameters<typeof recordOf>[0]): PowerOfAttorneyRecord {
  const r = recordOf(row);
  return {
    guid: r.guid,
    issuedOn: r.issuedOn,
    validUntil: r.validUntil,
    ...(r.revocation ? { revocation: { revokedAt: r.revocation.revokedAt, reason: r.revocation.reason } } : {}),
  } as PowerOfAttorneyRecord;
}

/**
 * `checkPowerOfAttorney`: the status of an MCHD for a principal at an instant, answered from the index. An MCHD's
 * status is a pure function of its chain's dates and revocations and of the instant, so the chain is cached per
 * GUID and computed per request; the cache entry of a GUID (and of every GUID whose chain contains it) is evicted
 * on each logged event for it — from this instance's projection at once, from others' through the event log.
 *
 * @example
 * ```ts
 * const check = new CheckService(orm, () => new Date());
 * const answer = await check.check(guid, '7707083893');
 * ```
 */
export class CheckService {
  private readonly cache = new Map<string, CachedChain | null>();
  /** ancestor GUID → GUIDs whose cached chain contains it. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Grows with every eviction: a load that started before one does not fill the cache. */
  private epoch = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: () => Date,
  ) {}

  /** The status of `guid` for `principalInn` at `at` (default now); NOT_FOUND also when the principal differs. */
  async check(guid: string, principalInn: string, at?: Date | null): Promise<CheckResult> {
    const instant = at ?? this.clock();
    const key = guid.toLowerCase();
    const entry = this.cache.has(key) ? this.cache.get(key) : await this.load(key);
    const checkedAt = instant.toISOString();
    if (!entry || !entry.principalInns.has(principalInn)) {
      return {
        guid: key,
        status: 'NOT_FOUND',
        validFrom: null,
        validUntil: null,
        revokedAt: null,
        revocationReason: null,
        checkedAt,
        invalidAncestor: null,
      };
    }
    if (entry.fixedStatus) {
      return {
        guid: key,
        status: entry.fixedStatus,
        validFrom: null,
        validUntil: null,
        revokedAt: null,
        revocationReason: null,
        checkedAt,
        invalidAncestor: null,
      };
    }
    const report = computeStatus(entry.chain, instant.getTime());
    return {
      guid: key,
      status: report.status,
      validFrom: report.validFrom,
      validUntil: report.validUntil,
      revokedAt: report.revokedAt ?? null,
      revocationReason: report.revocationReason ?? null,
      checkedAt,
      invalidAncestor: report.invalidAncestor?.guid ?? null,
    };
  }

  /** Drops the cached chains of these GUIDs and of every GUID below them. */
  evict(guids: Iterable<string>): void {
    this.epoch += 1;
    for (const guid of guids) {
      this.cache.delete(guid);
      const below = this.dependents.get(guid);
      if (below) {
        for (const d of below) this.cache.delete(d);
        this.dependents.delete(guid);
      }
    }
  }

  /** How many GUIDs are cached (for tests and metrics). */
  get size(): number {
    return this.cache.size;
  }

  private async load(guid: string): Promise<CachedChain | null> {
    const epoch = this.epoch;
    const index = new PowerOfAttorneyIndex(this.orm.em.fork());
    const row = await index.get(guid);
    let entry: CachedChain | null = null;
    if (row) {
      const chain = await index.chainOf(row);
      const inns = new Set([row.principalInn, ...splitList(row.principalInns)]);
      entry = hasLedgerData(row)
        ? { principalInns: inns, chain: chain.map(slim) }
        : { principalInns: inns, chain: [], fixedStatus: row.status as PowerOfAttorneyStatus };
      for (const ancestor of chain.slice(1)) {
        let set = this.dependents.get(ancestor.guid);
        if (!set) this.dependents.set(ancestor.guid, (set = new Set()));
        set.add(guid);
      }
    }
    if (this.cache.size >= MAX_ENTRIES) {
      this.cache.clear();
      this.dependents.clear();
    }
    if (epoch === this.epoch) this.cache.set(guid, entry);
    return entry;
  }
}
