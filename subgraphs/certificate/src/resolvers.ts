import { ForbiddenError, hasRole, requireCaller } from '@mchd/auth';
import {
  BadUserInputError,
  ConnectionArgs,
  DateTimeScalar,
  paginate,
  type Connection,
  type FeedEvent,
} from '@mchd/subgraph-kit';
import { parseCertificate } from '@mchd/pki';
import type { FilterQuery } from '@mikro-orm/core';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import {
  ADMIN_ROLES,
  FILL_ROLES,
  readableOrganizations,
  READ_ROLES,
  requireRead,
  requireWrite,
  STATISTICS_ROLES,
} from './access.js';
import type { CertificateContext } from './context.js';
import { toCertificate, toRequest } from './convert.js';
import { AuditRow, CertificateRequestRow, CertificateRow, RequestDocumentRow } from './entities.js';
import {
  CertificateFilter,
  CertificateRequestFilter,
  CreateCertificateRequestInput,
  CreateCertificateRequestsInput,
  DecideCertificateRequestInput,
  ImportCertificateInput,
  RenewCertificateInput,
  RevokeCertificateInput,
  SetRequestDocumentInput,
  SubmitCertificateRequestInput,
} from './inputs.js';
import {
  employeesWithMissingDocuments,
  expiringCertificates,
  insecureCarrierCertificates,
  issuedCertificates,
  reportCsv,
  requestsByStatus,
  type OrganizationScope,
} from './reports.js';
import { CERTIFICATE_EVENTS, normalizeThumbprint, type CertificateEventPayload } from './service.js';
import {
  BulkRequestResult,
  Certificate,
  CertificateAuthority,
  CertificateConnection,
  CertificateEvent,
  CertificateEventType,
  CertificatePolicy,
  CertificatePolicyInput,
  CertificateReportKind,
  CertificateRequest,
  CertificateRequestConnection,
  CertificateStatus,
  ChangeRecord,
  EmployeeMissingDocuments,
  KeyCarrierType,
  PersonWithCertificates,
  RequestDocument,
  RequestStatusCount,
  SchedulerRun,
} from './types.js';
import type { CertificatePolicy as PolicyType } from './types.js';
import type { OrganizationPolicyRow } from './entities.js';

/** The recorded changes of a certificate or request, oldest first (batched per request). */
async function changesOf(ctx: CertificateContext, targetId: string): Promise<ChangeRecord[]> {
  const rows = await ctx.loaders
    .get('changesOf', async (ids: readonly string[]) => {
      const all = await ctx.em.find(AuditRow, { targetId: { $in: [...ids] } }, { orderBy: { at: 'asc', id: 'asc' } });
      return ids.map((id) => all.filter((a) => a.targetId === id));
    })
    .load(targetId);
  return rows.map((a) => ({ at: new Date(a.at), actor: a.actor, action: a.action, details: a.details }));
}

function page<T, U>(c: Connection<T>, map: (t: T) => U): Connection<U> {
  return { ...c, edges: c.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })) };
}

/** The organizations a report covers: the one asked for (checked), else the caller's (or all for auditors). */
function scopeOf(
  ctx: CertificateContext,
  organizationInn: string | null | undefined,
  roles = READ_ROLES,
): OrganizationScope {
  if (organizationInn) {
    requireRead(ctx.caller, organizationInn, roles);
    return [organizationInn];
  }
  return readableOrganizations(ctx.caller, roles);
}

function toPolicy(row: OrganizationPolicyRow): PolicyType {
  const validity = JSON.parse(row.validity) as Record<string, number>;
  return {
    organizationInn: row.organizationInn,
    requireAcknowledgement: !!row.requireAcknowledgement,
    acknowledgementDays: row.acknowledgementDays,
    autoRenewDays: row.autoRenewDays,
    validity: Object.values(KeyCarrierType).map((carrier) => ({ carrier, days: validity[carrier] ?? 365 })),
  };
}

async function readableCertificate(ctx: CertificateContext, row: CertificateRow | null): Promise<Certificate | null> {
  if (!row) return null;
  requireRead(ctx.caller, row.organizationInn);
  return toCertificate(row, ctx.runtime.clock.now());
}

function statusFilter(status: CertificateStatus, now: string): FilterQuery<CertificateRow> {
  switch (status) {
    case CertificateStatus.REVOKED:
      return { status: 'REVOKED' };
    case CertificateStatus.EXPIRED:
      return { status: { $in: ['VALID', 'SUSPENDED'] }, notAfter: { $lte: now } };
    case CertificateStatus.SUSPENDED:
      return { status: 'SUSPENDED', notAfter: { $gt: now } };
    case CertificateStatus.NOT_YET_VALID:
      return { status: 'VALID', notBefore: { $gt: now }, notAfter: { $gt: now } };
    case CertificateStatus.VALID:
      return { status: 'VALID', notBefore: { $lte: now }, notAfter: { $gt: now } };
  }
}

@Resolver(() => Certificate)
export class CertificateResolver {
  @FieldResolver(() => [ChangeRecord], {
    description: 'Who changed this certificate and when, oldest first (readers of its organization).',
  })
  async changes(@Root() certificate: Certificate, @Ctx() ctx: CertificateContext): Promise<ChangeRecord[]> {
    requireRead(ctx.caller, certificate.organizationInn);
    return changesOf(ctx, certificate.id);
  }

  @Authorized()
  @Query(() => Certificate, { nullable: true, description: 'A certificate by id (readers of its organization).' })
  async certificate(
    @Arg('id', () => ID, { description: 'Certificate id.' }) id: string,
    @Ctx() ctx: CertificateContext,
  ) {
    return readableCertificate(ctx, await ctx.em.findOne(CertificateRow, { id }));
  }

  @Authorized()
  @Query(() => Certificate, {
    nullable: true,
    description: 'A certificate by SHA-1 thumbprint (hex, any case, with or without separators).',
  })
  async certificateByThumbprint(
    @Arg('thumbprint', { description: 'SHA-1 thumbprint.' }) thumbprint: string,
    @Ctx() ctx: CertificateContext,
  ) {
    return readableCertificate(
      ctx,
      await ctx.em.findOne(CertificateRow, { thumbprint: normalizeThumbprint(thumbprint) }),
    );
  }

  @Authorized()
  @Query(() => CertificateConnection, {
    description: "Certificates (readers: their organizations'; auditors: all), newest first by id, cursor-paginated.",
  })
  async certificates(
    @Arg('filter', () => CertificateFilter, { nullable: true, description: 'Which ones.' })
    filter: CertificateFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: CertificateContext,
  ): Promise<Connection<Certificate>> {
    const now = ctx.runtime.clock.now();
    const scope = scopeOf(ctx, filter?.organizationInn);
    const where = {
      ...(scope === null ? {} : { organizationInn: { $in: [...scope] } }),
      ...((filter?.status ? statusFilter(filter.status, now.toISOString()) : {}) as Record<string, unknown>),
      ...(filter?.ownerId ? { ownerPersonId: filter.ownerId } : {}),
      ...(filter?.inn ? { subjectInn: filter.inn.trim() } : {}),
      ...(filter?.snils ? { subjectSnils: filter.snils.replace(/\D/g, '') } : {}),
      ...(filter?.qualified !== undefined && filter?.qualified !== null ? { qualified: filter.qualified } : {}),
      ...(filter?.carrier ? { carrierType: filter.carrier } : {}),
    } as FilterQuery<CertificateRow>;
    const result = await paginate(args, {
      fetch: (after, limit) =>
        ctx.em.find(CertificateRow, after ? { $and: [where, { id: { $gt: after } }] } : where, {
          orderBy: { id: 'asc' },
          limit,
        }),
      count: () => ctx.em.count(CertificateRow, where),
      key: (r) => r.id,
    });
    return page(result, (r) => toCertificate(r, now));
  }

  @Authorized()
  @Query(() => CertificateConnection, {
    description:
      'Valid certificates expiring within `withinDays` days (soonest first): of one organization, or of every ' +
      'organization the caller reads (auditors: all). Roles admin, assistant, observer; auditor.',
  })
  async expiringCertificates(
    @Arg('withinDays', () => Int, { description: 'Horizon in days (0-3650).' }) withinDays: number,
    @Arg('organizationInn', () => String, { nullable: true, description: 'Organization INN.' })
    organizationInn: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: CertificateContext,
  ): Promise<Connection<Certificate>> {
    const now = ctx.runtime.clock.now();
    const result = await expiringCertificates(ctx.em, now, withinDays, scopeOf(ctx, organizationInn), args);
    return page(result, (r) => toCertificate(r, now));
  }

  @Authorized()
  @Query(() => CertificateConnection, {
    description: 'Certificates recorded in [from, to) with carrier, thumbprint and serial number (oldest first).',
  })
  async issuedCertificates(
    @Arg('from', () => DateTimeScalar, { description: 'Start (inclusive).' }) from: Date,
    @Arg('to', () => DateTimeScalar, { description: 'End (exclusive).' }) to: Date,
    @Arg('organizationInn', () => String, { nullable: true, description: 'Organization INN.' })
    organizationInn: string | null,
    @Arg('carrier', () => KeyCarrierType, { nullable: true, description: 'Only this carrier type.' })
    carrier: KeyCarrierType | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: CertificateContext,
  ): Promise<Connection<Certificate>> {
    const now = ctx.runtime.clock.now();
    const result = await issuedCertificates(ctx.em, from, to, scopeOf(ctx, organizationInn), args, carrier);
    return page(result, (r) => toCertificate(r, now));
  }

  @Authorized()
  @Query(() => CertificateConnection, {
    description: 'Valid certificates whose keys live on copyable carriers (registry, file system, flash drive).',
  })
  async insecureCarrierCertificates(
    @Arg('organizationInn', () => String, { nullable: true, description: 'Organization INN.' })
    organizationInn: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: CertificateContext,
  ): Promise<Connection<Certificate>> {
    const now = ctx.runtime.clock.now();
    const result = await insecureCarrierCertificates(ctx.em, now, scopeOf(ctx, organizationInn), args);
    return page(result, (r) => toCertificate(r, now));
  }

  @Authorized()
  @Query(() => CertificateAuthority, {
    description: 'The built-in CA: its certificate and current CRL (DER; the CRL is also `<MCHD_DATA_DIR>/ca/ca.crl`).',
  })
  async certificateAuthority(@Ctx() ctx: CertificateContext): Promise<CertificateAuthority> {
    const ca = ctx.runtime.ca();
    return { subject: ca.subject, certificate: Buffer.from(ca.certificate), crl: Buffer.from(await ctx.runtime.crl()) };
  }

  @Authorized()
  @Query(() => CertificatePolicy, { description: "An organization's certificate settings (readers)." })
  async certificatePolicy(
    @Arg('organizationInn', { description: 'Organization INN.' }) organizationInn: string,
    @Ctx() ctx: CertificateContext,
  ): Promise<PolicyType> {
    requireRead(ctx.caller, organizationInn, STATISTICS_ROLES);
    return toPolicy(await ctx.service.policy(organizationInn));
  }

  @Authorized('admin')
  @Mutation(() => CertificatePolicy, { description: "Changes an organization's certificate settings (admin)." })
  async setCertificatePolicy(
    @Arg('input', () => CertificatePolicyInput) input: CertificatePolicyInput,
    @Ctx() ctx: CertificateContext,
  ): Promise<PolicyType> {
    const caller = requireWrite(ctx.caller, input.organizationInn, ADMIN_ROLES);
    return toPolicy(await ctx.service.setPolicy(caller, input));
  }

  @Authorized('admin')
  @Mutation(() => Certificate, {
    description:
      'Imports a certificate (DER/PEM/base64; qualified ones from other CAs), parsed into owner, issuer, serial, ' +
      'thumbprint, validity, key usage and qualification (admin of the organization).',
  })
  async importCertificate(
    @Arg('input', () => ImportCertificateInput) input: ImportCertificateInput,
    @Ctx() ctx: CertificateContext,
  ): Promise<Certificate> {
    const caller = requireCaller(ctx.caller);
    let org = input.organizationInn?.trim() || null;
    if (!org) {
      let innLe: string | undefined;
      try {
        innLe = parseCertificate(Uint8Array.from(input.certificate)).innLe;
      } catch {
        innLe = undefined; // reported by the service below
      }
      org = innLe && caller.orgs.includes(innLe) ? innLe : caller.orgs.length === 1 ? caller.orgs[0]! : null;
    }
    if (!org) throw new BadUserInputError('say which organization manages it', 'input.organizationInn');
    requireWrite(caller, org, ADMIN_ROLES);
    const row = await ctx.service.importCertificate(caller, input.certificate, input.carrier, org);
    return toCertificate(row, ctx.runtime.clock.now());
  }

  @Authorized('admin')
  @Mutation(() => Certificate, {
    description: 'Revokes a certificate (admin of its organization); the built-in CA publishes it in its CRL.',
  })
  async revokeCertificate(
    @Arg('input', () => RevokeCertificateInput) input: RevokeCertificateInput,
    @Ctx() ctx: CertificateContext,
  ): Promise<Certificate> {
    const row = await ctx.service.certificateById(input.certificateId, 'input.certificateId');
    const caller = requireWrite(ctx.caller, row.organizationInn, ADMIN_ROLES);
    await ctx.service.revoke(caller.subject, row, input.reason);
    return toCertificate(row, ctx.runtime.clock.now());
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => Certificate, {
    description: "Records the owner's signed acknowledgement of a certificate; a suspended one is reinstated.",
  })
  async acknowledgeCertificate(
    @Arg('certificateId', () => ID, { description: 'The certificate.' }) certificateId: string,
    @Ctx() ctx: CertificateContext,
  ): Promise<Certificate> {
    const row = await ctx.service.certificateById(certificateId, 'certificateId');
    const caller = requireWrite(ctx.caller, row.organizationInn, FILL_ROLES);
    await ctx.service.acknowledge(caller, row);
    return toCertificate(row, ctx.runtime.clock.now());
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => CertificateRequest, {
    description:
      'Renewal or reissue from an existing certificate without collecting documents again: a new request (DRAFT), ' +
      'submitted at once when a CSR is given. The old certificate is revoked as superseded when the new one is issued.',
  })
  async renewCertificate(
    @Arg('input', () => RenewCertificateInput) input: RenewCertificateInput,
    @Ctx() ctx: CertificateContext,
  ) {
    const row = await ctx.service.certificateById(input.certificateId, 'input.certificateId');
    const caller = requireWrite(ctx.caller, row.organizationInn, FILL_ROLES);
    return toRequest(await ctx.service.renew(caller, row, { csr: input.csr ?? null, carrier: input.carrier ?? null }));
  }

  @Subscription(() => CertificateEvent, {
    description:
      'ISSUED, EXPIRING (with days left), EXPIRED, REVOKED, SUSPENDED and REINSTATED events of one organization ' +
      '(readers) or all (auditor, service), from the outbox; `after` resumes after a cursor seen before.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, EventArgs, CertificateContext>) =>
      followCertificates(context, args),
  })
  async certificateEvents(
    @Root() event: FeedEvent<CertificateEventPayload>,
    @Ctx() ctx: CertificateContext,
    @Arg('organizationInn', () => String, { nullable: true, description: 'Only this organization.' })
    _organizationInn?: string | null,
    @Arg('types', () => [CertificateEventType], { nullable: true, description: 'Only these kinds.' })
    _types?: CertificateEventType[] | null,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor (default: from now).' })
    _after?: string | null,
  ): Promise<CertificateEvent> {
    const row = await ctx.em.fork().findOne(CertificateRow, { id: event.payload.certificateId });
    return {
      cursor: event.cursor,
      type: event.type.replace(/^CERTIFICATE_/, '') as CertificateEventType,
      at: new Date(event.at),
      certificateId: event.payload.certificateId,
      thumbprint: event.payload.thumbprint,
      organizationInn: event.payload.organizationInn,
      daysLeft: event.payload.daysLeft ?? null,
      certificate: row ? toCertificate(row, ctx.runtime.clock.now()) : null,
    };
  }
}

interface EventArgs {
  organizationInn?: string | null;
  types?: CertificateEventType[] | null;
  after?: string | null;
}

async function followCertificates(
  ctx: CertificateContext,
  args: EventArgs,
): Promise<AsyncGenerator<FeedEvent<CertificateEventPayload>>> {
  const caller = requireCaller(ctx.caller);
  const inn = args.organizationInn?.trim() || null;
  if (inn) requireRead(caller, inn, STATISTICS_ROLES);
  else if (!hasRole(caller, 'auditor', 'service')) {
    throw new ForbiddenError("all organizations' events need the role auditor or service; pass organizationInn");
  }
  const types = (args.types?.length ? args.types : Object.values(CertificateEventType)).map((t) => `CERTIFICATE_${t}`);
  const start = args.after ?? (await ctx.outbox.head());
  return (async function* () {
    const controller = new AbortController();
    try {
      for await (const event of ctx.outbox.follow(start, controller.signal, types)) {
        const payload = event.payload as CertificateEventPayload;
        if (inn && payload.organizationInn !== inn) continue;
        yield event as FeedEvent<CertificateEventPayload>;
      }
    } finally {
      controller.abort();
    }
  })();
}

@Resolver(() => CertificateRequest)
export class CertificateRequestResolver {
  @Authorized()
  @Query(() => CertificateRequest, { nullable: true, description: 'A certificate request by id (readers).' })
  async certificateRequest(
    @Arg('id', () => ID, { description: 'Request id.' }) id: string,
    @Ctx() ctx: CertificateContext,
  ) {
    const row = await ctx.em.findOne(CertificateRequestRow, { id });
    if (!row) return null;
    requireRead(ctx.caller, row.organizationInn);
    return toRequest(row);
  }

  @Authorized()
  @Query(() => CertificateRequestConnection, { description: 'Certificate requests in creation order (readers).' })
  async certificateRequests(
    @Arg('filter', () => CertificateRequestFilter, { nullable: true, description: 'Which ones.' })
    filter: CertificateRequestFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: CertificateContext,
  ) {
    const scope = scopeOf(ctx, filter?.organizationInn);
    const where: FilterQuery<CertificateRequestRow> = {
      ...(scope === null ? {} : { organizationInn: { $in: [...scope] } }),
      ...(filter?.status ? { status: filter.status } : {}),
      ...(filter?.personId ? { personId: filter.personId } : {}),
    };
    const result = await paginate(args, {
      fetch: (after, limit) =>
        ctx.em.find(CertificateRequestRow, after ? { $and: [where, { id: { $gt: after } }] } : where, {
          orderBy: { id: 'asc' },
          limit,
        }),
      count: () => ctx.em.count(CertificateRequestRow, where),
      key: (r) => r.id,
    });
    return page(result, toRequest);
  }

  @Authorized()
  @Query(() => [EmployeeMissingDocuments], {
    description: 'Employees whose requests wait for documents, with the missing ones (readers).',
  })
  async employeesWithMissingDocuments(
    @Arg('organizationInn', () => String, { nullable: true, description: 'Organization INN.' })
    organizationInn: string | null,
    @Ctx() ctx: CertificateContext,
  ): Promise<EmployeeMissingDocuments[]> {
    const lines = await employeesWithMissingDocuments(ctx.em, scopeOf(ctx, organizationInn));
    return lines.map((l) => ({ ...l, person: l.personId ? { id: l.personId } : null }));
  }

  @Authorized()
  @Query(() => [RequestStatusCount], {
    description: 'Requests counted by status, every status listed (readers and managers).',
  })
  async certificateRequestsByStatus(
    @Arg('organizationInn', () => String, { nullable: true, description: 'Organization INN.' })
    organizationInn: string | null,
    @Ctx() ctx: CertificateContext,
  ): Promise<RequestStatusCount[]> {
    return requestsByStatus(ctx.em, scopeOf(ctx, organizationInn, STATISTICS_ROLES));
  }

  @Authorized()
  @Query(() => String, {
    description:
      'A report as CSV (header line first; at most 10,000 rows). REQUESTS_BY_STATUS is open to managers too; the ' +
      'others to readers.',
  })
  async certificateReportCsv(
    @Arg('report', () => CertificateReportKind, { description: 'Which report.' }) report: CertificateReportKind,
    @Arg('organizationInn', () => String, { nullable: true, description: 'Organization INN.' })
    organizationInn: string | null,
    @Arg('from', () => DateTimeScalar, { nullable: true, description: 'ISSUED: start.' }) from: Date | null,
    @Arg('to', () => DateTimeScalar, { nullable: true, description: 'ISSUED: end (exclusive).' }) to: Date | null,
    @Arg('withinDays', () => Int, { nullable: true, description: 'EXPIRING: horizon in days.' })
    withinDays: number | null,
    @Ctx() ctx: CertificateContext,
  ): Promise<string> {
    const roles = report === CertificateReportKind.REQUESTS_BY_STATUS ? STATISTICS_ROLES : READ_ROLES;
    return reportCsv(ctx.em, {
      report,
      scope: scopeOf(ctx, organizationInn, roles),
      now: ctx.runtime.clock.now(),
      from,
      to,
      withinDays,
    });
  }

  @FieldResolver(() => [ChangeRecord], { description: 'Who changed this request and when, oldest first.' })
  async changes(@Root() request: CertificateRequest, @Ctx() ctx: CertificateContext): Promise<ChangeRecord[]> {
    requireRead(ctx.caller, request.organizationInn);
    return changesOf(ctx, request.id);
  }

  @FieldResolver(() => [RequestDocument])
  async documents(@Root() request: CertificateRequest, @Ctx() ctx: CertificateContext): Promise<RequestDocument[]> {
    const docs = await ctx.loaders
      .get('documentsOfRequest', async (ids: readonly string[]) => {
        const all = await ctx.em.find(RequestDocumentRow, { requestId: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
        return ids.map((id) => all.filter((d) => d.requestId === id));
      })
      .load(request.id);
    return docs.map((d) => ({
      kind: d.kind as RequestDocument['kind'],
      state: d.state as RequestDocument['state'],
      comment: d.comment,
      updatedAt: new Date(d.updatedAt),
    }));
  }

  @FieldResolver(() => Certificate, { nullable: true })
  async certificate(
    @Root() request: CertificateRequest & { certificateId?: string | null },
    @Ctx() ctx: CertificateContext,
  ): Promise<Certificate | null> {
    if (!request.certificateId) return null;
    const row = await ctx.loaders
      .get('certificateById', async (ids: readonly string[]) => {
        const all = await ctx.em.find(CertificateRow, { id: { $in: [...ids] } });
        return ids.map((id) => all.find((c) => c.id === id) ?? null);
      })
      .load(request.certificateId);
    return row ? toCertificate(row, ctx.runtime.clock.now()) : null;
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => CertificateRequest, {
    description: 'Creates a request for an active employee (admin, assistant); its required documents start MISSING.',
  })
  async createCertificateRequest(
    @Arg('input', () => CreateCertificateRequestInput) input: CreateCertificateRequestInput,
    @Ctx() ctx: CertificateContext,
  ) {
    const caller = requireWrite(ctx.caller, input.organizationInn.trim(), FILL_ROLES);
    await ctx.runtime.syncPeople();
    return toRequest(await ctx.service.createRequest(caller, input));
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => BulkRequestResult, {
    description:
      'Creates requests for a group of employees: all active ones of the organization, those in a position, or a ' +
      'CSV list of INNs/SNILS (admin, assistant). Lines that create nothing are listed with the reason.',
  })
  async createCertificateRequests(
    @Arg('input', () => CreateCertificateRequestsInput) input: CreateCertificateRequestsInput,
    @Ctx() ctx: CertificateContext,
  ) {
    const caller = requireWrite(ctx.caller, input.organizationInn.trim(), FILL_ROLES);
    await ctx.runtime.syncPeople();
    const result = await ctx.service.createRequests(caller, input);
    return { requests: result.requests.map(toRequest), problems: result.problems };
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => CertificateRequest, {
    description: "Sets a required document's state (admin, assistant); the request moves to DRAFT once complete.",
  })
  async setRequestDocument(
    @Arg('input', () => SetRequestDocumentInput) input: SetRequestDocumentInput,
    @Ctx() ctx: CertificateContext,
  ) {
    const request = await ctx.service.requestById(input.requestId);
    const caller = requireWrite(ctx.caller, request.organizationInn, FILL_ROLES);
    return toRequest(await ctx.service.setDocument(caller, input));
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => CertificateRequest, {
    description:
      'Submits the PKCS#10 request generated where the key lives (the key never leaves it). Unqualified: issued ' +
      'at once by the built-in CA; qualified: SUBMITTED until the operator decides.',
  })
  async submitCertificateRequest(
    @Arg('input', () => SubmitCertificateRequestInput) input: SubmitCertificateRequestInput,
    @Ctx() ctx: CertificateContext,
  ) {
    const request = await ctx.service.requestById(input.requestId);
    const caller = requireWrite(ctx.caller, request.organizationInn, FILL_ROLES);
    return toRequest(await ctx.service.submit(caller, request.id, input.csr));
  }

  @Authorized('admin')
  @Mutation(() => CertificateRequest, {
    description: 'The operator (admin) approves a submitted qualified request: the built-in CA issues it.',
  })
  async approveCertificateRequest(
    @Arg('input', () => DecideCertificateRequestInput) input: DecideCertificateRequestInput,
    @Ctx() ctx: CertificateContext,
  ) {
    const request = await ctx.service.requestById(input.requestId);
    const caller = requireWrite(ctx.caller, request.organizationInn, ADMIN_ROLES);
    return toRequest(await ctx.service.approve(caller, request.id, input.comment ?? null));
  }

  @Authorized('admin')
  @Mutation(() => CertificateRequest, { description: 'The operator (admin) rejects a request with a comment.' })
  async rejectCertificateRequest(
    @Arg('input', () => DecideCertificateRequestInput) input: DecideCertificateRequestInput,
    @Ctx() ctx: CertificateContext,
  ) {
    const request = await ctx.service.requestById(input.requestId);
    const caller = requireWrite(ctx.caller, request.organizationInn, ADMIN_ROLES);
    return toRequest(await ctx.service.reject(caller, request.id, input.comment ?? ''));
  }
}

@Resolver(() => PersonWithCertificates)
export class PersonCertificatesResolver {
  @FieldResolver(() => [Certificate], {
    description: 'Certificates of this person, newest first (those of organizations the caller reads; auditors: all).',
  })
  async certificates(@Root() person: PersonWithCertificates, @Ctx() ctx: CertificateContext): Promise<Certificate[]> {
    const caller = requireCaller(ctx.caller);
    const scope = hasRole(caller, 'auditor', 'service') ? null : caller.orgs;
    const rows = await ctx.loaders
      .get('certificatesOfPerson', async (ids: readonly string[]) => {
        const all = await ctx.em.find(
          CertificateRow,
          { ownerPersonId: { $in: [...ids] } },
          { orderBy: { notBefore: 'desc', id: 'desc' } },
        );
        return ids.map((id) => all.filter((c) => c.ownerPersonId === id));
      })
      .load(person.id);
    const now = ctx.runtime.clock.now();
    return rows
      .filter((r) => scope === null || (r.organizationInn !== null && scope.includes(r.organizationInn)))
      .map((r) => toCertificate(r, now));
  }
}

/** Only in schemas built with the test clock (`MCHD_TEST_CLOCK=1`): moves the clock and runs the scheduler. */
@Resolver()
export class TestClockResolver {
  @Authorized('admin', 'auditor')
  @Mutation(() => SchedulerRun, {
    description:
      'TEST ONLY (present when the subgraph runs with MCHD_TEST_CLOCK=1): sets the subgraph clock to `at` and runs ' +
      'the certificate scheduler (expiry notices, suspensions, renewals) at once.',
  })
  async setCertificateClock(
    @Arg('at', () => DateTimeScalar, { description: 'The new "now".' }) at: Date,
    @Ctx() ctx: CertificateContext,
  ): Promise<SchedulerRun> {
    ctx.runtime.clock.advanceTo(at);
    await ctx.runtime.syncPeople();
    return ctx.runtime.runScheduler();
  }
}

export { CERTIFICATE_EVENTS };
