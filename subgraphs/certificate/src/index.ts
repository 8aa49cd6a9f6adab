/**
 * The certificate subgraph: certificates, requests and their workflow with a built-in CA, key carriers,
 * revocation (also on dismissal), acknowledgement deadlines, expiry events and reports.
 */
export {
  createCertificateSubgraph,
  certificateOptionsFromEnv,
  CERTIFICATE_SUBGRAPH_PORT,
  type CertificateSubgraphOptions,
} from './certificate-subgraph.js';
export { BuiltInCa, CA_FILES } from './ca.js';
export { SubgraphClock, clockOffsetFromEnv } from './clock.js';
export {
  AuditRow,
  CertificateRequestRow,
  CertificateRow,
  CertificateSchema,
  certificateEntities,
  EmployeeRow,
  OrganizationPolicyRow,
  RequestDocumentRow,
} from './entities.js';
export { certificateMigrations } from './migrations.js';
export { toCertificate, toRequest } from './convert.js';
export {
  CERTIFICATE_EVENTS,
  CertificateService,
  DEFAULT_VALIDITY_DAYS,
  daysLeft,
  normalizeThumbprint,
  statusAt,
  type CertificateEventPayload,
} from './service.js';
export { NOTICE_DAYS, runScheduler, type SchedulerResult } from './scheduler.js';
export { expiringCertificates, reportCsv } from './reports.js';
export { Certificate, CertificateStatus, CertificateSubject, KeyCarrierType } from './types.js';
