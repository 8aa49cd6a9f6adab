import { createSubgraph, type Subgraph, type SubgraphConfig } from '@mchd/subgraph-kit';
import { PowerOfAttorneyRow, PowerOfAttorneySchema } from './entities.js';
import { powerOfAttorneyMigrations } from './migrations.js';
import { OrganizationWithPowers, PersonWithPowers } from './types.js';
import {
  OrganizationPowersResolver,
  PersonPowersResolver,
  PowerOfAttorneyResolver,
  toPowerOfAttorney,
} from './resolvers.js';

/** Default port of the power-of-attorney subgraph. */
export const POWER_OF_ATTORNEY_SUBGRAPH_PORT = 4003;

/**
 * The power-of-attorney subgraph: `PowerOfAttorney @key(fields: "guid")`, `powerOfAttorney(guid)`,
 * `Person.powersOfAttorney(role)` and `Organization.powersOfAttorney`. Its own database and migrations.
 *
 * @example
 * ```ts
 * const subgraph = createPowerOfAttorneySubgraph(loadSubgraphConfig('power-of-attorney', 4003, process.env));
 * await subgraph.start();
 * ```
 */
export function createPowerOfAttorneySubgraph(config: SubgraphConfig): Subgraph {
  return createSubgraph({
    name: config.name,
    config,
    resolvers: [PowerOfAttorneyResolver, PersonPowersResolver, OrganizationPowersResolver],
    orphanedTypes: [PersonWithPowers, OrganizationWithPowers],
    entities: [PowerOfAttorneySchema],
    migrations: powerOfAttorneyMigrations,
    referenceResolvers: {
      PowerOfAttorney: async (ref, ctx) => {
        if (typeof ref.guid !== 'string') return null;
        const row = await ctx.em.findOne(PowerOfAttorneyRow, { guid: ref.guid.toLowerCase() });
        return row ? toPowerOfAttorney(row) : null;
      },
    },
  });
}
