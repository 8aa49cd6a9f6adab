import type { MikroORM } from '@mikro-orm/core';
import type { Ledger, LedgerIdentity, PowerOfAttorneyRecord } from '@mchd/ledger';
import type { Logger } from 'pino';
import { upsertRecord } from './index-store.js';

/** The part of the person subgraph's `EMPLOYEE_DISMISSED` payload this service reads. */
export interface DismissalEvent {
  readonly employmentId: string;
  readonly inn: string | null;
  readonly snils: string | null;
  readonly organizationInn: string;
  readonly dismissedOn?: string;
  readonly reason?: string | null;
}

/**
 * Revokes, when an employee is dismissed, every live MCHD where that person (by INN or SNILS) is a representative
 * of that organization, with the reason recorded on the ledger (`by` = `dismissal:<employmentId>`). Idempotent:
 * the feed is at-least-once, and an MCHD revoked already is left as it is.
 *
 * @example
 * ```ts
 * await dismissals.handle({ employmentId, inn: '500100732259', snils: null, organizationInn: '7707083893' });
 * ```
 */
export class DismissalService {
  constructor(
    private readonly deps: {
      readonly orm: MikroORM;
      readonly ledger: Ledger;
      readonly ledgerIdentity: LedgerIdentity;
      readonly clock: () => Date;
      readonly logger?: Logger;
    },
  ) {}

  /** Revokes what the dismissal ends; answers the GUIDs revoked now. */
  async handle(event: DismissalEvent): Promise<string[]> {
    const found = new Map<string, PowerOfAttorneyRecord>();
    if (event.inn) for (const r of await this.deps.ledger.byRepresentative({ inn: event.inn })) found.set(r.guid, r);
    if (event.snils)
      for (const r of await this.deps.ledger.byRepresentative({ snils: event.snils })) found.set(r.guid, r);
    const revoked: string[] = [];
    const reason = `Увольнение представителя${event.dismissedOn ? ` ${event.dismissedOn}` : ''}${event.reason ? `: ${event.reason}` : ''}`;
    for (const record of found.values()) {
      if (record.revocation) continue;
      if (!record.principals.some((p) => p.inn === event.organizationInn)) continue;
      if (record.kind === 'irrevocable') {
        this.deps.logger?.warn({ guid: record.guid }, 'dismissal: an irrevocable MCHD is left for a registrar');
        continue;
      }
      const result = await this.deps.ledger.revoke(
        { guid: record.guid, reason: reason.slice(0, 500), by: `dismissal:${event.employmentId}`.slice(0, 200) },
        this.deps.ledgerIdentity,
      );
      const after = await this.deps.ledger.get(record.guid);
      if (after) {
        const em = this.deps.orm.em.fork();
        await upsertRecord(em, after, result.blockNumber, this.deps.clock());
        await em.flush();
      }
      if (!result.alreadyRevoked) revoked.push(record.guid);
    }
    return revoked;
  }
}
