import { setImmediate as nextTurn } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/core';
import { computeStatus } from '@mchd/chaincode/model';
import type { PowerOfAttorneyRecord, PowerOfAttorneyStatus } from '@mchd/ledger';
import { PowerOfAttorneyRow } from './entities.js';
import { PowerOfAttorneyIndex, hasLedgerData, splitList } from './index-store.js';

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

/** The columns a cached chain is built from (all the status needs; not the record JSON). */
const CHAIN_FIELDS = [
  'guid',
  'parentGuid',
  'status',
  'principalInn',
  'principalInns',
  'issuedOn',
  'validUntil',
  'revokedAt',
  'revocationReason',
] as const;

/** An index row with at least the {@link CHAIN_FIELDS}. */
type ChainRow = Pick<PowerOfAttorneyRow, (typeof CHAIN_FIELDS)[number]>;

/**
 * Only what the status needs (dates and revocation): a cached chain costs a few hundred bytes. Read from the
 * row's columns, which the projection writes from the record in the same statement as the record itself (with
 * `recordOf`'s defaults for rows of the first table version, which have no record).
 */
function slim(row: ChainRow): PowerOfAttorneyRecord {
  return {
    guid: row.guid,
    issuedOn: row.issuedOn ?? '1970-01-01',
    validUntil: row.validUntil ?? '9999-12-31',
    ...(row.revokedAt ? { revocation: { revokedAt: row.revokedAt, reason: row.revocationReason ?? '' } } : {}),
  } as PowerOfAttorneyRecord;
}

/** The cache entry of a row, given its chain (the row first, its ancestors nearest first). */
function entryOf(row: ChainRow, chain: readonly ChainRow[]): CachedChain {
  const inns = new Set([row.principalInn, ...splitList(row.principalInns)]);
  return hasLedgerData(row as PowerOfAttorneyRow)
    ? { principalInns: inns, chain: chain.map(slim) }
    : { principalInns: inns, chain: [], fixedStatus: row.status as PowerOfAttorneyStatus };
}

/** Options of {@link CheckService.warmUp}. */
export interface WarmUpOptions {
  /** Rows per query (default 1,000). */
  readonly batchSize?: number;
  /** Stops the warm-up between (or after) batches. */
  readonly signal?: AbortSignal;
  /** Fill the cache up to this many entries at most (default and ceiling: the cache bound, 250,000). */
  readonly maxEntries?: number;
}

/** What {@link CheckService.warmUp} did. */
export interface WarmUpReport {
  /** Chains put in the cache. */
  readonly warmed: number;
  /** Index rows read (the MCHDs themselves, not the ancestors read for their chains). */
  readonly rows: number;
  /** How long it took, in milliseconds. */
  readonly ms: number;
  /** Why it ended: every row read, the cache full, or stopped by the signal. */
  readonly ended: 'done' | 'full' | 'aborted';
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
  /** GUIDs evicted while a warm-up batch is read, one set per batch under way (see {@link warmUp}). */
  private readonly evictedDuringWarmUp = new Set<Set<string>>();

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
      for (const evicted of this.evictedDuringWarmUp) evicted.add(guid);
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

  /**
   * Loads the chains of the indexed MCHDs into the cache, in primary-key order, `batchSize` rows per query plus one
   * query per missing level of ancestors, until every row is read or the cache holds `maxEntries`. Yields to the
   * event loop between batches, so requests are served meanwhile. A GUID a request cached first is left alone, and
   * a chain with a member evicted while its batch was read is not cached (it is loaded on its next check instead),
   * so that an eviction during the warm-up never leaves a stale entry.
   *
   * @example
   * ```ts
   * const { warmed, ms } = await check.warmUp({ signal: controller.signal });
   * ```
   */
  async warmUp(options: WarmUpOptions = {}): Promise<WarmUpReport> {
    const started = performance.now();
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    const maxEntries = Math.min(options.maxEntries ?? MAX_ENTRIES, MAX_ENTRIES);
    let warmed = 0;
    let read = 0;
    let after: string | undefined;
    let ended: WarmUpReport['ended'] = 'done';
    for (;;) {
      if (options.signal?.aborted) {
        ended = 'aborted';
        break;
      }
      if (this.cache.size >= maxEntries) {
        ended = 'full';
        break;
      }
      const evicted = new Set<string>();
      this.evictedDuringWarmUp.add(evicted);
      let rows: ChainRow[];
      let known: Map<string, ChainRow>;
      try {
        const em = this.orm.em.fork();
        rows = await em.find(PowerOfAttorneyRow, after === undefined ? {} : { guid: { $gt: after } }, {
          fields: [...CHAIN_FIELDS],
          orderBy: { guid: 'asc' },
          limit: batchSize,
          disableIdentityMap: true,
        });
        known = new Map(rows.map((r) => [r.guid, r]));
        // Parents not in the batch, one query per level (chains are a few levels deep).
        for (let level = 0; level < 64; level += 1) {
          const missing = new Set<string>();
          for (const r of known.values()) {
            const parent = r.parentGuid?.toLowerCase();
            if (parent && !known.has(parent)) missing.add(parent);
          }
          if (missing.size === 0) break;
          const parents: ChainRow[] = await em.find(
            PowerOfAttorneyRow,
            { guid: { $in: [...missing] } },
            { fields: [...CHAIN_FIELDS], disableIdentityMap: true },
          );
          for (const p of parents) known.set(p.guid, p);
          if (parents.length < missing.size) {
            // Missing parents end their chains (as in `chainOf`); keep them out of the next level's lookup.
            for (const guid of missing) if (!known.has(guid)) known.set(guid, MISSING);
          }
        }
      } finally {
        this.evictedDuringWarmUp.delete(evicted);
      }
      read += rows.length;
      for (const row of rows) {
        if (this.cache.size >= maxEntries) break;
        if (this.cache.has(row.guid)) continue;
        const chain = chainFrom(row, known);
        const dangling = danglingParent(chain);
        if (chain.some((r) => evicted.has(r.guid)) || (dangling && evicted.has(dangling))) continue;
        this.store(row.guid, entryOf(row, chain), chain);
        warmed += 1;
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) {
        ended = this.cache.size >= maxEntries ? 'full' : 'done';
        break;
      }
      after = last.guid;
      await nextTurn();
    }
    return { warmed, rows: read, ms: Math.round(performance.now() - started), ended };
  }

  private async load(guid: string): Promise<CachedChain | null> {
    const epoch = this.epoch;
    const index = new PowerOfAttorneyIndex(this.orm.em.fork());
    const row = await index.get(guid);
    let entry: CachedChain | null = null;
    let chain: PowerOfAttorneyRow[] = [];
    if (row) {
      chain = await index.chainOf(row);
      entry = entryOf(row, chain);
    }
    if (this.cache.size >= MAX_ENTRIES) {
      this.cache.clear();
      this.dependents.clear();
    }
    if (epoch === this.epoch) this.store(guid, entry, chain);
    return entry;
  }

  /**
   * Caches an entry and registers it as a dependent of each of its ancestors, and of the parent its chain stops at
   * when the index lacks it, so that their eviction (a revocation, or that parent's registration) drops it.
   */
  private store(guid: string, entry: CachedChain | null, chain: readonly ChainRow[]): void {
    const ancestors = chain.slice(1).map((r) => r.guid);
    const dangling = danglingParent(chain);
    if (dangling) ancestors.push(dangling);
    for (const ancestor of ancestors) {
      let set = this.dependents.get(ancestor);
      if (!set) this.dependents.set(ancestor, (set = new Set()));
      set.add(guid);
    }
    this.cache.set(guid, entry);
  }
}

/** The parent GUID a chain stops at because the index does not have it (not one already in the chain). */
function danglingParent(chain: readonly ChainRow[]): string | undefined {
  const parent = chain[chain.length - 1]?.parentGuid?.toLowerCase();
  return parent && !chain.some((r) => r.guid === parent) ? parent : undefined;
}

/** Marks a parent GUID the index does not have. */
const MISSING = { guid: '' } as ChainRow;

/** The chain of `row` from rows at hand: the row, then its ancestors nearest first, ending at a missing parent. */
function chainFrom(row: ChainRow, known: ReadonlyMap<string, ChainRow>): ChainRow[] {
  const chain = [row];
  const seen = new Set([row.guid]);
  let parent = row.parentGuid?.toLowerCase();
  while (parent && !seen.has(parent) && chain.length < 64) {
    const next = known.get(parent);
    if (!next || next === MISSING) break;
    chain.push(next);
    seen.add(next.guid);
    parent = next.parentGuid?.toLowerCase();
  }
  return chain;
}
