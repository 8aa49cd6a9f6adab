import 'reflect-metadata';
import { Base64Scalar, DateTimeScalar, connectionType } from '@mchd/subgraph-kit';
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** A certificate's state. */
export enum CertificateStatus {
  VALID = 'VALID',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(CertificateStatus, {
  name: 'CertificateStatus',
  description: 'State of a certificate.',
  valuesConfig: {
    VALID: { description: 'Within its validity period, not revoked, not suspended.' },
    NOT_YET_VALID: { description: 'Its validity period has not begun.' },
    EXPIRED: { description: 'Its validity period is over.' },
    REVOKED: { description: 'Revoked (on request, on dismissal, on loss of the carrier).' },
    SUSPENDED: { description: 'Suspended: the owner did not acknowledge it within the deadline.' },
  },
});

/** Where a private key lives. */
export enum KeyCarrierType {
  REGISTRY = 'REGISTRY',
  FILE_SYSTEM = 'FILE_SYSTEM',
  FLASH_DRIVE = 'FLASH_DRIVE',
  PROTECTED_TOKEN = 'PROTECTED_TOKEN',
  SMART_CARD = 'SMART_CARD',
  SIM_CARD = 'SIM_CARD',
  CLOUD = 'CLOUD',
}
registerEnumType(KeyCarrierType, {
  name: 'KeyCarrierType',
  description: 'Where the private key lives. REGISTRY, FILE_SYSTEM and FLASH_DRIVE allow copying: insecure.',
  valuesConfig: {
    REGISTRY: { description: 'The Windows registry (copyable: insecure).' },
    FILE_SYSTEM: { description: 'A file on a disk (copyable: insecure).' },
    FLASH_DRIVE: { description: 'A plain flash drive (copyable: insecure).' },
    PROTECTED_TOKEN: { description: 'A protected token with a non-exportable key; its serial number is recorded.' },
    SMART_CARD: { description: 'A smart card or ID card.' },
    SIM_CARD: { description: 'A SIM card (mobile signature).' },
    CLOUD: { description: 'A cloud or mobile signature service.' },
  },
});

/** Carrier types whose keys can be copied. */
export const INSECURE_CARRIERS: readonly KeyCarrierType[] = [
  KeyCarrierType.REGISTRY,
  KeyCarrierType.FILE_SYSTEM,
  KeyCarrierType.FLASH_DRIVE,
];

export enum CertificateRequestType {
  QUALIFIED = 'QUALIFIED',
  UNQUALIFIED = 'UNQUALIFIED',
}
registerEnumType(CertificateRequestType, {
  name: 'CertificateRequestType',
  description: 'Which certificate a request asks for.',
  valuesConfig: {
    QUALIFIED: { description: 'A qualified certificate: issued after an operator approves the request.' },
    UNQUALIFIED: { description: 'An unqualified certificate: the built-in CA issues it as soon as the CSR arrives.' },
  },
});

export enum CertificateRequestStatus {
  DOCUMENTS_PENDING = 'DOCUMENTS_PENDING',
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  ISSUED = 'ISSUED',
}
registerEnumType(CertificateRequestStatus, {
  name: 'CertificateRequestStatus',
  description: 'Where a request is in its workflow.',
  valuesConfig: {
    DOCUMENTS_PENDING: { description: 'Some required documents are missing or were rejected.' },
    DRAFT: { description: 'Documents complete; waiting for the PKCS#10 request generated where the key lives.' },
    SUBMITTED: { description: 'The CSR is in; a qualified request waits for the operator.' },
    APPROVED: { description: 'The operator approved it (the certificate is issued right after).' },
    REJECTED: { description: 'The operator rejected it (see `operatorComment`).' },
    ISSUED: { description: 'The certificate is issued (see `certificate`).' },
  },
});

export enum DocumentKind {
  PASSPORT = 'PASSPORT',
  SNILS = 'SNILS',
  APPLICATION = 'APPLICATION',
  POWER_OF_ATTORNEY = 'POWER_OF_ATTORNEY',
}
registerEnumType(DocumentKind, {
  name: 'DocumentKind',
  description: 'A document a certificate request needs.',
  valuesConfig: {
    PASSPORT: { description: 'Identity document (passport).' },
    SNILS: { description: 'SNILS card or notice.' },
    APPLICATION: { description: 'Signed application for a qualified certificate.' },
    POWER_OF_ATTORNEY: { description: 'Power of attorney of a CA user acting for the organization.' },
  },
});

export enum DocumentState {
  MISSING = 'MISSING',
  PROVIDED = 'PROVIDED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(DocumentState, {
  name: 'DocumentState',
  description: 'State of a required document.',
  valuesConfig: {
    MISSING: { description: 'Not provided yet.' },
    PROVIDED: { description: 'Provided, not checked yet.' },
    ACCEPTED: { description: 'Checked and accepted.' },
    REJECTED: { description: 'Checked and rejected: provide it again.' },
  },
});

export enum RevocationReasonCode {
  REQUEST = 'REQUEST',
  DISMISSAL = 'DISMISSAL',
  CARRIER_LOST = 'CARRIER_LOST',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(RevocationReasonCode, {
  name: 'RevocationReason',
  description: 'Why a certificate was revoked (CRL reason in brackets).',
  valuesConfig: {
    REQUEST: { description: 'On request (unspecified).' },
    DISMISSAL: { description: 'The owner was dismissed (affiliationChanged).' },
    CARRIER_LOST: { description: 'The key carrier was lost (keyCompromise).' },
    SUPERSEDED: { description: 'Replaced by a reissued certificate (superseded).' },
  },
});

export enum CertificateEventType {
  ISSUED = 'ISSUED',
  EXPIRING = 'EXPIRING',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  SUSPENDED = 'SUSPENDED',
  REINSTATED = 'REINSTATED',
}
registerEnumType(CertificateEventType, {
  name: 'CertificateEventType',
  description: 'What happened to a certificate.',
  valuesConfig: {
    ISSUED: { description: 'Issued by the built-in CA or imported.' },
    EXPIRING: { description: 'Expires within a notice threshold (`daysLeft`).' },
    EXPIRED: { description: 'Its validity period ended.' },
    REVOKED: { description: 'Revoked.' },
    SUSPENDED: { description: 'Suspended: not acknowledged within the deadline.' },
    REINSTATED: { description: 'Reinstated after a late acknowledgement.' },
  },
});

export enum CertificateReportKind {
  ISSUED = 'ISSUED',
  EXPIRING = 'EXPIRING',
  INSECURE_CARRIERS = 'INSECURE_CARRIERS',
  MISSING_DOCUMENTS = 'MISSING_DOCUMENTS',
  REQUESTS_BY_STATUS = 'REQUESTS_BY_STATUS',
}
registerEnumType(CertificateReportKind, {
  name: 'CertificateReportKind',
  description: 'A report of `certificateReportCsv`.',
  valuesConfig: {
    ISSUED: { description: 'Certificates recorded in a period (`from`, `to`).' },
    EXPIRING: { description: 'Certificates expiring within `withinDays`.' },
    INSECURE_CARRIERS: { description: 'Valid certificates whose keys live on copyable carriers.' },
    MISSING_DOCUMENTS: { description: 'Employees whose open requests lack documents.' },
    REQUESTS_BY_STATUS: { description: 'Requests counted by status.' },
  },
});

@ObjectType({ description: 'Identifying attributes of a certificate subject (from its distinguished name).' })
export class CertificateSubject {
  @Field(() => String, { nullable: true, description: 'Common name (CN).' })
  commonName!: string | null;

  @Field(() => String, { nullable: true, description: 'Personal INN (OID 1.2.643.3.131.1.1).' })
  inn!: string | null;

  @Field(() => String, { nullable: true, description: 'INN of a legal entity (OID 1.2.643.100.4).' })
  innLe!: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS (OID 1.2.643.100.3), 11 digits.' })
  snils!: string | null;

  @Field(() => String, { nullable: true, description: 'OGRN or OGRNIP (OID 1.2.643.100.1 / 1.2.643.100.5).' })
  ogrn!: string | null;
}

@ObjectType({ description: 'Where the private key of a certificate lives.' })
export class KeyCarrier {
  @Field(() => KeyCarrierType, { description: 'Kind of carrier.' })
  type!: KeyCarrierType;

  @Field(() => String, { nullable: true, description: 'Serial number of a protected token or card.' })
  serialNumber!: string | null;

  @Field({ description: 'Whether the key can be copied from this carrier (REGISTRY, FILE_SYSTEM, FLASH_DRIVE).' })
  insecure!: boolean;
}

@InputType({ description: 'Where the private key lives.' })
export class KeyCarrierInput {
  @Field(() => KeyCarrierType, { description: 'Kind of carrier.' })
  type!: KeyCarrierType;

  @Field(() => String, { nullable: true, description: 'Serial number; required for PROTECTED_TOKEN.' })
  serialNumber?: string | null;
}

@ObjectType('Person', { description: 'A natural person (owned by the person subgraph); here: their certificates.' })
@Directive('@key(fields: "id")')
export class PersonWithCertificates {
  @Field(() => ID, { description: 'The person id (person subgraph).' })
  id!: string;
}

@ObjectType({ description: 'An X.509 signing certificate known to the registry.' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "thumbprint")')
export class Certificate {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field({ description: 'SHA-1 of the DER encoding, 40 lowercase hexadecimal digits.' })
  thumbprint!: string;

  @Field({ description: 'Serial number in hexadecimal (upper case).' })
  serialNumber!: string;

  @Field(() => DateTimeScalar, { description: 'Start of the validity period.' })
  notBefore!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the validity period.' })
  notAfter!: Date;

  @Field({ description: 'Issuer distinguished name.' })
  issuer!: string;

  @Field(() => CertificateSubject, { description: 'Subject attributes.' })
  subject!: CertificateSubject;

  @Field(() => PersonWithCertificates, {
    nullable: true,
    description: 'The owner, matched by the subject INN or SNILS to an employee known from the person subgraph.',
  })
  owner!: PersonWithCertificates | null;

  @Field({ description: 'Whether it is a qualified certificate (63-FZ extensions or policies).' })
  qualified!: boolean;

  @Field(() => KeyCarrier, { nullable: true, description: 'Where the private key lives, when recorded.' })
  carrier!: KeyCarrier | null;

  @Field(() => CertificateStatus, { description: 'Current state (at the subgraph clock).' })
  status!: CertificateStatus;

  @Field(() => [String], { description: 'Key usage bit names (digitalSignature, nonRepudiation, …).' })
  keyUsage!: string[];

  @Field(() => String, { nullable: true, description: 'INN of the organization managing the certificate.' })
  organizationInn!: string | null;

  @Field({ description: 'Whether the built-in CA issued it (else it was imported).' })
  issuedByBuiltInCa!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked.' })
  revokedAt!: Date | null;

  @Field(() => RevocationReasonCode, { nullable: true, description: 'Why it was revoked.' })
  revocationReason!: RevocationReasonCode | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was suspended (cleared on reinstatement).' })
  suspendedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Deadline for the signed acknowledgement, where the organization requires one.',
  })
  acknowledgementDue!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the acknowledgement arrived.' })
  acknowledgedAt!: Date | null;

  @Field(() => Int, { description: 'Whole days until `notAfter` (negative once expired).' })
  daysLeft!: number;

  @Field(() => DateTimeScalar, { description: 'When the registry recorded it.' })
  recordedAt!: Date;

  @Field(() => Base64Scalar, { nullable: true, description: 'The certificate itself (DER).' })
  der!: Buffer | null;
}

export const CertificateConnection = connectionType('Certificate', Certificate, 'certificates');

@ObjectType({ description: 'A document a certificate request needs.' })
export class RequestDocument {
  @Field(() => DocumentKind, { description: 'Which document.' })
  kind!: DocumentKind;

  @Field(() => DocumentState, { description: 'Its state.' })
  state!: DocumentState;

  @Field(() => String, { nullable: true, description: 'Comment of whoever checked it.' })
  comment!: string | null;

  @Field(() => DateTimeScalar, { description: 'Last change.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A request for a certificate for an employee, and its workflow.' })
export class CertificateRequest {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field({ description: 'INN of the organization.' })
  organizationInn!: string;

  @Field(() => PersonWithCertificates, { nullable: true, description: 'The employee.' })
  person!: PersonWithCertificates | null;

  @Field(() => String, { nullable: true, description: 'The employee INN.' })
  personInn!: string | null;

  @Field(() => String, { nullable: true, description: 'The employee SNILS.' })
  personSnils!: string | null;

  @Field(() => CertificateRequestType, { description: 'Qualified or unqualified.' })
  type!: CertificateRequestType;

  @Field(() => String, { nullable: true, description: 'What the certificate is for.' })
  purpose!: string | null;

  @Field(() => KeyCarrier, { nullable: true, description: 'Where the key will live.' })
  carrier!: KeyCarrier | null;

  @Field(() => CertificateRequestStatus, { description: 'Workflow state.' })
  status!: CertificateRequestStatus;

  @Field(() => [RequestDocument], { description: 'Required documents and their states.' })
  documents!: RequestDocument[];

  @Field(() => String, { nullable: true, description: "The operator's comment on approval or rejection." })
  operatorComment!: string | null;

  @Field(() => ID, { nullable: true, description: 'The certificate this request renews or reissues.' })
  renewalOf!: string | null;

  @Field(() => Certificate, { nullable: true, description: 'The issued certificate.' })
  certificate!: Certificate | null;

  @Field({ description: 'Who created it (token subject).' })
  createdBy!: string;

  @Field(() => DateTimeScalar, { description: 'Created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'CSR submitted.' })
  submittedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Approved or rejected.' })
  decidedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Certificate issued.' })
  issuedAt!: Date | null;
}

export const CertificateRequestConnection = connectionType(
  'CertificateRequest',
  CertificateRequest,
  'certificate requests',
);

@ObjectType({ description: 'A line of a bulk request that created no request.' })
export class BulkRequestProblem {
  @Field(() => Int, { description: 'Line of the CSV list (1-based), or 0 for a whole-organization selection.' })
  line!: number;

  @Field({ description: 'The value on that line.' })
  value!: string;

  @Field({ description: 'Why no request was created.' })
  message!: string;
}

@ObjectType({ description: 'What a bulk request created.' })
export class BulkRequestResult {
  @Field(() => [CertificateRequest], { description: 'The new requests.' })
  requests!: CertificateRequest[];

  @Field(() => [BulkRequestProblem], { description: 'Lines that created nothing, and why.' })
  problems!: BulkRequestProblem[];
}

@ObjectType({ description: 'Validity of certificates on one kind of carrier.' })
export class CarrierValidity {
  @Field(() => KeyCarrierType, { description: 'Kind of carrier.' })
  carrier!: KeyCarrierType;

  @Field(() => Int, { description: 'Validity in days.' })
  days!: number;
}

@InputType({ description: 'Validity of certificates on one kind of carrier.' })
export class CarrierValidityInput {
  @Field(() => KeyCarrierType, { description: 'Kind of carrier.' })
  carrier!: KeyCarrierType;

  @Field(() => Int, { description: 'Validity in days (1-1095).' })
  days!: number;
}

@ObjectType({ description: "An organization's certificate settings." })
export class CertificatePolicy {
  @Field({ description: 'INN of the organization.' })
  organizationInn!: string;

  @Field({ description: 'Whether new certificates need a signed acknowledgement from their owner.' })
  requireAcknowledgement!: boolean;

  @Field(() => Int, { description: 'Days to acknowledge before the certificate is suspended (default 30).' })
  acknowledgementDays!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Days before expiry at which a renewal request is created automatically; null: never.',
  })
  autoRenewDays!: number | null;

  @Field(() => [CarrierValidity], { description: 'Validity per carrier (1 year for files, 3 years on tokens).' })
  validity!: CarrierValidity[];
}

@InputType({ description: "Changes to an organization's certificate settings; omitted fields stay." })
export class CertificatePolicyInput {
  @Field({ description: 'INN of the organization.' })
  organizationInn!: string;

  @Field({ nullable: true, description: 'Require a signed acknowledgement of new certificates.' })
  requireAcknowledgement?: boolean;

  @Field(() => Int, { nullable: true, description: 'Acknowledgement deadline in days (1-365).' })
  acknowledgementDays?: number;

  @Field(() => Int, { nullable: true, description: 'Automatic renewal N days before expiry (1-365); null: off.' })
  autoRenewDays?: number | null;

  @Field(() => [CarrierValidityInput], { nullable: true, description: 'Validity per carrier.' })
  validity?: CarrierValidityInput[];
}

@ObjectType({ description: 'Requests of one status.' })
export class RequestStatusCount {
  @Field(() => CertificateRequestStatus, { description: 'The status.' })
  status!: CertificateRequestStatus;

  @Field(() => Int, { description: 'How many requests have it.' })
  count!: number;
}

@ObjectType({ description: 'An employee whose open request lacks documents.' })
export class EmployeeMissingDocuments {
  @Field(() => PersonWithCertificates, { nullable: true, description: 'The employee.' })
  person!: PersonWithCertificates | null;

  @Field(() => String, { nullable: true, description: 'The employee INN.' })
  personInn!: string | null;

  @Field(() => String, { nullable: true, description: 'The employee SNILS.' })
  personSnils!: string | null;

  @Field(() => ID, { description: 'The request.' })
  requestId!: string;

  @Field(() => [DocumentKind], { description: 'Documents missing or rejected, in a fixed order.' })
  missing!: DocumentKind[];
}

@ObjectType({ description: 'The built-in certification authority.' })
export class CertificateAuthority {
  @Field({ description: 'Its subject.' })
  subject!: string;

  @Field(() => Base64Scalar, { description: 'Its certificate (DER).' })
  certificate!: Buffer;

  @Field(() => Base64Scalar, {
    description:
      'Its current CRL (DER), re-signed after every revocation; also written to `<MCHD_DATA_DIR>/ca/ca.crl`.',
  })
  crl!: Buffer;
}

@ObjectType({ description: 'One recorded change: who did what, when.' })
export class ChangeRecord {
  @Field(() => DateTimeScalar, { description: 'When (subgraph clock).' })
  at!: Date;

  @Field({ description: 'Who: the token subject, or `person-feed`/`scheduler` for automatic changes.' })
  actor!: string;

  @Field({ description: 'What, e.g. CERTIFICATE_ISSUED, CERTIFICATE_REVOKED, DOCUMENT_SET, REQUEST_REJECTED.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'Details as JSON.' })
  details!: string | null;
}

@ObjectType({ description: 'A certificate event, as delivered by `Subscription.certificateEvents`.' })
export class CertificateEvent {
  @Field({ description: 'Position in the event log; pass it as `after` to resume after this event.' })
  cursor!: string;

  @Field(() => CertificateEventType, { description: 'What happened.' })
  type!: CertificateEventType;

  @Field(() => DateTimeScalar, { description: 'When (subgraph clock).' })
  at!: Date;

  @Field(() => ID, { description: 'The certificate id.' })
  certificateId!: string;

  @Field({ description: 'The certificate thumbprint.' })
  thumbprint!: string;

  @Field(() => String, { nullable: true, description: 'INN of the organization.' })
  organizationInn!: string | null;

  @Field(() => Int, { nullable: true, description: 'For EXPIRING: whole days left.' })
  daysLeft!: number | null;

  @Field(() => Certificate, { nullable: true, description: 'The certificate as it is now.' })
  certificate!: Certificate | null;
}

@ObjectType({ description: 'What one run of the certificate scheduler did.' })
export class SchedulerRun {
  @Field(() => DateTimeScalar, { description: 'The clock at the run.' })
  at!: Date;

  @Field(() => Int, { description: 'EXPIRING notices recorded.' })
  expiring!: number;

  @Field(() => Int, { description: 'EXPIRED events recorded.' })
  expired!: number;

  @Field(() => Int, { description: 'Certificates suspended.' })
  suspended!: number;

  @Field(() => Int, { description: 'Renewal requests created.' })
  renewals!: number;
}
