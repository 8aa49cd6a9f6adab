/** The certificate subgraph (a shell for now: its own table, queries and `Person.certificates`). */
export { createCertificateSubgraph, CERTIFICATE_SUBGRAPH_PORT } from './certificate-subgraph.js';
export { CertificateRow, CertificateSchema } from './entities.js';
export { certificateMigrations } from './migrations.js';
export { normalizeThumbprint, toCertificate } from './resolvers.js';
export { Certificate, CertificateStatus, CertificateSubject } from './types.js';
