import type { CertificateRequestRow, CertificateRow } from './entities.js';
import { daysLeft, isInsecureCarrier, statusAt } from './service.js';
import type {
  Certificate,
  CertificateRequest,
  CertificateRequestStatus,
  CertificateRequestType,
  CertificateStatus,
  KeyCarrier,
  KeyCarrierType,
  RevocationReasonCode,
} from './types.js';

function carrierOf(type: string | null, serial: string | null): KeyCarrier | null {
  if (!type) return null;
  return { type: type as KeyCarrierType, serialNumber: serial, insecure: isInsecureCarrier(type) };
}

const date = (s: string | null): Date | null => (s ? new Date(s) : null);

/**
 * A certificate row as the GraphQL `Certificate` at `now`.
 *
 * @example
 * ```ts
 * const certificate = toCertificate(row, clock.now());
 * ```
 */
export function toCertificate(row: CertificateRow, now: Date): Certificate {
  return {
    id: row.id,
    thumbprint: row.thumbprint,
    serialNumber: row.serialNumber,
    notBefore: new Date(row.notBefore),
    notAfter: new Date(row.notAfter),
    issuer: row.issuer,
    subject: {
      commonName: row.subjectCommonName,
      inn: row.subjectInn,
      innLe: row.subjectInnLe,
      snils: row.subjectSnils,
      ogrn: row.subjectOgrn,
    },
    owner: row.ownerPersonId ? { id: row.ownerPersonId } : null,
    qualified: !!row.qualified,
    carrier: carrierOf(row.carrierType, row.carrierSerial),
    status: statusAt(row, now) as CertificateStatus,
    keyUsage: row.keyUsage ? row.keyUsage.split(',') : [],
    organizationInn: row.organizationInn,
    issuedByBuiltInCa: row.source === 'ISSUED',
    revokedAt: date(row.revokedAt),
    revocationReason: row.revocationReason as RevocationReasonCode | null,
    suspendedAt: date(row.suspendedAt),
    acknowledgementDue: date(row.acknowledgementDue),
    acknowledgedAt: date(row.acknowledgedAt),
    daysLeft: daysLeft(row.notAfter, now),
    recordedAt: new Date(row.createdAt),
    der: row.der ? Buffer.from(row.der, 'base64') : null,
  };
}

/**
 * A request row as the GraphQL `CertificateRequest` (documents, certificate and changes are resolved on demand).
 *
 * @example
 * ```ts
 * const request = toRequest(row);
 * ```
 */
export function toRequest(row: CertificateRequestRow): CertificateRequest & { certificateId: string | null } {
  return {
    id: row.id,
    organizationInn: row.organizationInn,
    person: row.personId ? { id: row.personId } : null,
    personInn: row.personInn,
    personSnils: row.personSnils,
    type: row.type as CertificateRequestType,
    purpose: row.purpose,
    carrier: carrierOf(row.carrierType, row.carrierSerial),
    status: row.status as CertificateRequestStatus,
    documents: [],
    operatorComment: row.operatorComment,
    renewalOf: row.renewalOf,
    certificate: null,
    certificateId: row.certificateId,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt),
    submittedAt: date(row.submittedAt),
    decidedAt: date(row.decidedAt),
    issuedAt: date(row.issuedAt),
  };
}
