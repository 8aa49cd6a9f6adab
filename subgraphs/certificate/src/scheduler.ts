import type { MikroORM } from '@mikro-orm/core';
import type { Outbox } from '@mchd/subgraph-kit';
import type { BuiltInCa } from './ca.js';
import type { SubgraphClock } from './clock.js';
import { CertificateRow, OrganizationPolicyRow } from './entities.js';
import { CERTIFICATE_EVENTS, CertificateService, DAY_MS, daysLeft, type CertificateEventPayload } from './service.js';

/** Days before expiry at which an EXPIRING event is recorded (each once per certificate). */
export const NOTICE_DAYS: readonly number[] = [30, 14, 7, 1];

/** What one {@link runScheduler} pass did. */
export interface SchedulerResult {
  readonly at: Date;
  readonly expiring: number;
  readonly expired: number;
  readonly suspended: number;
  readonly renewals: number;
}

function payload(row: CertificateRow, extra: Partial<CertificateEventPayload> = {}): CertificateEventPayload {
  return {
    certificateId: row.id,
    thumbprint: row.thumbprint,
    organizationInn: row.organizationInn,
    ownerPersonId: row.ownerPersonId,
    ...extra,
  };
}

/**
 * One pass of the time-driven work, at the subgraph clock's "now": EXPIRING notices at 30, 14, 7 and 1 days
 * before expiry (once each, with the days left), EXPIRED once the validity ends, suspension of certificates not
 * acknowledged by their deadline, and automatic renewal requests where the organization enables them.
 * Idempotent: a second pass at the same time records nothing.
 *
 * @example
 * ```ts
 * const result = await runScheduler(orm, outbox, clock, ca);
 * ```
 */
export async function runScheduler(
  orm: MikroORM,
  outbox: Outbox,
  clock: SubgraphClock,
  ca: BuiltInCa,
): Promise<SchedulerResult> {
  const now = clock.now();
  const t = now.toISOString();
  const em = orm.em.fork();
  let expiring = 0;
  let expired = 0;
  let suspended = 0;
  let renewals = 0;
  const horizon = new Date(now.getTime() + (NOTICE_DAYS[0] ?? 30) * DAY_MS).toISOString();

  const soon = await em.find(CertificateRow, {
    status: { $in: ['VALID', 'SUSPENDED'] },
    notAfter: { $gt: t, $lte: horizon },
    $or: [{ noticeDays: null }, { noticeDays: { $gt: NOTICE_DAYS[NOTICE_DAYS.length - 1] ?? 1 } }],
  });
  const ended = await em.find(CertificateRow, {
    status: { $in: ['VALID', 'SUSPENDED'] },
    notAfter: { $lte: t },
    expiredNotified: false,
  });
  const overdue = await em.find(CertificateRow, {
    status: 'VALID',
    acknowledgedAt: null,
    acknowledgementDue: { $ne: null, $lte: t },
    notAfter: { $gt: t },
  });
  await em.transactional(async (tx) => {
    for (const row of soon) {
      const left = daysLeft(row.notAfter, now);
      const threshold = [...NOTICE_DAYS].reverse().find((d) => left <= d);
      if (threshold === undefined || (row.noticeDays !== null && row.noticeDays <= threshold)) continue;
      row.noticeDays = threshold;
      tx.persist(row);
      outbox.record(tx, CERTIFICATE_EVENTS.EXPIRING, payload(row, { daysLeft: left }));
      expiring++;
    }
    for (const row of ended) {
      row.expiredNotified = true;
      tx.persist(row);
      outbox.record(tx, CERTIFICATE_EVENTS.EXPIRED, payload(row));
      expired++;
    }
    for (const row of overdue) {
      row.status = 'SUSPENDED';
      row.suspendedAt = t;
      tx.persist(row);
      outbox.record(tx, CERTIFICATE_EVENTS.SUSPENDED, payload(row));
      suspended++;
    }
  });

  const policies = await em.find(OrganizationPolicyRow, { autoRenewDays: { $ne: null } });
  for (const policy of policies) {
    const until = new Date(now.getTime() + (policy.autoRenewDays ?? 0) * DAY_MS).toISOString();
    const due = await em.find(CertificateRow, {
      organizationInn: policy.organizationInn,
      status: 'VALID',
      renewalRequested: false,
      notAfter: { $gt: t, $lte: until },
    });
    for (const row of due) {
      const service = new CertificateService(orm.em.fork(), outbox, clock, ca);
      await service.renew('scheduler', row);
      row.renewalRequested = true;
      await em.flush();
      renewals++;
    }
  }
  if (expiring + expired + suspended > 0) outbox.notify();
  return { at: now, expiring, expired, suspended, renewals };
}
