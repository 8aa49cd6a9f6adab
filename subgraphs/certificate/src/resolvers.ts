import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, type SubgraphContext } from '@mchd/subgraph-kit';
import { CertificateRow } from './entities.js';
import type { CertificateStatus, CertificateSubject } from './types.js';
import { Certificate, PersonWithCertificates } from './types.js';

/** A certificate row as the GraphQL `Certificate`. */
export function toCertificate(row: CertificateRow): Certificate {
  const subject: CertificateSubject = {
    commonName: row.subjectCommonName,
    inn: row.subjectInn,
    innLe: row.subjectInnLe,
    snils: row.subjectSnils,
    ogrn: row.subjectOgrn,
  };
  return {
    id: row.id,
    thumbprint: row.thumbprint,
    serialNumber: row.serialNumber,
    notBefore: new Date(row.notBefore),
    notAfter: new Date(row.notAfter),
    subject,
    status: row.status as CertificateStatus,
  };
}

/** Normalizes a SHA-1 thumbprint: any case, with or without separators (spaces, colons, dashes). */
export function normalizeThumbprint(value: string, path = 'thumbprint'): string {
  const hex = value.replace(/[\s:-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new BadUserInputError(`${path} must be 40 hexadecimal digits`, path);
  return hex;
}

@Resolver(() => Certificate)
export class CertificateResolver {
  @Authorized()
  @Query(() => Certificate, { nullable: true, description: 'A certificate by id.' })
  async certificate(@Arg('id', () => ID, { description: 'Certificate id.' }) id: string, @Ctx() ctx: SubgraphContext) {
    const row = await ctx.em.findOne(CertificateRow, { id });
    return row ? toCertificate(row) : null;
  }

  @Authorized()
  @Query(() => Certificate, {
    nullable: true,
    description: 'A certificate by SHA-1 thumbprint (hex, any case, with or without separators).',
  })
  async certificateByThumbprint(
    @Arg('thumbprint', { description: 'SHA-1 thumbprint.' }) thumbprint: string,
    @Ctx() ctx: SubgraphContext,
  ) {
    const row = await ctx.em.findOne(CertificateRow, { thumbprint: normalizeThumbprint(thumbprint) });
    return row ? toCertificate(row) : null;
  }
}

@Resolver(() => PersonWithCertificates)
export class PersonCertificatesResolver {
  @FieldResolver(() => [Certificate], { description: 'Certificates of this person, newest first.' })
  async certificates(@Root() person: PersonWithCertificates, @Ctx() ctx: SubgraphContext): Promise<Certificate[]> {
    const rows = await ctx.loaders
      .get('certificatesOfPerson', async (ids: readonly string[]) => {
        const all = await ctx.em.find(
          CertificateRow,
          { ownerPersonId: { $in: [...ids] } },
          { orderBy: { notBefore: 'desc' } },
        );
        return ids.map((id) => all.filter((c) => c.ownerPersonId === id));
      })
      .load(person.id);
    return rows.map(toCertificate);
  }
}
