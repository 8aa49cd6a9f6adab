import type { ConnectionArgs } from '@mchd/subgraph-kit';
import { BadUserInputError, paginate, type Connection } from '@mchd/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { stringify } from 'csv-stringify/sync';
import { CertificateRequestRow, CertificateRow, RequestDocumentRow } from './entities.js';
import { DAY_MS, daysLeft, statusAt } from './service.js';
import { CertificateRequestStatus, DocumentKind, DocumentState, INSECURE_CARRIERS } from './types.js';

/** Which organizations a report covers: one, a list (the caller's), or all (null). */
export type OrganizationScope = readonly string[] | null;

function scopeFilter(scope: OrganizationScope): Record<string, unknown> {
  return scope === null ? {} : { organizationInn: { $in: [...scope] } };
}

/** Keyset over (a string column, id): the cursor key is `value|id`. */
function keysetAfter<T>(column: string, after: string | undefined): FilterQuery<T> {
  if (!after) return {} as FilterQuery<T>;
  const cut = after.lastIndexOf('|');
  if (cut < 0) throw new BadUserInputError('not a cursor of this list', 'after');
  const value = after.slice(0, cut);
  const id = after.slice(cut + 1);
  return { $or: [{ [column]: { $gt: value } }, { [column]: value, id: { $gt: id } }] } as FilterQuery<T>;
}

/**
 * Certificates expiring within `withinDays` (valid now, `notAfter` in (now, now + N days]), soonest first.
 * Served by the index (`organization_inn`, `status`, `not_after`, `id`).
 *
 * @example
 * ```ts
 * const page = await expiringCertificates(em, new Date(), 30, ['7707083893'], { first: 20 });
 * ```
 */
export async function expiringCertificates(
  em: EntityManager,
  now: Date,
  withinDays: number,
  scope: OrganizationScope,
  args: ConnectionArgs,
): Promise<Connection<CertificateRow>> {
  if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3650) {
    throw new BadUserInputError('withinDays must be 0-3650', 'withinDays');
  }
  const where = {
    ...scopeFilter(scope),
    status: 'VALID',
    notAfter: { $gt: now.toISOString(), $lte: new Date(now.getTime() + withinDays * DAY_MS).toISOString() },
  } as FilterQuery<CertificateRow>;
  return paginate(args, {
    fetch: (after, limit) =>
      em.find(CertificateRow, { $and: [where, keysetAfter('notAfter', after)] } as FilterQuery<CertificateRow>, {
        orderBy: { notAfter: 'asc', id: 'asc' },
        limit,
      }),
    count: () => em.count(CertificateRow, where),
    key: (r) => `${r.notAfter}|${r.id}`,
  });
}

/** Certificates recorded in [from, to) (issued here or imported), oldest first, optionally of one carrier type. */
export async function issuedCertificates(
  em: EntityManager,
  from: Date,
  to: Date,
  scope: OrganizationScope,
  args: ConnectionArgs,
  carrier?: string | null,
): Promise<Connection<CertificateRow>> {
  if (to <= from) throw new BadUserInputError('to must be after from', 'to');
  const where = {
    ...scopeFilter(scope),
    createdAt: { $gte: from.toISOString(), $lt: to.toISOString() },
    ...(carrier ? { carrierType: carrier } : {}),
  } as FilterQuery<CertificateRow>;
  return paginate(args, {
    fetch: (after, limit) =>
      em.find(CertificateRow, { $and: [where, keysetAfter('createdAt', after)] } as FilterQuery<CertificateRow>, {
        orderBy: { createdAt: 'asc', id: 'asc' },
        limit,
      }),
    count: () => em.count(CertificateRow, where),
    key: (r) => `${r.createdAt}|${r.id}`,
  });
}

/** Valid certificates whose keys live on copyable carriers (registry, file system, flash drive), by id. */
export async function insecureCarrierCertificates(
  em: EntityManager,
  now: Date,
  scope: OrganizationScope,
  args: ConnectionArgs,
): Promise<Connection<CertificateRow>> {
  const where = {
    ...scopeFilter(scope),
    status: 'VALID',
    notAfter: { $gt: now.toISOString() },
    carrierType: { $in: [...INSECURE_CARRIERS] },
  } as FilterQuery<CertificateRow>;
  return paginate(args, {
    fetch: (after, limit) =>
      em.find(CertificateRow, after ? { $and: [where, { id: { $gt: after } }] } : where, {
        orderBy: { id: 'asc' },
        limit,
      }),
    count: () => em.count(CertificateRow, where),
    key: (r) => r.id,
  });
}

/** One line of the missing-documents report. */
export interface MissingDocumentsLine {
  readonly personId: string | null;
  readonly personInn: string | null;
  readonly personSnils: string | null;
  readonly requestId: string;
  readonly missing: DocumentKind[];
}

const KIND_ORDER = Object.values(DocumentKind);

/** Employees whose requests wait for documents (missing or rejected), by request creation. */
export async function employeesWithMissingDocuments(
  em: EntityManager,
  scope: OrganizationScope,
): Promise<MissingDocumentsLine[]> {
  const requests = await em.find(
    CertificateRequestRow,
    {
      status: CertificateRequestStatus.DOCUMENTS_PENDING,
      ...(scope === null ? {} : { organizationInn: { $in: [...scope] } }),
    },
    { orderBy: { id: 'asc' }, limit: 10_000 },
  );
  if (requests.length === 0) return [];
  const docs = await em.find(RequestDocumentRow, {
    requestId: { $in: requests.map((r) => r.id) },
    state: { $in: [DocumentState.MISSING, DocumentState.REJECTED] },
  });
  return requests.map((r) => ({
    personId: r.personId,
    personInn: r.personInn,
    personSnils: r.personSnils,
    requestId: r.id,
    missing: docs
      .filter((d) => d.requestId === r.id)
      .map((d) => d.kind as DocumentKind)
      .sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b)),
  }));
}

/** Requests counted by status (every status, zeros included, in workflow order). */
export async function requestsByStatus(
  em: EntityManager,
  scope: OrganizationScope,
): Promise<{ status: CertificateRequestStatus; count: number }[]> {
  const statuses = Object.values(CertificateRequestStatus);
  const counts = await Promise.all(
    statuses.map((status) =>
      em.count(CertificateRequestRow, {
        status,
        ...(scope === null ? {} : { organizationInn: { $in: [...scope] } }),
      }),
    ),
  );
  return statuses.map((status, i) => ({ status, count: counts[i] ?? 0 }));
}

/** Collects every page of a connection source (for CSV exports), up to `max` rows. */
async function all(
  page: (args: ConnectionArgs) => Promise<Connection<CertificateRow>>,
  max = 10_000,
): Promise<CertificateRow[]> {
  const out: CertificateRow[] = [];
  let after: string | null = null;
  for (;;) {
    const p: Connection<CertificateRow> = await page({ first: 100, after });
    out.push(...p.edges.map((e) => e.node));
    if (!p.pageInfo.hasNextPage || out.length >= max) return out.slice(0, max);
    after = p.pageInfo.endCursor;
  }
}

const CERTIFICATE_COLUMNS = [
  'thumbprint',
  'serialNumber',
  'commonName',
  'inn',
  'snils',
  'organizationInn',
  'carrier',
  'carrierSerial',
  'notBefore',
  'notAfter',
  'status',
  'daysLeft',
];

function certificateLine(r: CertificateRow, now: Date): (string | number)[] {
  return [
    r.thumbprint,
    r.serialNumber,
    r.subjectCommonName ?? '',
    r.subjectInn ?? '',
    r.subjectSnils ?? '',
    r.organizationInn ?? '',
    r.carrierType ?? '',
    r.carrierSerial ?? '',
    r.notBefore,
    r.notAfter,
    statusAt(r, now),
    daysLeft(r.notAfter, now),
  ];
}

/** Parameters of {@link reportCsv}. */
export interface ReportCsvOptions {
  readonly report: 'ISSUED' | 'EXPIRING' | 'INSECURE_CARRIERS' | 'MISSING_DOCUMENTS' | 'REQUESTS_BY_STATUS';
  readonly scope: OrganizationScope;
  readonly now: Date;
  readonly from?: Date | null;
  readonly to?: Date | null;
  readonly withinDays?: number | null;
}

/**
 * A report as CSV (RFC 4180, header line first, at most 10,000 rows), with csv-stringify.
 *
 * @example
 * ```ts
 * const csv = await reportCsv(em, { report: 'EXPIRING', scope: ['7707083893'], now: new Date(), withinDays: 30 });
 * ```
 */
export async function reportCsv(em: EntityManager, o: ReportCsvOptions): Promise<string> {
  switch (o.report) {
    case 'ISSUED': {
      if (!o.from || !o.to) throw new BadUserInputError('the ISSUED report needs from and to', 'from');
      const rows = await all((args) => issuedCertificates(em, o.from!, o.to!, o.scope, args));
      return stringify([CERTIFICATE_COLUMNS, ...rows.map((r) => certificateLine(r, o.now))]);
    }
    case 'EXPIRING': {
      if (o.withinDays === null || o.withinDays === undefined) {
        throw new BadUserInputError('the EXPIRING report needs withinDays', 'withinDays');
      }
      const rows = await all((args) => expiringCertificates(em, o.now, o.withinDays!, o.scope, args));
      return stringify([CERTIFICATE_COLUMNS, ...rows.map((r) => certificateLine(r, o.now))]);
    }
    case 'INSECURE_CARRIERS': {
      const rows = await all((args) => insecureCarrierCertificates(em, o.now, o.scope, args));
      return stringify([CERTIFICATE_COLUMNS, ...rows.map((r) => certificateLine(r, o.now))]);
    }
    case 'MISSING_DOCUMENTS': {
      const lines = await employeesWithMissingDocuments(em, o.scope);
      return stringify([
        ['personId', 'inn', 'snils', 'requestId', 'missing'],
        ...lines.map((l) => [
          l.personId ?? '',
          l.personInn ?? '',
          l.personSnils ?? '',
          l.requestId,
          l.missing.join(' '),
        ]),
      ]);
    }
    case 'REQUESTS_BY_STATUS': {
      const counts = await requestsByStatus(em, o.scope);
      return stringify([['status', 'count'], ...counts.map((c) => [c.status, c.count])]);
    }
  }
}
