import { EntitySchema } from '@mikro-orm/core';

/**
 * A stored certificate: imported (any CA) or issued by the built-in CA. Instants are RFC 3339 strings
 * (`toISOString()`), so that SQLite and PostgreSQL sort and compare them alike.
 */
export class CertificateRow {
  id!: string;
  /** SHA-1 of the DER, 40 lowercase hex digits. */
  thumbprint!: string;
  /** Hex, upper case. */
  serialNumber!: string;
  notBefore!: string;
  notAfter!: string;
  issuer!: string;
  subjectCommonName!: string | null;
  subjectInn!: string | null;
  subjectInnLe!: string | null;
  subjectSnils!: string | null;
  subjectOgrn!: string | null;
  /** The person (person subgraph id) the certificate belongs to, when matched by INN/SNILS. */
  ownerPersonId!: string | null;
  /** Stored state: `VALID`, `REVOKED` or `SUSPENDED` (time-based states are computed when read). */
  status!: string;
  createdAt!: string;
  /** Base64 of the DER. */
  der!: string | null;
  qualified!: boolean;
  /** Key usage bit names, comma-separated. */
  keyUsage!: string;
  /** INN of the organization the certificate is managed by. */
  organizationInn!: string | null;
  carrierType!: string | null;
  carrierSerial!: string | null;
  requestId!: string | null;
  /** `IMPORTED` or `ISSUED` (by the built-in CA). */
  source!: string;
  revokedAt!: string | null;
  revocationReason!: string | null;
  suspendedAt!: string | null;
  acknowledgementDue!: string | null;
  acknowledgedAt!: string | null;
  /** The smallest notice threshold (days before expiry) already announced. */
  noticeDays!: number | null;
  expiredNotified!: boolean;
  renewalRequested!: boolean;
  createdBy!: string | null;
}

/** A certificate request and its workflow state. */
export class CertificateRequestRow {
  id!: string;
  organizationInn!: string;
  personId!: string | null;
  personInn!: string | null;
  personSnils!: string | null;
  type!: string;
  purpose!: string | null;
  carrierType!: string | null;
  carrierSerial!: string | null;
  status!: string;
  operatorComment!: string | null;
  renewalOf!: string | null;
  certificateId!: string | null;
  createdAt!: string;
  createdBy!: string;
  updatedAt!: string;
  submittedAt!: string | null;
  decidedAt!: string | null;
  issuedAt!: string | null;
  /** Base64 of the PKCS#10 request once submitted. */
  csr!: string | null;
}

/** A document a request needs, and its state. */
export class RequestDocumentRow {
  id!: string;
  requestId!: string;
  kind!: string;
  state!: string;
  comment!: string | null;
  /** SHA-256 hex of the provided file, when one was uploaded. */
  sha256!: string | null;
  updatedAt!: string;
  updatedBy!: string | null;
}

/** The person subgraph's employments as seen through its feed (`EMPLOYEE_HIRED`, `EMPLOYEE_DISMISSED`). */
export class EmployeeRow {
  employmentId!: string;
  personId!: string;
  inn!: string | null;
  snils!: string | null;
  organizationInn!: string;
  position!: string;
  active!: boolean;
  updatedAt!: string;
}

/** An organization's certificate settings. */
export class OrganizationPolicyRow {
  organizationInn!: string;
  requireAcknowledgement!: boolean;
  acknowledgementDays!: number;
  /** Days before expiry at which a renewal request is created automatically; null: never. */
  autoRenewDays!: number | null;
  /** JSON object: carrier type → validity in days. */
  validity!: string;
  updatedAt!: string;
  updatedBy!: string | null;
}

/** Who changed what, when. */
export class AuditRow {
  id!: string;
  at!: string;
  actor!: string;
  action!: string;
  targetId!: string;
  details!: string | null;
}

const str = (fieldName: string, length: number, nullable = false) =>
  ({ type: 'string', length, fieldName, nullable }) as const;
const text = (fieldName: string, nullable = true) => ({ type: 'text', fieldName, nullable }) as const;
const bool = (fieldName: string) => ({ type: 'boolean', fieldName }) as const;

export const CertificateSchema = new EntitySchema<CertificateRow>({
  class: CertificateRow,
  tableName: 'certificate',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    thumbprint: str('thumbprint', 40),
    serialNumber: str('serial_number', 64),
    notBefore: str('not_before', 32),
    notAfter: str('not_after', 32),
    issuer: str('issuer', 1000),
    subjectCommonName: str('subject_common_name', 500, true),
    subjectInn: str('subject_inn', 12, true),
    subjectInnLe: str('subject_inn_le', 10, true),
    subjectSnils: str('subject_snils', 11, true),
    subjectOgrn: str('subject_ogrn', 15, true),
    ownerPersonId: str('owner_person_id', 36, true),
    status: str('status', 16),
    createdAt: str('created_at', 32),
    der: text('der'),
    qualified: bool('qualified'),
    keyUsage: str('key_usage', 500),
    organizationInn: str('organization_inn', 12, true),
    carrierType: str('carrier_type', 24, true),
    carrierSerial: str('carrier_serial', 100, true),
    requestId: str('request_id', 36, true),
    source: str('source', 16),
    revokedAt: str('revoked_at', 32, true),
    revocationReason: str('revocation_reason', 32, true),
    suspendedAt: str('suspended_at', 32, true),
    acknowledgementDue: str('acknowledgement_due', 32, true),
    acknowledgedAt: str('acknowledged_at', 32, true),
    noticeDays: { type: 'integer', fieldName: 'notice_days', nullable: true },
    expiredNotified: bool('expired_notified'),
    renewalRequested: bool('renewal_requested'),
    createdBy: str('created_by', 200, true),
  },
});

export const CertificateRequestSchema = new EntitySchema<CertificateRequestRow>({
  class: CertificateRequestRow,
  tableName: 'certificate_request',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    organizationInn: str('organization_inn', 12),
    personId: str('person_id', 36, true),
    personInn: str('person_inn', 12, true),
    personSnils: str('person_snils', 11, true),
    type: str('type', 16),
    purpose: str('purpose', 500, true),
    carrierType: str('carrier_type', 24, true),
    carrierSerial: str('carrier_serial', 100, true),
    status: str('status', 24),
    operatorComment: str('operator_comment', 2000, true),
    renewalOf: str('renewal_of', 36, true),
    certificateId: str('certificate_id', 36, true),
    createdAt: str('created_at', 32),
    createdBy: str('created_by', 200),
    updatedAt: str('updated_at', 32),
    submittedAt: str('submitted_at', 32, true),
    decidedAt: str('decided_at', 32, true),
    issuedAt: str('issued_at', 32, true),
    csr: text('csr'),
  },
});

export const RequestDocumentSchema = new EntitySchema<RequestDocumentRow>({
  class: RequestDocumentRow,
  tableName: 'request_document',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    requestId: str('request_id', 36),
    kind: str('kind', 32),
    state: str('state', 16),
    comment: str('comment', 2000, true),
    sha256: str('sha256', 64, true),
    updatedAt: str('updated_at', 32),
    updatedBy: str('updated_by', 200, true),
  },
});

export const EmployeeSchema = new EntitySchema<EmployeeRow>({
  class: EmployeeRow,
  tableName: 'employee',
  properties: {
    employmentId: { type: 'string', length: 36, primary: true, fieldName: 'employment_id' },
    personId: str('person_id', 36),
    inn: str('inn', 12, true),
    snils: str('snils', 11, true),
    organizationInn: str('organization_inn', 12),
    position: str('position', 500),
    active: bool('active'),
    updatedAt: str('updated_at', 32),
  },
});

export const OrganizationPolicySchema = new EntitySchema<OrganizationPolicyRow>({
  class: OrganizationPolicyRow,
  tableName: 'organization_policy',
  properties: {
    organizationInn: { type: 'string', length: 12, primary: true, fieldName: 'organization_inn' },
    requireAcknowledgement: bool('require_acknowledgement'),
    acknowledgementDays: { type: 'integer', fieldName: 'acknowledgement_days' },
    autoRenewDays: { type: 'integer', fieldName: 'auto_renew_days', nullable: true },
    validity: text('validity', false),
    updatedAt: str('updated_at', 32),
    updatedBy: str('updated_by', 200, true),
  },
});

export const AuditSchema = new EntitySchema<AuditRow>({
  class: AuditRow,
  tableName: 'certificate_audit',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    at: str('at', 32),
    actor: str('actor', 200),
    action: str('action', 64),
    targetId: str('target_id', 36),
    details: text('details'),
  },
});

/** Every entity schema of the certificate subgraph. */
export const certificateEntities = [
  CertificateSchema,
  CertificateRequestSchema,
  RequestDocumentSchema,
  EmployeeSchema,
  OrganizationPolicySchema,
  AuditSchema,
];
