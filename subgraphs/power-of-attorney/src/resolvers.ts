import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { GuidScalar, type SubgraphContext } from '@mchd/subgraph-kit';
import { PowerOfAttorneyRow } from './entities.js';
import type { PowerOfAttorneyStatus } from './types.js';
import { OrganizationWithPowers, PersonWithPowers, PowerOfAttorney, PowerOfAttorneyRole } from './types.js';

/** A row as the GraphQL `PowerOfAttorney`. */
export function toPowerOfAttorney(row: PowerOfAttorneyRow): PowerOfAttorney {
  return { guid: row.guid, number: row.number, status: row.status as PowerOfAttorneyStatus };
}

@Resolver(() => PowerOfAttorney)
export class PowerOfAttorneyResolver {
  @Authorized()
  @Query(() => PowerOfAttorney, { nullable: true, description: 'A registered power of attorney by GUID.' })
  async powerOfAttorney(
    @Arg('guid', () => GuidScalar, { description: 'The document GUID.' }) guid: string,
    @Ctx() ctx: SubgraphContext,
  ) {
    const row = await ctx.em.findOne(PowerOfAttorneyRow, { guid: guid.toLowerCase() });
    return row ? toPowerOfAttorney(row) : null;
  }
}

@Resolver(() => PersonWithPowers)
export class PersonPowersResolver {
  @FieldResolver(() => [PowerOfAttorney], {
    description: 'Powers of attorney where this person is on the given side (both when omitted), newest first.',
  })
  async powersOfAttorney(
    @Root() person: PersonWithPowers,
    @Arg('role', () => PowerOfAttorneyRole, { nullable: true, description: 'Principal or representative side.' })
    role: PowerOfAttorneyRole | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PowerOfAttorney[]> {
    const sides = [
      ...(role !== PowerOfAttorneyRole.REPRESENTATIVE ? [{ principalPersonId: person.id }] : []),
      ...(role !== PowerOfAttorneyRole.PRINCIPAL ? [{ representativePersonId: person.id }] : []),
    ];
    const rows = await ctx.em.find(PowerOfAttorneyRow, { $or: sides }, { orderBy: { createdAt: 'desc' } });
    return rows.map(toPowerOfAttorney);
  }
}

@Resolver(() => OrganizationWithPowers)
export class OrganizationPowersResolver {
  @FieldResolver(() => [PowerOfAttorney], { description: 'Powers of attorney this organization issued, newest first.' })
  async powersOfAttorney(@Root() org: OrganizationWithPowers, @Ctx() ctx: SubgraphContext): Promise<PowerOfAttorney[]> {
    const rows = await ctx.em.find(PowerOfAttorneyRow, { principalInn: org.inn }, { orderBy: { createdAt: 'desc' } });
    return rows.map(toPowerOfAttorney);
  }
}
