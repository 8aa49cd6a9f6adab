import { ConfigError, runMain } from '@mchd/subgraph-kit';
import {
  CERTIFICATE_SUBGRAPH_PORT,
  certificateOptionsFromEnv,
  createCertificateSubgraph,
  type CertificateSubgraphOptions,
} from './certificate-subgraph.js';

let options: CertificateSubgraphOptions;
try {
  options = certificateOptionsFromEnv(process.env);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`certificate: ConfigError: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
await runMain('certificate', CERTIFICATE_SUBGRAPH_PORT, (config) => createCertificateSubgraph(config, options));
