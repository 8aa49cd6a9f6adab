import { createSubgraph, type Subgraph, type SubgraphConfig } from '@mchd/subgraph-kit';
import { CertificateRow, CertificateSchema } from './entities.js';
import { certificateMigrations } from './migrations.js';
import { PersonWithCertificates } from './types.js';
import { CertificateResolver, PersonCertificatesResolver, toCertificate } from './resolvers.js';

/** Default port of the certificate subgraph. */
export const CERTIFICATE_SUBGRAPH_PORT = 4002;

/**
 * The certificate subgraph: `Certificate @key(fields: "id")`, `certificate(id)`,
 * `certificateByThumbprint(thumbprint)` and `Person.certificates`. Its own database and migrations.
 *
 * @example
 * ```ts
 * const subgraph = createCertificateSubgraph(loadSubgraphConfig('certificate', 4002, process.env));
 * await subgraph.start();
 * ```
 */
export function createCertificateSubgraph(config: SubgraphConfig): Subgraph {
  return createSubgraph({
    name: config.name,
    config,
    resolvers: [CertificateResolver, PersonCertificatesResolver],
    orphanedTypes: [PersonWithCertificates],
    entities: [CertificateSchema],
    migrations: certificateMigrations,
    referenceResolvers: {
      Certificate: async (ref, ctx) => {
        if (typeof ref.id !== 'string') return null;
        const row = await ctx.em.findOne(CertificateRow, { id: ref.id });
        return row ? toCertificate(row) : null;
      },
    },
  });
}
