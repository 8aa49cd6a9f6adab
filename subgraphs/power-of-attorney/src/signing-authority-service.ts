import type { MikroORM } from '@mikro-orm/core';
import type { PowerOfAttorneyDocument, Power } from '@mchd/format';
import type { PowerOfAttorneyStatus } from '@mchd/ledger';
import { PowerOfAttorneyError } from './errors.js';
import { PowerOfAttorneyIndex, splitList, statusOfChain } from './index-store.js';
import type { PowerOfAttorneyRow } from './entities.js';

/** Why a representative may not sign. */
export type SigningAuthorityReason =
  | 'NO_POWER_OF_ATTORNEY'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'REVOKED'
  | 'PARENT_INVALID'
  | 'POWER_MISSING'
  | 'RESTRICTION_NOT_MET';

/** A restriction value the document to sign has (e.g. `LIM_01` = `UPD`). */
export interface RestrictionValue {
  readonly code: string;
  readonly value: string;
}

/** The question of {@link SigningAuthorityService.check}. */
export interface SigningAuthorityQuestion {
  readonly representative: { readonly inn?: string | null; readonly snils?: string | null };
  readonly principalInn: string;
  readonly powerCode: string;
  readonly at?: Date | null;
  readonly restrictions?: readonly RestrictionValue[] | null;
}

/** The answer of {@link SigningAuthorityService.check}. */
export interface SigningAuthorityAnswer {
  readonly allowed: boolean;
  /** Why not (null when allowed). */
  readonly reason: SigningAuthorityReason | null;
  /** The chain that grants it, root first (empty when not allowed). */
  readonly chain: readonly PowerOfAttorneyRow[];
  /** Every MCHD of this representative and principal that was considered. */
  readonly considered: readonly string[];
  readonly at: string;
}

const STATUS_REASON: Record<Exclude<PowerOfAttorneyStatus, 'ACTIVE'>, SigningAuthorityReason> = {
  NOT_YET_VALID: 'NOT_YET_VALID',
  EXPIRED: 'EXPIRED',
  REVOKED: 'REVOKED',
  PARENT_INVALID: 'PARENT_INVALID',
};

/** Reasons from most to least specific: the answer names the one closest to being allowed. */
const PRIORITY: readonly SigningAuthorityReason[] = [
  'RESTRICTION_NOT_MET',
  'POWER_MISSING',
  'PARENT_INVALID',
  'REVOKED',
  'EXPIRED',
  'NOT_YET_VALID',
  'NO_POWER_OF_ATTORNEY',
];

/**
 * "May this person sign for this principal with this power at this time?": looks at every MCHD where the person
 * (by INN or SNILS) represents the principal, and answers allowed with the chain that grants the power (active at
 * the instant, the power held, its restrictions met by the given values), or the reason it is not.
 *
 * @example
 * ```ts
 * const a = await authority.check({ representative: { inn }, principalInn, powerCode: 'KLASS_2.0_SIGN' });
 * if (!a.allowed) console.log(a.reason);
 * ```
 */
export class SigningAuthorityService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: () => Date,
  ) {}

  async check(q: SigningAuthorityQuestion): Promise<SigningAuthorityAnswer> {
    if (!q.representative.inn && !q.representative.snils) {
      throw new PowerOfAttorneyError('BAD_USER_INPUT', 'representative needs an INN or a SNILS', {
        path: 'representative',
      });
    }
    const at = q.at ?? this.clock();
    const index = new PowerOfAttorneyIndex(this.orm.em.fork());
    const rows = (await index.byRepresentative(q.representative)).filter(
      (r) => r.principalInn === q.principalInn || splitList(r.principalInns).includes(q.principalInn),
    );
    const reasons = new Set<SigningAuthorityReason>();
    if (rows.length === 0) reasons.add('NO_POWER_OF_ATTORNEY');
    for (const row of rows) {
      const chain = await index.chainOf(row);
      const status = statusOfChain(chain, at).status;
      if (status !== 'ACTIVE') {
        reasons.add(STATUS_REASON[status]);
        continue;
      }
      if (!splitList(row.powers).includes(q.powerCode)) {
        reasons.add('POWER_MISSING');
        continue;
      }
      if (q.restrictions && q.restrictions.length > 0 && !(await this.restrictionsMet(index, row, q))) {
        reasons.add('RESTRICTION_NOT_MET');
        continue;
      }
      return {
        allowed: true,
        reason: null,
        chain: [...chain].reverse(),
        considered: rows.map((r) => r.guid),
        at: at.toISOString(),
      };
    }
    const reason = PRIORITY.find((r) => reasons.has(r)) ?? 'NO_POWER_OF_ATTORNEY';
    return { allowed: false, reason, chain: [], considered: rows.map((r) => r.guid), at: at.toISOString() };
  }

  /** Each given value meets the power's restriction of the same code (restrictions the power lacks do not bind). */
  private async restrictionsMet(
    index: PowerOfAttorneyIndex,
    row: PowerOfAttorneyRow,
    q: SigningAuthorityQuestion,
  ): Promise<boolean> {
    const stored = await index.document(row);
    if (!stored) return true;
    const doc = JSON.parse(stored.details) as PowerOfAttorneyDocument;
    const powers: Power[] = doc.powers.filter((p) => p.code === q.powerCode);
    return powers.some((power) =>
      (q.restrictions ?? []).every((given) => {
        const bound = power.restrictions.filter((r) => r.code === given.code);
        return bound.length === 0 || bound.some((r) => r.valueCode === given.value || r.valueText === given.value);
      }),
    );
  }
}
