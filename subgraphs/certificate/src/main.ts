import { runMain } from '@mchd/subgraph-kit';
import { CERTIFICATE_SUBGRAPH_PORT, createCertificateSubgraph } from './certificate-subgraph.js';

await runMain('certificate', CERTIFICATE_SUBGRAPH_PORT, (config) => createCertificateSubgraph(config));
