import { requireCaller } from '@mchd/auth';
import { createSubgraph, type Clock, type Subgraph, type SubgraphConfig } from '@mchd/subgraph-kit';
import { personContext, type PersonContext } from './context.js';
import { personEntities, PersonRow } from './entities.js';
import { personMigrations } from './migrations.js';
import { assertPersonReadable, EmploymentResolver, OrganizationResolver, PersonResolver } from './resolvers.js';
import { checkIdentifierArg } from './validation.js';

/** Default port of the person subgraph. */
export const PERSON_SUBGRAPH_PORT = 4001;

/** Options beyond the configuration, for tests. */
export interface PersonSubgraphOptions {
  /** Time source for records and events. */
  readonly clock?: Clock;
  /** Called with every SQL statement (tests count queries). */
  readonly onQuery?: (sql: string) => void;
}

async function resolvePersonReference(ref: Record<string, unknown>, ctx: PersonContext): Promise<PersonRow | null> {
  requireCaller(ctx.caller);
  let person: PersonRow | null = null;
  if (typeof ref.id === 'string') person = await ctx.load.person.load(ref.id);
  else if (typeof ref.inn === 'string') person = await ctx.em.findOne(PersonRow, { inn: ref.inn });
  else if (typeof ref.snils === 'string') {
    person = await ctx.em.findOne(PersonRow, { snils: checkIdentifierArg('SNILS', ref.snils, 'snils') });
  }
  if (person) await assertPersonReadable(ctx, person);
  return person;
}

/**
 * The person subgraph: `Person`, `Organization`, `Employment`, their queries and mutations, the outbox feed
 * (`EMPLOYEE_HIRED`, `EMPLOYEE_DISMISSED`) and `Subscription.employmentEvents`.
 *
 * @example
 * ```ts
 * const subgraph = createPersonSubgraph(loadSubgraphConfig('person', 4001, process.env));
 * const { url } = await subgraph.start();
 * ```
 */
export function createPersonSubgraph(config: SubgraphConfig, options: PersonSubgraphOptions = {}): Subgraph {
  return createSubgraph<Omit<PersonContext, keyof import('@mchd/subgraph-kit').SubgraphContext>>({
    name: config.name,
    config,
    resolvers: [PersonResolver, OrganizationResolver, EmploymentResolver],
    entities: personEntities,
    migrations: personMigrations,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    context: (base) => personContext(base, options.clock),
    referenceResolvers: {
      Person: (ref, ctx) => resolvePersonReference(ref, ctx),
      Organization: async (ref, ctx) => {
        requireCaller(ctx.caller);
        if (typeof ref.id === 'string') return ctx.load.organization.load(ref.id);
        if (typeof ref.inn === 'string') return ctx.directory.organizationByInn(ref.inn);
        return null;
      },
    },
  });
}
