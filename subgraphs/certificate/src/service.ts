import { createHash } from 'node:crypto';
import type { Caller } from '@mchd/auth';
import { checkIdentifier } from '@mchd/identifiers';
import { parseCertificate, PkiError, readCsr, type CertificateInfo, type SubjectInput } from '@mchd/pki';
import { BadUserInputError, ConflictError, newId, NotFoundError, SubgraphError, type Outbox } from '@mchd/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { parse as parseCsv } from 'csv-parse/sync';
import { crlReason, type BuiltInCa } from './ca.js';
import type { SubgraphClock } from './clock.js';
import {
  AuditRow,
  CertificateRequestRow,
  CertificateRow,
  EmployeeRow,
  OrganizationPolicyRow,
  RequestDocumentRow,
} from './entities.js';
import {
  CertificateRequestStatus,
  CertificateRequestType,
  DocumentKind,
  DocumentState,
  INSECURE_CARRIERS,
  KeyCarrierType,
  RevocationReasonCode,
} from './types.js';

export const DAY_MS = 86_400_000;

/** Outbox event types of the certificate subgraph (its feed `GET /events` and `certificateEvents`). */
export const CERTIFICATE_EVENTS = {
  ISSUED: 'CERTIFICATE_ISSUED',
  EXPIRING: 'CERTIFICATE_EXPIRING',
  EXPIRED: 'CERTIFICATE_EXPIRED',
  REVOKED: 'CERTIFICATE_REVOKED',
  SUSPENDED: 'CERTIFICATE_SUSPENDED',
  REINSTATED: 'CERTIFICATE_REINSTATED',
} as const;

/** Payload of every certificate outbox event. */
export interface CertificateEventPayload {
  readonly certificateId: string;
  readonly thumbprint: string;
  readonly organizationInn: string | null;
  readonly ownerPersonId: string | null;
  /** EXPIRING: whole days left. */
  readonly daysLeft?: number;
  /** REVOKED: the reason. */
  readonly reason?: string;
}

/** Default validity per carrier: a year for copyable and cloud keys, three years on protected media. */
export const DEFAULT_VALIDITY_DAYS: Readonly<Record<KeyCarrierType, number>> = {
  REGISTRY: 365,
  FILE_SYSTEM: 365,
  FLASH_DRIVE: 365,
  PROTECTED_TOKEN: 1095,
  SMART_CARD: 1095,
  SIM_CARD: 1095,
  CLOUD: 365,
};

/** Default acknowledgement deadline in days. */
export const DEFAULT_ACKNOWLEDGEMENT_DAYS = 30;

/** A key carrier as given. */
export interface CarrierData {
  readonly type: KeyCarrierType;
  readonly serialNumber?: string | null;
}

/** A new request for one employee. */
export interface RequestData {
  readonly organizationInn: string;
  readonly personInn?: string | null;
  readonly personSnils?: string | null;
  readonly type: CertificateRequestType;
  readonly purpose?: string | null;
  readonly carrier?: CarrierData | null;
  readonly requiresPowerOfAttorney?: boolean | null;
}

/** A bulk selection of employees. */
export interface BulkRequestData {
  readonly organizationInn: string;
  readonly type: CertificateRequestType;
  readonly purpose?: string | null;
  readonly carrier?: CarrierData | null;
  /** Only employees in this position. */
  readonly position?: string | null;
  /** A CSV list: one INN or SNILS per line (first column; a header line is skipped). */
  readonly csv?: string | null;
}

/** Payload of the person subgraph's employment events (its feed). */
export interface EmploymentPayload {
  readonly employmentId: string;
  readonly personId: string;
  readonly inn: string | null;
  readonly snils: string | null;
  readonly organizationInn: string;
  readonly position: string;
  readonly dismissedOn?: string;
}

/**
 * Status of a certificate row at `now`: REVOKED, EXPIRED, SUSPENDED, NOT_YET_VALID or VALID (in that precedence).
 *
 * @example
 * ```ts
 * statusAt(row, new Date()); // 'VALID'
 * ```
 */
export function statusAt(row: CertificateRow, now: Date): string {
  if (row.status === 'REVOKED') return 'REVOKED';
  const t = now.toISOString();
  if (row.notAfter <= t) return 'EXPIRED';
  if (row.status === 'SUSPENDED') return 'SUSPENDED';
  if (row.notBefore > t) return 'NOT_YET_VALID';
  return 'VALID';
}

/**
 * Whole days from `now` until `notAfter` (rounded up; negative once past).
 *
 * @example
 * ```ts
 * daysLeft('2026-12-31T00:00:00.000Z', new Date('2026-12-01T00:00:00Z')); // 30
 * ```
 */
export function daysLeft(notAfter: string, now: Date): number {
  return Math.ceil((Date.parse(notAfter) - now.getTime()) / DAY_MS);
}

/**
 * Normalizes a SHA-1 thumbprint: any case, with or without separators (spaces, colons, dashes); BAD_USER_INPUT
 * naming `path` otherwise.
 *
 * @example
 * ```ts
 * normalizeThumbprint('0A:1B:…'); // '0a1b…'
 * ```
 */
export function normalizeThumbprint(value: string, path = 'thumbprint'): string {
  const hex = value.replace(/[\s:-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new BadUserInputError(`${path} must be 40 hexadecimal digits`, path);
  return hex;
}

function checkCarrier(carrier: CarrierData | null | undefined, path: string): CarrierData | null {
  if (!carrier) return null;
  const serial = carrier.serialNumber?.trim() || null;
  if (carrier.type === KeyCarrierType.PROTECTED_TOKEN && !serial) {
    throw new BadUserInputError('a protected token needs its serial number', `${path}.serialNumber`);
  }
  if (serial && serial.length > 100) throw new BadUserInputError('serial number too long', `${path}.serialNumber`);
  return { type: carrier.type, serialNumber: serial };
}

function checkInn(value: string, path: string, kind: 'INN' | 'INN_PERSON' = 'INN'): string {
  const v = value.trim();
  const problem = checkIdentifier(kind, v);
  if (problem)
    throw new SubgraphError('INVALID_IDENTIFIER', `${path}: bad ${kind} "${value}"`, { path, kind, problem });
  return v;
}

function requiredDocuments(type: CertificateRequestType, withPowerOfAttorney: boolean): DocumentKind[] {
  const kinds = [DocumentKind.PASSPORT, DocumentKind.SNILS];
  if (type === CertificateRequestType.QUALIFIED) kinds.push(DocumentKind.APPLICATION);
  if (withPowerOfAttorney) kinds.push(DocumentKind.POWER_OF_ATTORNEY);
  return kinds;
}

function csrError(e: unknown, path: string): never {
  if (e instanceof PkiError) {
    throw new SubgraphError('BAD_USER_INPUT', `the certificate request is not usable: ${e.message}`, {
      path,
      reason: e.code,
    });
  }
  throw e;
}

/**
 * The certificate subgraph's service layer: import, the request workflow with the built-in CA, revocation,
 * acknowledgement, organization policies and the employee projection of the person feed. Every change records
 * who made it (`certificate_audit`) and its events in the outbox, in one transaction. No authorization here
 * (resolvers check the caller).
 *
 * @example
 * ```ts
 * const service = new CertificateService(em.fork(), outbox, clock, ca);
 * const row = await service.importCertificate('admin-1', der, { type: KeyCarrierType.PROTECTED_TOKEN, serialNumber: '0A1B' }, '7707083893');
 * ```
 */
export class CertificateService {
  constructor(
    readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clock: SubgraphClock,
    private readonly ca: BuiltInCa,
    private readonly onRevoked: () => void = () => undefined,
  ) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  private audit(em: EntityManager, actor: string, action: string, targetId: string, details?: unknown): void {
    const row = Object.assign(new AuditRow(), {
      id: newId(),
      at: this.now(),
      actor,
      action,
      targetId,
      details: details === undefined ? null : JSON.stringify(details),
    });
    em.persist(row);
  }

  private event(em: EntityManager, type: string, row: CertificateRow, extra: Partial<CertificateEventPayload> = {}) {
    const payload: CertificateEventPayload = {
      certificateId: row.id,
      thumbprint: row.thumbprint,
      organizationInn: row.organizationInn,
      ownerPersonId: row.ownerPersonId,
      ...extra,
    };
    this.outbox.record(em, type, payload);
  }

  /** The person id of an employee known by INN or SNILS (from the person feed), or null. */
  async ownerOf(inn: string | null | undefined, snils: string | null | undefined): Promise<string | null> {
    if (inn) {
      const e = await this.em.findOne(EmployeeRow, { inn }, { orderBy: { updatedAt: 'desc' } });
      if (e) return e.personId;
    }
    if (snils) {
      const e = await this.em.findOne(EmployeeRow, { snils }, { orderBy: { updatedAt: 'desc' } });
      if (e) return e.personId;
    }
    return null;
  }

  async policy(organizationInn: string): Promise<OrganizationPolicyRow> {
    const row = await this.em.findOne(OrganizationPolicyRow, { organizationInn });
    return (
      row ??
      Object.assign(new OrganizationPolicyRow(), {
        organizationInn,
        requireAcknowledgement: false,
        acknowledgementDays: DEFAULT_ACKNOWLEDGEMENT_DAYS,
        autoRenewDays: null,
        validity: JSON.stringify(DEFAULT_VALIDITY_DAYS),
        updatedAt: this.now(),
        updatedBy: null,
      })
    );
  }

  /** Changes an organization's policy; omitted fields stay. */
  async setPolicy(
    actor: Caller,
    input: {
      organizationInn: string;
      requireAcknowledgement?: boolean;
      acknowledgementDays?: number;
      autoRenewDays?: number | null;
      validity?: { carrier: KeyCarrierType; days: number }[];
    },
  ): Promise<OrganizationPolicyRow> {
    const row = await this.policy(input.organizationInn);
    if (input.requireAcknowledgement !== undefined && input.requireAcknowledgement !== null) {
      row.requireAcknowledgement = input.requireAcknowledgement;
    }
    if (input.acknowledgementDays !== undefined && input.acknowledgementDays !== null) {
      if (
        !Number.isInteger(input.acknowledgementDays) ||
        input.acknowledgementDays < 1 ||
        input.acknowledgementDays > 365
      ) {
        throw new BadUserInputError('acknowledgementDays must be 1-365', 'input.acknowledgementDays');
      }
      row.acknowledgementDays = input.acknowledgementDays;
    }
    if (input.autoRenewDays !== undefined) {
      if (input.autoRenewDays !== null && (input.autoRenewDays < 1 || input.autoRenewDays > 365)) {
        throw new BadUserInputError('autoRenewDays must be 1-365 or null', 'input.autoRenewDays');
      }
      row.autoRenewDays = input.autoRenewDays;
    }
    if (input.validity) {
      const validity = { ...(JSON.parse(row.validity) as Record<string, number>) };
      input.validity.forEach((v, i) => {
        if (!Number.isInteger(v.days) || v.days < 1 || v.days > 1095) {
          throw new BadUserInputError('validity days must be 1-1095', `input.validity.${i}.days`);
        }
        validity[v.carrier] = v.days;
      });
      row.validity = JSON.stringify(validity);
    }
    row.updatedAt = this.now();
    row.updatedBy = actor.subject;
    await this.em.transactional(async (tx) => {
      tx.persist(row);
      this.audit(tx, actor.subject, 'POLICY_SET', row.organizationInn, input);
    });
    return row;
  }

  /**
   * Imports a certificate (DER, PEM or base64 bytes), parsed into owner, issuer, serial number, thumbprint,
   * validity, key usage and qualification. `CONFLICT` when it is already known.
   */
  async importCertificate(
    actor: Caller,
    bytes: Uint8Array,
    carrier: CarrierData | null | undefined,
    organizationInn: string | null,
  ): Promise<CertificateRow> {
    const checkedCarrier = checkCarrier(carrier, 'input.carrier');
    let info: CertificateInfo;
    try {
      info = parseCertificate(bytes);
    } catch (e) {
      if (e instanceof PkiError) {
        throw new SubgraphError('BAD_USER_INPUT', `not a certificate: ${e.message}`, {
          path: 'input.certificate',
          reason: e.code,
        });
      }
      throw e;
    }
    if (info.isCa) throw new BadUserInputError('a CA certificate is not a signing certificate', 'input.certificate');
    const thumbprint = info.thumbprint.toLowerCase();
    if (await this.em.findOne(CertificateRow, { thumbprint })) {
      throw new ConflictError(`certificate ${thumbprint} is known already`, 'input.certificate');
    }
    const row = await this.newCertificateRow(info, 'IMPORTED', organizationInn, checkedCarrier);
    row.createdBy = actor.subject;
    await this.em.transactional(async (tx) => {
      tx.persist(row);
      this.audit(tx, actor.subject, 'CERTIFICATE_IMPORTED', row.id, { thumbprint });
      this.event(tx, CERTIFICATE_EVENTS.ISSUED, row);
    });
    this.outbox.notify();
    return row;
  }

  private async newCertificateRow(
    info: CertificateInfo,
    source: 'IMPORTED' | 'ISSUED',
    organizationInn: string | null,
    carrier: CarrierData | null,
  ): Promise<CertificateRow> {
    return Object.assign(new CertificateRow(), {
      id: newId(),
      thumbprint: info.thumbprint.toLowerCase(),
      serialNumber: info.serialNumber,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      issuer: info.issuer.slice(0, 1000),
      subjectCommonName: info.subjectName.commonName?.slice(0, 500) ?? null,
      subjectInn: info.inn ?? null,
      subjectInnLe: info.innLe ?? null,
      subjectSnils: info.snils ?? null,
      subjectOgrn: info.ogrn ?? info.ogrnip ?? null,
      ownerPersonId: await this.ownerOf(info.inn, info.snils),
      status: 'VALID',
      createdAt: this.now(),
      der: Buffer.from(info.der).toString('base64'),
      qualified: info.qualified,
      keyUsage: info.keyUsage.join(','),
      organizationInn,
      carrierType: carrier?.type ?? null,
      carrierSerial: carrier?.serialNumber ?? null,
      requestId: null,
      source,
      revokedAt: null,
      revocationReason: null,
      suspendedAt: null,
      acknowledgementDue: null,
      acknowledgedAt: null,
      noticeDays: null,
      expiredNotified: false,
      renewalRequested: false,
      createdBy: null,
    });
  }

  async certificateById(id: string, path = 'id'): Promise<CertificateRow> {
    const row = await this.em.findOne(CertificateRow, { id });
    if (!row) throw new NotFoundError(`no certificate ${id}`, path);
    return row;
  }

  async requestById(id: string, path = 'input.requestId'): Promise<CertificateRequestRow> {
    const row = await this.em.findOne(CertificateRequestRow, { id });
    if (!row) throw new NotFoundError(`no certificate request ${id}`, path);
    return row;
  }

  /** Creates a request for one active employee of the organization, found by INN or SNILS. */
  async createRequest(actor: Caller, input: RequestData): Promise<CertificateRequestRow> {
    const orgInn = checkInn(input.organizationInn, 'input.organizationInn');
    const carrier = checkCarrier(input.carrier, 'input.carrier');
    let employee: EmployeeRow | null = null;
    if (input.personInn) {
      const inn = checkInn(input.personInn, 'input.personInn', 'INN_PERSON');
      employee = await this.em.findOne(EmployeeRow, { inn, organizationInn: orgInn, active: true });
    } else if (input.personSnils) {
      const snils = input.personSnils.replace(/\D/g, '');
      employee = await this.em.findOne(EmployeeRow, { snils, organizationInn: orgInn, active: true });
    } else {
      throw new BadUserInputError('give the employee INN or SNILS', 'input.personInn');
    }
    if (!employee) {
      throw new NotFoundError(`no active employee with that INN/SNILS at organization ${orgInn}`, 'input.personInn');
    }
    const request = this.newRequest(actor, orgInn, employee, input.type, input.purpose ?? null, carrier, null);
    const docs = requiredDocuments(input.type, input.requiresPowerOfAttorney ?? false).map((kind) =>
      this.newDocument(request.id, kind),
    );
    await this.em.transactional(async (tx) => {
      tx.persist(request);
      docs.forEach((d) => tx.persist(d));
      this.audit(tx, actor.subject, 'REQUEST_CREATED', request.id, { type: input.type });
    });
    return request;
  }

  /**
   * Creates requests for a group of employees: every active employee of the organization (optionally in one
   * position), or those listed in a CSV (an INN or SNILS in the first column). Employees with an open request
   * of the same type are skipped with a problem line.
   */
  async createRequests(
    actor: Caller,
    input: BulkRequestData,
  ): Promise<{ requests: CertificateRequestRow[]; problems: { line: number; value: string; message: string }[] }> {
    const orgInn = checkInn(input.organizationInn, 'input.organizationInn');
    const carrier = checkCarrier(input.carrier, 'input.carrier');
    const problems: { line: number; value: string; message: string }[] = [];
    const selected: { line: number; value: string; employee: EmployeeRow }[] = [];
    const active = await this.em.find(
      EmployeeRow,
      { organizationInn: orgInn, active: true, ...(input.position ? { position: input.position.trim() } : {}) },
      { orderBy: { employmentId: 'asc' } },
    );
    if (input.csv !== undefined && input.csv !== null) {
      let rows: string[][];
      try {
        rows = parseCsv(input.csv, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
      } catch (e) {
        throw new BadUserInputError(`input.csv is not CSV: ${(e as Error).message}`, 'input.csv');
      }
      if (rows.length > 10_000) throw new BadUserInputError('at most 10000 lines', 'input.csv');
      rows.forEach((cells, i) => {
        const value = (cells[0] ?? '').trim();
        const digits = value.replace(/\D/g, '');
        if (i === 0 && !/\d/.test(value)) return; // header
        const employee =
          digits.length === 12
            ? active.find((e) => e.inn === digits)
            : digits.length === 11
              ? active.find((e) => e.snils === digits)
              : undefined;
        if (digits.length !== 11 && digits.length !== 12) {
          problems.push({ line: i + 1, value, message: 'neither a personal INN (12 digits) nor a SNILS (11 digits)' });
        } else if (!employee) {
          problems.push({ line: i + 1, value, message: `no active employee of ${orgInn} with it` });
        } else selected.push({ line: i + 1, value, employee });
      });
    } else {
      active.forEach((employee) => selected.push({ line: 0, value: employee.inn ?? employee.snils ?? '', employee }));
      if (selected.length === 0) problems.push({ line: 0, value: orgInn, message: 'no active employees selected' });
    }
    const open = await this.em.find(CertificateRequestRow, {
      organizationInn: orgInn,
      type: input.type,
      status: { $nin: [CertificateRequestStatus.ISSUED, CertificateRequestStatus.REJECTED] },
    });
    const openPeople = new Set(open.map((r) => r.personId));
    const requests: CertificateRequestRow[] = [];
    const docs: RequestDocumentRow[] = [];
    for (const s of selected) {
      if (openPeople.has(s.employee.personId)) {
        problems.push({ line: s.line, value: s.value, message: 'the employee has an open request of this type' });
        continue;
      }
      openPeople.add(s.employee.personId);
      const request = this.newRequest(actor, orgInn, s.employee, input.type, input.purpose ?? null, carrier, null);
      requests.push(request);
      docs.push(...requiredDocuments(input.type, false).map((kind) => this.newDocument(request.id, kind)));
    }
    await this.em.transactional(async (tx) => {
      requests.forEach((r) => tx.persist(r));
      docs.forEach((d) => tx.persist(d));
      this.audit(tx, actor.subject, 'REQUESTS_CREATED', orgInn, { count: requests.length });
    });
    return { requests, problems };
  }

  private newRequest(
    actor: Caller | string,
    orgInn: string,
    employee: { personId: string; inn: string | null; snils: string | null },
    type: CertificateRequestType,
    purpose: string | null,
    carrier: CarrierData | null,
    renewalOf: string | null,
  ): CertificateRequestRow {
    const now = this.now();
    return Object.assign(new CertificateRequestRow(), {
      id: newId(),
      organizationInn: orgInn,
      personId: employee.personId,
      personInn: employee.inn,
      personSnils: employee.snils,
      type,
      purpose: purpose?.trim().slice(0, 500) || null,
      carrierType: carrier?.type ?? null,
      carrierSerial: carrier?.serialNumber ?? null,
      status: renewalOf ? CertificateRequestStatus.DRAFT : CertificateRequestStatus.DOCUMENTS_PENDING,
      operatorComment: null,
      renewalOf,
      certificateId: null,
      createdAt: now,
      createdBy: typeof actor === 'string' ? actor : actor.subject,
      updatedAt: now,
      submittedAt: null,
      decidedAt: null,
      issuedAt: null,
      csr: null,
    });
  }

  private newDocument(requestId: string, kind: DocumentKind): RequestDocumentRow {
    return Object.assign(new RequestDocumentRow(), {
      id: newId(),
      requestId,
      kind,
      state: DocumentState.MISSING,
      comment: null,
      sha256: null,
      updatedAt: this.now(),
      updatedBy: null,
    });
  }

  /** Records a document's state (PROVIDED with its file, ACCEPTED, REJECTED); the request status follows. */
  async setDocument(
    actor: Caller,
    input: {
      requestId: string;
      kind: DocumentKind;
      state: DocumentState;
      content?: Uint8Array | null;
      comment?: string | null;
    },
  ): Promise<CertificateRequestRow> {
    const request = await this.requestById(input.requestId);
    if (
      request.status !== CertificateRequestStatus.DOCUMENTS_PENDING &&
      request.status !== CertificateRequestStatus.DRAFT
    ) {
      throw new ConflictError(`request ${request.id} is ${request.status}: documents are closed`, 'input.requestId');
    }
    const docs = await this.em.find(RequestDocumentRow, { requestId: request.id });
    const doc = docs.find((d) => d.kind === input.kind);
    if (!doc) throw new BadUserInputError(`request ${request.id} does not need ${input.kind}`, 'input.kind');
    if (input.state === DocumentState.MISSING)
      throw new BadUserInputError('state MISSING cannot be set', 'input.state');
    doc.state = input.state;
    doc.comment = input.comment?.trim() || null;
    if (input.content) doc.sha256 = createHash('sha256').update(input.content).digest('hex');
    doc.updatedAt = this.now();
    doc.updatedBy = actor.subject;
    const complete = docs.every((d) => d.state === DocumentState.PROVIDED || d.state === DocumentState.ACCEPTED);
    request.status = complete ? CertificateRequestStatus.DRAFT : CertificateRequestStatus.DOCUMENTS_PENDING;
    request.updatedAt = this.now();
    await this.em.transactional(async (tx) => {
      tx.persist(doc);
      tx.persist(request);
      this.audit(tx, actor.subject, 'DOCUMENT_SET', request.id, { kind: input.kind, state: input.state });
    });
    return request;
  }

  /**
   * Takes the PKCS#10 request generated where the key lives. Unqualified: issued at once by the built-in CA.
   * Qualified: SUBMITTED, waiting for {@link approve}.
   */
  async submit(actor: Caller, requestId: string, csr: Uint8Array): Promise<CertificateRequestRow> {
    const request = await this.requestById(requestId);
    if (request.status !== CertificateRequestStatus.DRAFT) {
      throw new ConflictError(
        `request ${request.id} is ${request.status}; a CSR is taken once the documents are complete (DRAFT)`,
        'input.requestId',
      );
    }
    let info: Awaited<ReturnType<typeof readCsr>>;
    try {
      info = await readCsr(csr);
    } catch (e) {
      csrError(e, 'input.csr');
    }
    if (info.subject.inn && request.personInn && info.subject.inn !== request.personInn) {
      throw new SubgraphError('BAD_USER_INPUT', 'the CSR names another person (INN)', {
        path: 'input.csr',
        reason: 'SUBJECT_MISMATCH',
      });
    }
    if (info.subject.snils && request.personSnils && info.subject.snils !== request.personSnils) {
      throw new SubgraphError('BAD_USER_INPUT', 'the CSR names another person (SNILS)', {
        path: 'input.csr',
        reason: 'SUBJECT_MISMATCH',
      });
    }
    request.csr = Buffer.from(csr).toString('base64');
    request.submittedAt = this.now();
    request.updatedAt = this.now();
    request.status = CertificateRequestStatus.SUBMITTED;
    if (request.type === CertificateRequestType.UNQUALIFIED) return this.issue(actor, request);
    await this.em.transactional(async (tx) => {
      tx.persist(request);
      this.audit(tx, actor.subject, 'REQUEST_SUBMITTED', request.id);
    });
    return request;
  }

  /** The operator approves a submitted (qualified) request: the built-in CA issues the certificate. */
  async approve(actor: Caller, requestId: string, comment: string | null): Promise<CertificateRequestRow> {
    const request = await this.requestById(requestId);
    if (request.status !== CertificateRequestStatus.SUBMITTED) {
      throw new ConflictError(`request ${request.id} is ${request.status}, not SUBMITTED`, 'input.requestId');
    }
    request.status = CertificateRequestStatus.APPROVED;
    request.decidedAt = this.now();
    request.operatorComment = comment?.trim() || null;
    return this.issue(actor, request);
  }

  /** The operator rejects a request with a comment. */
  async reject(actor: Caller, requestId: string, comment: string): Promise<CertificateRequestRow> {
    const request = await this.requestById(requestId);
    if (request.status === CertificateRequestStatus.ISSUED || request.status === CertificateRequestStatus.REJECTED) {
      throw new ConflictError(`request ${request.id} is ${request.status} already`, 'input.requestId');
    }
    if (!comment.trim()) throw new BadUserInputError('a rejection needs a comment', 'input.comment');
    request.status = CertificateRequestStatus.REJECTED;
    request.decidedAt = this.now();
    request.updatedAt = this.now();
    request.operatorComment = comment.trim().slice(0, 2000);
    await this.em.transactional(async (tx) => {
      tx.persist(request);
      this.audit(tx, actor.subject, 'REQUEST_REJECTED', request.id, { comment: request.operatorComment });
    });
    return request;
  }

  private async issue(actor: Caller, request: CertificateRequestRow): Promise<CertificateRequestRow> {
    const policy = await this.policy(request.organizationInn);
    const validity = JSON.parse(policy.validity) as Record<string, number>;
    const carrierType = (request.carrierType as KeyCarrierType | null) ?? KeyCarrierType.FILE_SYSTEM;
    const days = validity[carrierType] ?? DEFAULT_VALIDITY_DAYS[carrierType];
    const now = this.clock.now();
    const csr = Uint8Array.from(Buffer.from(request.csr ?? '', 'base64'));
    const csrInfo = await readCsr(csr).catch((e: unknown) => csrError(e, 'input.csr'));
    const subject: SubjectInput = {
      ...csrInfo.subject,
      ...(request.personInn ? { inn: request.personInn } : {}),
      ...(request.personSnils ? { snils: request.personSnils } : {}),
      ...(request.organizationInn.length === 10 && !csrInfo.subject.innLe ? { innLe: request.organizationInn } : {}),
    };
    const issued = await this.ca.issue(csr, {
      notBefore: now,
      notAfter: new Date(now.getTime() + days * DAY_MS),
      qualified: request.type === CertificateRequestType.QUALIFIED,
      subject,
    });
    const row = await this.newCertificateRow(issued.info, 'ISSUED', request.organizationInn, {
      type: carrierType,
      serialNumber: request.carrierSerial,
    });
    row.ownerPersonId = request.personId ?? row.ownerPersonId;
    row.requestId = request.id;
    row.createdBy = actor.subject;
    if (policy.requireAcknowledgement) {
      row.acknowledgementDue = new Date(now.getTime() + policy.acknowledgementDays * DAY_MS).toISOString();
    }
    request.status = CertificateRequestStatus.ISSUED;
    request.certificateId = row.id;
    request.issuedAt = row.createdAt;
    request.updatedAt = row.createdAt;
    const superseded = request.renewalOf ? await this.em.findOne(CertificateRow, { id: request.renewalOf }) : null;
    await this.em.transactional(async (tx) => {
      tx.persist(row);
      tx.persist(request);
      this.audit(tx, actor.subject, 'CERTIFICATE_ISSUED', row.id, { requestId: request.id });
      this.event(tx, CERTIFICATE_EVENTS.ISSUED, row);
      if (superseded && superseded.status !== 'REVOKED' && superseded.source === 'ISSUED') {
        this.markRevoked(tx, actor.subject, superseded, RevocationReasonCode.SUPERSEDED);
      }
    });
    this.outbox.notify();
    if (superseded?.status === 'REVOKED') this.onRevoked();
    return request;
  }

  /**
   * Renewal or reissue from an existing certificate without collecting documents again: a request (DRAFT) for
   * the same owner, type and carrier (or a new carrier); with a CSR it is submitted at once.
   */
  async renew(
    actor: Caller | string,
    certificate: CertificateRow,
    options: { csr?: Uint8Array | null; carrier?: CarrierData | null } = {},
  ): Promise<CertificateRequestRow> {
    if (!certificate.organizationInn) {
      throw new BadUserInputError('only certificates of an organization can be renewed', 'input.certificateId');
    }
    const previous = certificate.requestId
      ? await this.em.findOne(CertificateRequestRow, { id: certificate.requestId })
      : null;
    const carrier =
      checkCarrier(options.carrier, 'input.carrier') ??
      (certificate.carrierType
        ? { type: certificate.carrierType as KeyCarrierType, serialNumber: certificate.carrierSerial }
        : null);
    const request = this.newRequest(
      actor,
      certificate.organizationInn,
      {
        personId: certificate.ownerPersonId ?? previous?.personId ?? '',
        inn: certificate.subjectInn,
        snils: certificate.subjectSnils,
      },
      certificate.qualified ? CertificateRequestType.QUALIFIED : CertificateRequestType.UNQUALIFIED,
      previous?.purpose ?? null,
      carrier,
      certificate.id,
    );
    if (!request.personId) request.personId = null;
    await this.em.transactional(async (tx) => {
      tx.persist(request);
      this.audit(tx, typeof actor === 'string' ? actor : actor.subject, 'RENEWAL_REQUESTED', request.id, {
        certificateId: certificate.id,
      });
    });
    if (options.csr && typeof actor !== 'string') return this.submit(actor, request.id, options.csr);
    return request;
  }

  private markRevoked(em: EntityManager, actor: string, row: CertificateRow, reason: RevocationReasonCode): void {
    row.status = 'REVOKED';
    row.revokedAt = this.now();
    row.revocationReason = reason;
    em.persist(row);
    this.audit(em, actor, 'CERTIFICATE_REVOKED', row.id, { reason });
    this.event(em, CERTIFICATE_EVENTS.REVOKED, row, { reason });
  }

  /** Revokes a certificate (idempotent: a revoked one stays as it was). */
  async revoke(actor: string, row: CertificateRow, reason: RevocationReasonCode): Promise<CertificateRow> {
    if (row.status === 'REVOKED') return row;
    await this.em.transactional(async (tx) => this.markRevoked(tx, actor, row, reason));
    this.outbox.notify();
    if (row.source === 'ISSUED') this.onRevoked();
    return row;
  }

  /** Records the owner's signed acknowledgement; a suspended certificate is reinstated. */
  async acknowledge(actor: Caller, row: CertificateRow): Promise<CertificateRow> {
    if (row.status === 'REVOKED') throw new ConflictError(`certificate ${row.id} is revoked`, 'input.certificateId');
    if (row.acknowledgedAt) return row;
    row.acknowledgedAt = this.now();
    const reinstated = row.status === 'SUSPENDED';
    if (reinstated) {
      row.status = 'VALID';
      row.suspendedAt = null;
    }
    await this.em.transactional(async (tx) => {
      tx.persist(row);
      this.audit(tx, actor.subject, 'CERTIFICATE_ACKNOWLEDGED', row.id);
      if (reinstated) this.event(tx, CERTIFICATE_EVENTS.REINSTATED, row);
    });
    if (reinstated) this.outbox.notify();
    return row;
  }

  /**
   * Applies one event of the person feed: hires and dismissals update the employee projection (and link
   * certificates to their owners); a dismissal revokes the employee's certificates of that organization and
   * rejects their open requests. Idempotent.
   */
  async applyEmploymentEvent(type: string, payload: EmploymentPayload): Promise<number> {
    const existing = await this.em.findOne(EmployeeRow, { employmentId: payload.employmentId });
    const employee = existing ?? Object.assign(new EmployeeRow(), { employmentId: payload.employmentId, active: true });
    Object.assign(employee, {
      personId: payload.personId,
      inn: payload.inn,
      snils: payload.snils,
      organizationInn: payload.organizationInn,
      position: payload.position,
      active: type === 'EMPLOYEE_DISMISSED' ? false : existing ? existing.active : true,
      updatedAt: this.now(),
    });
    let revoked: CertificateRow[] = [];
    await this.em.transactional(async (tx) => {
      tx.persist(employee);
      const or = [
        ...(payload.inn ? [{ subjectInn: payload.inn }] : []),
        ...(payload.snils ? [{ subjectSnils: payload.snils }] : []),
      ];
      if (or.length > 0) {
        await tx.nativeUpdate(CertificateRow, { ownerPersonId: null, $or: or }, { ownerPersonId: payload.personId });
      }
      if (type !== 'EMPLOYEE_DISMISSED') return;
      revoked = await tx.find(CertificateRow, {
        organizationInn: payload.organizationInn,
        status: { $ne: 'REVOKED' },
        $or: [{ ownerPersonId: payload.personId }, ...or],
      });
      for (const row of revoked) this.markRevoked(tx, 'person-feed', row, RevocationReasonCode.DISMISSAL);
      const open = await tx.find(CertificateRequestRow, {
        organizationInn: payload.organizationInn,
        personId: payload.personId,
        status: { $nin: [CertificateRequestStatus.ISSUED, CertificateRequestStatus.REJECTED] },
      });
      for (const r of open) {
        r.status = CertificateRequestStatus.REJECTED;
        r.operatorComment = `the employee was dismissed on ${payload.dismissedOn ?? 'an unknown date'}`;
        r.decidedAt = r.updatedAt = this.now();
        this.audit(tx, 'person-feed', 'REQUEST_REJECTED', r.id, { reason: 'DISMISSAL' });
      }
    });
    if (revoked.length > 0) {
      this.outbox.notify();
      if (revoked.some((r) => r.source === 'ISSUED')) this.onRevoked();
    }
    return revoked.length;
  }
}

/** Whether a carrier type allows copying the key. */
export function isInsecureCarrier(type: string | null): boolean {
  return type !== null && (INSECURE_CARRIERS as readonly string[]).includes(type);
}

/** The CRL entry of a revoked certificate issued by the built-in CA. */
export function crlEntry(row: CertificateRow): {
  serialNumber: string;
  revokedAt: Date;
  reason: ReturnType<typeof crlReason>;
} {
  return {
    serialNumber: row.serialNumber,
    revokedAt: new Date(row.revokedAt ?? row.createdAt),
    reason: crlReason(row.revocationReason),
  };
}
