import { hasRole, requireCaller, type Caller } from '@mchd/auth';
import type {
  PowerOfAttorneyDocument,
  PriorPrincipal,
  Principal as DocPrincipal,
  Individual,
  PersonDetails,
} from '@mchd/format';
import {
  Base64Scalar,
  ConnectionArgs,
  DateTimeScalar,
  GuidScalar,
  type Connection,
  type SubgraphContext,
} from '@mchd/subgraph-kit';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  Directive,
  type SubscribeResolverData,
} from 'type-graphql';
import { requireVisible, visibility, type Visibility } from './access.js';
import { principalsOf } from './document-mapping.js';
import type { PowerOfAttorneyEventRow } from './entities.js';
import { PowerOfAttorneyRow, StoredDocumentRow } from './entities.js';
import { PowerOfAttorneyError } from './errors.js';
import type { EventFilter, PowerOfAttorneyEventKind } from './event-log.js';
import { parseEventCursor } from './event-log.js';
import { PowerOfAttorneyIndex, recordOf, splitList, statusOfChain } from './index-store.js';
import type { PowerOfAttorneyServices } from './services.js';
import type { SignerDetails } from './registration-service.js';
import type {
  NamedPerson,
  PowerOfAttorneyCheckStatus,
  PowerOfAttorneyEventType,
  RedelegationRight,
  SigningAuthorityReason,
} from './types.js';
import {
  LedgerReference,
  OrganizationWithPowers,
  PersonWithPowers,
  Power,
  PowerOfAttorney,
  PowerOfAttorneyCheck,
  PowerOfAttorneyConnection,
  PowerOfAttorneyEvent,
  PowerOfAttorneyEventFilter,
  PowerOfAttorneyFilter,
  PowerOfAttorneyHistoryEntry,
  PowerOfAttorneyRole,
  PowerOfAttorneyStatus,
  Principal,
  RegisterPowerOfAttorneyInput,
  RegisterPowerOfAttorneyPayload,
  Representative,
  RepresentativeInput,
  RestrictionValueInput,
  RevokePowerOfAttorneyInput,
  RevokePowerOfAttorneyPayload,
  SigningAuthority,
  Signer,
} from './types.js';

/** The subgraph's request context: the kit's plus the services. */
export interface PowerOfAttorneyContext extends SubgraphContext {
  readonly poa: PowerOfAttorneyServices;
}

/**
 * A row as the GraphQL `PowerOfAttorney` seen with `visibility` (default `masked`).
 *
 * @example
 * ```ts
 * const node = toPowerOfAttorney(row, 'full');
 * ```
 */
export function toPowerOfAttorney(row: PowerOfAttorneyRow, view: Visibility = 'masked'): PowerOfAttorney {
  return {
    guid: row.guid,
    number: row.number,
    format: row.format ?? null,
    issuedOn: row.issuedOn ?? null,
    validUntil: row.validUntil ?? null,
    kind: row.kind ?? null,
    redelegation: (row.redelegation as RedelegationRight | null | undefined) ?? null,
    parentGuid: row.parentGuid ?? null,
    rootGuid: row.rootGuid ?? null,
    revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
    revocationReason: row.revocationReason ?? null,
    row,
    visibility: view,
  };
}

function principalInnsOfRow(row: PowerOfAttorneyRow): string[] {
  const list = splitList(row.principalInns);
  return list.length > 0 ? list : [row.principalInn];
}

/** The row as the caller may see it, or null when the caller may not see it at all. */
export function viewFor(caller: Caller | null, row: PowerOfAttorneyRow): PowerOfAttorney | null {
  if (!caller) return null;
  const v = visibility(caller, principalInnsOfRow(row));
  return v === 'none' ? null : toPowerOfAttorney(row, v);
}

function storedDocument(ctx: PowerOfAttorneyContext, row: PowerOfAttorneyRow): Promise<StoredDocumentRow | null> {
  const loader = ctx.loaders.get('poaDocument', async (keys: readonly string[]) => {
    const rows = await ctx.em.find(StoredDocumentRow, { documentSha256: { $in: [...keys] } });
    const map = new Map(rows.map((r) => [r.documentSha256, r]));
    return keys.map((k) => map.get(k) ?? null);
  });
  return row.documentSha256 ? loader.load(row.documentSha256) : Promise.resolve(null);
}

async function parsedDocument(
  ctx: PowerOfAttorneyContext,
  row: PowerOfAttorneyRow,
): Promise<PowerOfAttorneyDocument | null> {
  const stored = await storedDocument(ctx, row);
  return stored ? (JSON.parse(stored.details) as PowerOfAttorneyDocument) : null;
}

function namedPerson(
  p: { inn?: string; snils?: string; position?: string; person: PersonDetails } | Individual,
  full: boolean,
): NamedPerson {
  const d = p.person;
  const doc = d.identityDocument;
  return {
    inn: p.inn ?? null,
    snils: full ? (p.snils ?? null) : null,
    lastName: d.lastName,
    firstName: d.firstName,
    middleName: d.middleName ?? null,
    position: ('position' in p ? p.position : undefined) ?? null,
    birthDate: full ? (d.birthDate ?? null) : null,
    identityDocument: full && doc ? `${doc.kindCode} ${doc.seriesNumber}` : null,
  };
}

function principalOf(p: DocPrincipal | PriorPrincipal, full: boolean): Principal | null {
  const ids = principalsOf({
    principals: [p as DocPrincipal],
    redelegated: undefined,
  } as unknown as PowerOfAttorneyDocument)[0];
  if (!ids) return null;
  const signatories: NamedPerson[] = [];
  let name: string | null = null;
  if ('legalEntity' in p && p.legalEntity) {
    if ('organization' in p.legalEntity) {
      name = p.legalEntity.organization.name;
      for (const a of p.legalEntity.actingWithoutPowerOfAttorney) {
        if (a.individual) signatories.push(namedPerson(a.individual, full));
        if (a.entrepreneur) signatories.push(namedPerson(a.entrepreneur, full));
        for (const i of a.managementCompany?.individuals ?? []) signatories.push(namedPerson(i, full));
      }
    } else {
      name = p.legalEntity.name;
    }
  }
  if ('foreignEntity' in p && p.foreignEntity) {
    if ('organization' in p.foreignEntity) {
      name = p.foreignEntity.organization.name;
      for (const h of p.foreignEntity.heads) signatories.push(namedPerson(h, full));
    } else name = p.foreignEntity.name;
  }
  if (p.entrepreneur) {
    name = p.entrepreneur.name ?? null;
    signatories.push(namedPerson(p.entrepreneur, full));
  }
  if (p.person) signatories.push(namedPerson(p.person, full));
  return {
    type: p.type,
    name,
    inn: ids.inn,
    kpp: ids.kpp ?? null,
    ogrn: ids.ogrn ?? null,
    signatories,
    organization: ids.inn.length === 10 ? { inn: ids.inn } : null,
  };
}

@Resolver(() => PowerOfAttorney)
export class PowerOfAttorneyResolver {
  @Authorized()
  @Query(() => PowerOfAttorney, {
    nullable: true,
    description:
      'A registered power of attorney by GUID (null when unknown). Operators see it without personal data; ' +
      'registrars of its principal and auditors in full; others are refused (FORBIDDEN).',
  })
  async powerOfAttorney(
    @Arg('guid', () => GuidScalar, { description: 'The document GUID.' }) guid: string,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<PowerOfAttorney | null> {
    const row = await new PowerOfAttorneyIndex(ctx.em).get(guid);
    if (!row) return null;
    return toPowerOfAttorney(row, requireVisible(ctx.caller, principalInnsOfRow(row), row.guid));
  }

  @Authorized()
  @Query(() => PowerOfAttorneyCheck, {
    description:
      "The status check an EDO operator makes: the MCHD's status for this principal now or at `at` " +
      '(NOT_FOUND also when the principal differs).',
  })
  async checkPowerOfAttorney(
    @Arg('guid', () => GuidScalar, { description: 'The MCHD GUID.' }) guid: string,
    @Arg('principalInn', { description: 'INN of the principal the document is attributed to.' }) principalInn: string,
    @Arg('at', () => DateTimeScalar, { nullable: true, description: 'The instant (default now).' }) at: Date | null,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<PowerOfAttorneyCheck> {
    const r = await ctx.poa.check.check(guid, principalInn, at);
    return {
      guid: r.guid,
      status: r.status as PowerOfAttorneyCheckStatus,
      validFrom: r.validFrom ? new Date(r.validFrom) : null,
      validUntil: r.validUntil ? new Date(r.validUntil) : null,
      revokedAt: r.revokedAt ? new Date(r.revokedAt) : null,
      revocationReason: r.revocationReason,
      invalidAncestor: r.invalidAncestor,
      checkedAt: new Date(r.checkedAt),
    };
  }

  @Authorized()
  @Query(() => PowerOfAttorneyConnection, {
    description:
      'Search with filters and cursor pagination, oldest registration first. Callers other than auditors and ' +
      "operators see only their organizations' powers of attorney.",
  })
  async powersOfAttorney(
    @Arg('filter', () => PowerOfAttorneyFilter, { nullable: true, description: 'Filters.' })
    filter: PowerOfAttorneyFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<Connection<PowerOfAttorney>> {
    const page = await ctx.poa.reads.search(ctx.caller, filter ?? {}, args);
    const caller = requireCaller(ctx.caller);
    return {
      ...page,
      edges: page.edges.map((e) => ({
        cursor: e.cursor,
        node: toPowerOfAttorney(e.node, visibility(caller, principalInnsOfRow(e.node)) === 'full' ? 'full' : 'masked'),
      })),
    };
  }

  @Authorized()
  @Query(() => SigningAuthority, {
    description:
      'May this representative sign for this principal with this power at this instant? Allowed with the ' +
      'granting chain, or the reason it is not.',
  })
  async checkSigningAuthority(
    @Arg('representative', () => RepresentativeInput, { description: 'The representative (INN or SNILS).' })
    representative: RepresentativeInput,
    @Arg('principalInn', { description: 'INN of the principal.' }) principalInn: string,
    @Arg('powerCode', { description: 'The power code, e.g. KLASS_2.0_SIGN.' }) powerCode: string,
    @Arg('at', () => DateTimeScalar, { nullable: true, description: 'The instant (default now).' }) at: Date | null,
    @Arg('restrictions', () => [RestrictionValueInput], { nullable: true, description: 'Restriction values to meet.' })
    restrictions: RestrictionValueInput[] | null,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<SigningAuthority> {
    const a = await ctx.poa.authority.check({ representative, principalInn, powerCode, at, restrictions });
    const caller = requireCaller(ctx.caller);
    return {
      allowed: a.allowed,
      reason: a.reason as SigningAuthorityReason | null,
      chain: a.chain.map((row) =>
        toPowerOfAttorney(row, visibility(caller, principalInnsOfRow(row)) === 'full' ? 'full' : 'masked'),
      ),
      considered: [...a.considered],
      at: new Date(a.at),
    };
  }

  @Authorized()
  @Mutation(() => RegisterPowerOfAttorneyPayload, {
    description:
      'Registers an MCHD: format validation, signature verification (digest, signature, chain to the trust ' +
      'store, validity at signing, signer = principal signatory or the parent representative), then the ledger. ' +
      "Needs the role registrar acting for the principal's organization.",
  })
  async registerPowerOfAttorney(
    @Arg('input', () => RegisterPowerOfAttorneyInput, { description: 'The document and its signature.' })
    input: RegisterPowerOfAttorneyInput,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<RegisterPowerOfAttorneyPayload> {
    const r = await ctx.poa.registration.register(ctx.caller, input.document, input.signature);
    ctx.poa.check.evict([r.guid]);
    return {
      guid: r.guid,
      status: r.status as PowerOfAttorneyStatus,
      transactionId: r.transactionId,
      blockNumber: r.blockNumber,
      alreadyRegistered: r.alreadyRegistered,
      powerOfAttorney: toPowerOfAttorney(r.row, 'full'),
    };
  }

  @Authorized()
  @Mutation(() => RevokePowerOfAttorneyPayload, {
    description:
      'Revokes an MCHD by a signed revocation application (any authenticated caller submits it) or as a ' +
      "registrar acting for the principal's organization. Lists the descendants whose chain became invalid.",
  })
  async revokePowerOfAttorney(
    @Arg('input', () => RevokePowerOfAttorneyInput, { description: 'What to revoke, why, and how it is authorized.' })
    input: RevokePowerOfAttorneyInput,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<RevokePowerOfAttorneyPayload> {
    const r = await ctx.poa.revocation.revoke(ctx.caller, input);
    ctx.poa.check.evict([r.guid, ...r.affected]);
    return {
      guid: r.guid,
      revokedAt: new Date(r.revokedAt),
      transactionId: r.transactionId,
      blockNumber: r.blockNumber,
      affected: [...r.affected],
    };
  }

  @FieldResolver(() => PowerOfAttorneyStatus, { description: 'Status now.' })
  async status(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<PowerOfAttorneyStatus> {
    const chain = await new PowerOfAttorneyIndex(ctx.em).chainOf(poa.row);
    return statusOfChain(chain, ctx.poa.clock()).status as PowerOfAttorneyStatus;
  }

  @FieldResolver(() => PowerOfAttorneyStatus, { description: 'Status at an instant (past or future).' })
  async statusAt(
    @Root() poa: PowerOfAttorney,
    @Arg('at', () => DateTimeScalar, { description: 'The instant.' }) at: Date,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<PowerOfAttorneyStatus> {
    const chain = await new PowerOfAttorneyIndex(ctx.em).chainOf(poa.row);
    return statusOfChain(chain, at).status as PowerOfAttorneyStatus;
  }

  @FieldResolver(() => [PowerOfAttorney], { description: 'The chain root → … → this one.' })
  async chain(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<PowerOfAttorney[]> {
    const chain = await new PowerOfAttorneyIndex(ctx.em).chainOf(poa.row);
    return chain.reverse().map((row) => toPowerOfAttorney(row, poa.visibility));
  }

  @FieldResolver(() => [PowerOfAttorney], { description: 'Direct re-delegations of this one.' })
  async children(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<PowerOfAttorney[]> {
    const rows = await new PowerOfAttorneyIndex(ctx.em).children(poa.row.guid);
    return rows.map((row) => toPowerOfAttorney(row, poa.visibility));
  }

  @FieldResolver(() => [PowerOfAttorneyHistoryEntry], { description: 'Every change on the ledger, oldest first.' })
  async history(
    @Root() poa: PowerOfAttorney,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<PowerOfAttorneyHistoryEntry[]> {
    const items = await ctx.poa.reads.history(poa.row.guid);
    return items.map((h) => ({ ...h, type: h.type as PowerOfAttorneyEventType, at: new Date(h.at) }));
  }

  @FieldResolver(() => [Principal], { description: 'The principals (for a re-delegation: those of the root).' })
  async principals(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<Principal[]> {
    const full = poa.visibility === 'full';
    const doc = await parsedDocument(ctx, poa.row);
    if (doc) {
      const list: (DocPrincipal | PriorPrincipal)[] = doc.redelegated
        ? [...doc.redelegated.root.principals]
        : [...doc.principals];
      return list.map((p) => principalOf(p, full)).filter((p): p is Principal => !!p);
    }
    return recordOf(poa.row).principals.map((p) => ({
      type: p.inn.length === 10 ? 'legalEntity' : 'person',
      name: null,
      inn: p.inn,
      kpp: p.kpp ?? null,
      ogrn: p.ogrn ?? null,
      signatories: [],
      organization: p.inn.length === 10 ? { inn: p.inn } : null,
    }));
  }

  @FieldResolver(() => [Representative], { description: 'The representatives.' })
  async representatives(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<Representative[]> {
    const full = poa.visibility === 'full';
    const doc = await parsedDocument(ctx, poa.row);
    if (doc) {
      return doc.representatives.map((r) => {
        const org = r.legalEntity ?? r.branch ?? r.foreignBranch;
        const person = r.person
          ? namedPerson(r.person, full)
          : r.entrepreneur
            ? namedPerson(r.entrepreneur, full)
            : null;
        return {
          type: r.type,
          name: org?.name ?? r.entrepreneur?.name ?? null,
          inn: org?.inn ?? r.person?.inn ?? r.entrepreneur?.inn ?? null,
          person,
        };
      });
    }
    return recordOf(poa.row).representatives.map((r) => ({
      type: 'person',
      name: null,
      inn: r.inn ?? null,
      person: {
        inn: r.inn ?? null,
        snils: full ? (r.snils ?? null) : null,
        lastName: null,
        firstName: null,
        middleName: null,
        position: null,
        birthDate: null,
        identityDocument: null,
      },
    }));
  }

  @FieldResolver(() => [Power], { description: 'The powers with their restrictions.' })
  async powers(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<Power[]> {
    const doc = await parsedDocument(ctx, poa.row);
    if (doc) {
      return doc.powers.map((p) => ({
        code: p.code,
        mnemonic: p.mnemonic ?? null,
        name: p.name,
        restrictions: p.restrictions.map((r) => ({
          code: r.code,
          name: r.name,
          valueCode: r.valueCode ?? null,
          valueText: r.valueText ?? null,
          valueName: r.valueName ?? null,
        })),
      }));
    }
    return splitList(poa.row.powers).map((code) => ({ code, mnemonic: null, name: null, restrictions: [] }));
  }

  @FieldResolver(() => Signer, {
    nullable: true,
    description: 'The signer of the document and its certificate entity.',
  })
  async signer(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<Signer | null> {
    const stored = await storedDocument(ctx, poa.row);
    const thumbprint = poa.row.signerThumbprint;
    if (!stored && !thumbprint) return null;
    const s: Partial<SignerDetails> = stored ? (JSON.parse(stored.signer) as SignerDetails) : {};
    const tp = (s.thumbprint ?? thumbprint ?? '').toLowerCase();
    return {
      subject: s.subject ?? '',
      commonName: s.commonName ?? null,
      thumbprint: tp,
      serialNumber: s.serialNumber ?? null,
      issuer: s.issuer ?? null,
      inn: s.inn ?? null,
      snils: poa.visibility === 'full' ? (s.snils ?? null) : null,
      notBefore: s.notBefore ? new Date(s.notBefore) : null,
      notAfter: s.notAfter ? new Date(s.notAfter) : null,
      algorithm: s.algorithm ?? null,
      signedAt: s.signedAt ? new Date(s.signedAt) : null,
      certificate: { thumbprint: tp },
    };
  }

  @FieldResolver(() => LedgerReference, { nullable: true, description: 'Where the registration is on the ledger.' })
  ledger(@Root() poa: PowerOfAttorney): LedgerReference | null {
    const row = poa.row;
    if (!row.transactionId) return null;
    const record = row.record ? recordOf(row) : null;
    return {
      transactionId: row.transactionId,
      blockNumber: row.blockNumber ?? null,
      registeredAt: row.registeredAt ? new Date(row.registeredAt) : null,
      documentHash: row.documentSha256 ?? '',
      documentStreebog256: record?.documentStreebog256 || null,
      signatureHash: record?.signatureSha256 || null,
      signatureStreebog256: record?.signatureStreebog256 || null,
    };
  }

  @FieldResolver(() => OrganizationWithPowers, {
    nullable: true,
    description: "The principal's organization (person subgraph), when the principal is an organization.",
  })
  principalOrganization(@Root() poa: PowerOfAttorney): OrganizationWithPowers | null {
    return poa.row.principalInn.length === 10 ? { inn: poa.row.principalInn } : null;
  }

  @FieldResolver(() => Base64Scalar, {
    nullable: true,
    description: 'The original document bytes, base64 (auditors and registrars of the principal; else null).',
  })
  async document(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<string | null> {
    if (poa.visibility !== 'full') return null;
    return (await storedDocument(ctx, poa.row))?.document ?? null;
  }

  @FieldResolver(() => Base64Scalar, {
    nullable: true,
    description: 'The original detached signature, base64 (auditors and registrars of the principal; else null).',
  })
  async signature(@Root() poa: PowerOfAttorney, @Ctx() ctx: PowerOfAttorneyContext): Promise<string | null> {
    if (poa.visibility !== 'full') return null;
    return (await storedDocument(ctx, poa.row))?.signature ?? null;
  }

  @Subscription(() => PowerOfAttorneyEvent, {
    description:
      'REGISTERED, REVOKED, EXPIRED and PARENT_INVALIDATED events, each with a cursor; `after` resumes after a ' +
      'cursor seen before with nothing lost or repeated (default: from now). Operators and auditors may follow ' +
      'any; others must filter by a principal INN they act for.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, EventArgs, PowerOfAttorneyContext>) =>
      followEvents(context, args),
  })
  async powerOfAttorneyEvents(
    @Root() event: PowerOfAttorneyEventRow,
    @Ctx() ctx: PowerOfAttorneyContext,
    @Arg('filter', () => PowerOfAttorneyEventFilter, { nullable: true, description: 'Which events.' })
    _filter?: PowerOfAttorneyEventFilter | null,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor.' }) _after?: string | null,
  ): Promise<PowerOfAttorneyEvent> {
    // One context serves every event of the subscription: start each event from fresh data.
    ctx.em.clear();
    ctx.loaders.clearAll();
    const row = await ctx.poa.rowForEvent(event);
    return {
      cursor: String(event.seq),
      type: event.type as PowerOfAttorneyEventType,
      guid: event.guid,
      at: new Date(event.at),
      transactionId: event.transactionId,
      blockNumber: event.blockNumber,
      cause: event.cause,
      powerOfAttorney: row ? viewFor(ctx.caller, row) : null,
    };
  }
}

interface EventArgs {
  filter?: PowerOfAttorneyEventFilter | null;
  after?: string | null;
}

/** Checks access and the cursor when the subscription starts (errors reach the client at once). */
async function followEvents(
  ctx: PowerOfAttorneyContext,
  args: EventArgs,
): Promise<AsyncIterableIterator<PowerOfAttorneyEventRow>> {
  const caller = requireCaller(ctx.caller);
  const filter: EventFilter = {
    guid: args.filter?.guid ?? null,
    principalInn: args.filter?.principalInn ?? null,
    representativeInn: args.filter?.representativeInn ?? null,
    types: (args.filter?.types as PowerOfAttorneyEventKind[] | null | undefined) ?? null,
  };
  if (!hasRole(caller, 'operator', 'auditor', 'service')) {
    if (!filter.principalInn || !caller.orgs.includes(filter.principalInn)) {
      throw new PowerOfAttorneyError('FORBIDDEN', 'pass filter.principalInn of an organization you act for', {
        path: 'filter.principalInn',
      });
    }
  }
  if (args.after !== null && args.after !== undefined && parseEventCursor(args.after) === null) {
    throw new PowerOfAttorneyError('BAD_USER_INPUT', `"${args.after}" is not a cursor`, { path: 'after' });
  }
  const after = args.after ?? String(await ctx.poa.eventLog.head());
  return ctx.poa.eventLog.follow(after, filter);
}

@Resolver(() => PersonWithPowers)
export class PersonPowersResolver {
  @FieldResolver(() => [PowerOfAttorney], {
    description:
      'Powers of attorney where this person is on the given side (both when omitted), newest first: as a ' +
      'representative by INN or SNILS, as a principal by personal INN. Only those the caller may see.',
  })
  @Directive('@requires(fields: "inn snils")')
  async powersOfAttorney(
    @Root() person: PersonWithPowers,
    @Arg('role', () => PowerOfAttorneyRole, { nullable: true, description: 'Principal or representative side.' })
    role: PowerOfAttorneyRole | null,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<PowerOfAttorney[]> {
    const index = new PowerOfAttorneyIndex(ctx.em);
    const found = new Map<string, PowerOfAttorneyRow>();
    const add = (rows: PowerOfAttorneyRow[]) => rows.forEach((r) => found.set(r.guid, r));
    if (role !== PowerOfAttorneyRole.REPRESENTATIVE) {
      add(await ctx.em.find(PowerOfAttorneyRow, { principalPersonId: person.id }));
      if (person.inn) add(await index.byPrincipalInn(person.inn));
    }
    if (role !== PowerOfAttorneyRole.PRINCIPAL) {
      add(await ctx.em.find(PowerOfAttorneyRow, { representativePersonId: person.id }));
      if (person.inn || person.snils) add(await index.byRepresentative({ inn: person.inn, snils: person.snils }));
    }
    return [...found.values()]
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.guid.localeCompare(b.guid)))
      .map((row) => viewFor(ctx.caller, row))
      .filter((v): v is PowerOfAttorney => !!v);
  }
}

@Resolver(() => OrganizationWithPowers)
export class OrganizationPowersResolver {
  @FieldResolver(() => [PowerOfAttorney], {
    description:
      'Powers of attorney this organization issued (as a principal), newest first; those the caller may see.',
  })
  async powersOfAttorney(
    @Root() org: OrganizationWithPowers,
    @Ctx() ctx: PowerOfAttorneyContext,
  ): Promise<PowerOfAttorney[]> {
    const rows = await new PowerOfAttorneyIndex(ctx.em).byPrincipalInn(org.inn);
    return rows.map((row) => viewFor(ctx.caller, row)).filter((v): v is PowerOfAttorney => !!v);
  }
}
