import type { SubgraphContext } from '@mchd/subgraph-kit';
import type DataLoader from 'dataloader';
import { PersonDirectory } from './directory.js';
import { EmploymentRow, OrganizationRow, PersonRow } from './entities.js';

/** The person subgraph's request context: the kit's plus the directory service and loaders. */
export interface PersonContext extends SubgraphContext {
  readonly directory: PersonDirectory;
  readonly load: PersonLoaders;
}

/** Request-scoped DataLoaders: nested lists cost one query per level, not one per item. */
export interface PersonLoaders {
  person: DataLoader<string, PersonRow | null>;
  organization: DataLoader<string, OrganizationRow | null>;
  employmentsOfPerson: DataLoader<string, EmploymentRow[]>;
  subsidiaries: DataLoader<string, OrganizationRow[]>;
}

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

function grouped<T>(rows: T[], keys: readonly string[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/** Adds the person subgraph's members to the kit's context. */
export function personContext(base: SubgraphContext, clock?: () => Date): Omit<PersonContext, keyof SubgraphContext> {
  const em = base.em;
  const l = base.loaders;
  return {
    directory: new PersonDirectory(em, base.outbox, clock),
    load: {
      person: l.get('person', async (ids: readonly string[]) =>
        byId(await em.find(PersonRow, { id: { $in: [...ids] } }), ids),
      ),
      organization: l.get('organization', async (ids: readonly string[]) =>
        byId(await em.find(OrganizationRow, { id: { $in: [...ids] } }), ids),
      ),
      employmentsOfPerson: l.get('employmentsOfPerson', async (ids: readonly string[]) =>
        grouped(
          await em.find(EmploymentRow, { personId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
          ids,
          (e) => e.personId,
        ),
      ),
      subsidiaries: l.get('subsidiaries', async (ids: readonly string[]) =>
        grouped(
          await em.find(OrganizationRow, { parentId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }),
          ids,
          (o) => o.parentId ?? '',
        ),
      ),
    },
  };
}

/** INNs of the organizations where the person is or was employed (batched through the loaders). */
export async function employerInns(ctx: PersonContext, personId: string, activeOnly = false): Promise<string[]> {
  const employments = await ctx.load.employmentsOfPerson.load(personId);
  const orgs = await ctx.load.organization.loadMany(
    employments.filter((e) => !activeOnly || !e.dismissedOn).map((e) => e.organizationId),
  );
  return orgs.flatMap((o) => (o && !(o instanceof Error) ? [o.inn] : []));
}
