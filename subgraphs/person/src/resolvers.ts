import { ForbiddenError, requireCaller } from '@mchd/auth';
import {
  ConnectionArgs,
  DateScalar,
  NotFoundError,
  paginate,
  type Connection,
  type FeedEvent,
} from '@mchd/subgraph-kit';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { canReadPerson, canSeePersonalData, requireOrgRead, requireOrgWrite, requirePersonWrite } from './access.js';
import { employerInns, type PersonContext } from './context.js';
import { EMPLOYEE_DISMISSED, EMPLOYEE_HIRED, type EmploymentEventPayload } from './directory.js';
import { EmploymentRow, OrganizationRow, PersonRow } from './entities.js';
import {
  CreateOrganizationInput,
  CreatePersonInput,
  DismissEmployeeInput,
  Employment,
  EmploymentConnection,
  EmploymentEvent,
  EmploymentEventType,
  HireEmployeeInput,
  IdentityDocument,
  Organization,
  OrganizationConnection,
  Person,
  UpdateOrganizationInput,
  UpdatePersonInput,
} from './types.js';
import { checkIdentifierArg } from './validation.js';

/** Throws FORBIDDEN unless the caller may read this person. */
export async function assertPersonReadable(ctx: PersonContext, person: PersonRow): Promise<void> {
  const caller = requireCaller(ctx.caller);
  if (!canReadPerson(caller, await employerInns(ctx, person.id))) {
    throw new ForbiddenError(`the caller acts for no organization employing person ${person.id}`);
  }
}

async function readablePerson(ctx: PersonContext, person: PersonRow | null): Promise<PersonRow | null> {
  if (!person) return null;
  await assertPersonReadable(ctx, person);
  return person;
}

@Resolver(() => Person)
export class PersonResolver {
  @Authorized()
  @Query(() => Person, { nullable: true, description: 'A person by id; null when there is none.' })
  async person(@Arg('id', () => ID, { description: 'The person id.' }) id: string, @Ctx() ctx: PersonContext) {
    return readablePerson(ctx, await ctx.load.person.load(id));
  }

  @Authorized()
  @Query(() => Person, { nullable: true, description: 'A person by personal INN (12 digits, checked).' })
  async personByInn(@Arg('inn', { description: 'Personal INN.' }) inn: string, @Ctx() ctx: PersonContext) {
    return readablePerson(ctx, await ctx.directory.personByInn(inn, 'inn'));
  }

  @Authorized()
  @Query(() => Person, { nullable: true, description: 'A person by SNILS (11 digits or `XXX-XXX-XXX YY`, checked).' })
  async personBySnils(@Arg('snils', { description: 'SNILS.' }) snils: string, @Ctx() ctx: PersonContext) {
    return readablePerson(ctx, await ctx.directory.personBySnils(snils, 'snils'));
  }

  @FieldResolver(() => String)
  fullName(@Root() p: PersonRow): string {
    return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
  }

  @FieldResolver(() => String, { nullable: true })
  async snils(@Root() p: PersonRow, @Ctx() ctx: PersonContext): Promise<string | null> {
    return canSeePersonalData(ctx.caller, await employerInns(ctx, p.id)) ? p.snils : null;
  }

  @FieldResolver(() => DateScalar, { nullable: true })
  async birthDate(@Root() p: PersonRow, @Ctx() ctx: PersonContext): Promise<string | null> {
    return canSeePersonalData(ctx.caller, await employerInns(ctx, p.id)) ? p.birthDate : null;
  }

  @FieldResolver(() => IdentityDocument, { nullable: true })
  async identityDocument(@Root() p: PersonRow, @Ctx() ctx: PersonContext): Promise<IdentityDocument | null> {
    if (!p.documentType || !p.documentNumber) return null;
    if (!canSeePersonalData(ctx.caller, await employerInns(ctx, p.id))) return null;
    return {
      type: p.documentType,
      series: p.documentSeries,
      number: p.documentNumber,
      issuedBy: p.documentIssuedBy,
      issuedOn: p.documentIssuedOn,
    };
  }

  @FieldResolver(() => [Employment], { description: 'Employments of this person, current and past, oldest first.' })
  async employments(@Root() p: PersonRow, @Ctx() ctx: PersonContext): Promise<EmploymentRow[]> {
    return ctx.load.employmentsOfPerson.load(p.id);
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => Person, { description: 'Creates a person (roles admin, assistant). Identifiers are checked.' })
  async createPerson(
    @Arg('input', () => CreatePersonInput, { description: 'What to create.' }) input: CreatePersonInput,
    @Ctx() ctx: PersonContext,
  ): Promise<PersonRow> {
    return ctx.directory.createPerson({ ...input });
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => Person, {
    description: 'Changes a person (admin/assistant of an organization employing them, or of any while unemployed).',
  })
  async updatePerson(
    @Arg('input', () => UpdatePersonInput, { description: 'What to change.' }) input: UpdatePersonInput,
    @Ctx() ctx: PersonContext,
  ): Promise<PersonRow> {
    const existing = await ctx.directory.personById(input.id);
    if (!existing) throw new NotFoundError(`no person ${input.id}`, 'input.id');
    const employments = await ctx.load.employmentsOfPerson.load(existing.id);
    requirePersonWrite(ctx.caller, await employerInns(ctx, existing.id, true), employments.length > 0);
    const { id, ...data } = input;
    return ctx.directory.updatePerson(id, data);
  }
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized()
  @Query(() => Organization, { nullable: true, description: 'An organization by id.' })
  async organization(
    @Arg('id', () => ID, { description: 'The organization id.' }) id: string,
    @Ctx() ctx: PersonContext,
  ) {
    return ctx.load.organization.load(id);
  }

  @Authorized()
  @Query(() => Organization, { nullable: true, description: 'An organization by INN (10 or 12 digits, checked).' })
  async organizationByInn(@Arg('inn', { description: 'INN.' }) inn: string, @Ctx() ctx: PersonContext) {
    return ctx.directory.organizationByInn(inn, 'inn');
  }

  @Authorized()
  @Query(() => OrganizationConnection, { description: 'All organizations, in creation order (cursor-paginated).' })
  async organizations(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: PersonContext,
  ): Promise<Connection<OrganizationRow>> {
    return paginate(args, {
      fetch: (after, limit) =>
        ctx.em.find(OrganizationRow, after ? { id: { $gt: after } } : {}, { orderBy: { id: 'asc' }, limit }),
      count: () => ctx.em.count(OrganizationRow, {}),
      key: (o) => o.id,
    });
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The parent organization of a subsidiary.' })
  async parent(@Root() o: OrganizationRow, @Ctx() ctx: PersonContext): Promise<OrganizationRow | null> {
    return o.parentId ? ctx.load.organization.load(o.parentId) : null;
  }

  @FieldResolver(() => [Organization], { description: 'Direct subsidiaries, in creation order.' })
  async subsidiaries(@Root() o: OrganizationRow, @Ctx() ctx: PersonContext): Promise<OrganizationRow[]> {
    return ctx.load.subsidiaries.load(o.id);
  }

  @FieldResolver(() => EmploymentConnection, {
    description:
      'Employees of this organization in hiring order (cursor-paginated). Needs acting for the organization ' +
      'with a read role (admin, assistant, observer, manager, registrar) or the auditor role.',
  })
  async employees(
    @Root() o: OrganizationRow,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('includeDismissed', { defaultValue: false, description: 'Include dismissed employees.' })
    includeDismissed: boolean,
    @Ctx() ctx: PersonContext,
  ): Promise<Connection<EmploymentRow>> {
    requireOrgRead(ctx.caller, o.inn);
    const where = { organizationId: o.id, ...(includeDismissed ? {} : { dismissedOn: null }) };
    return paginate(args, {
      fetch: (after, limit) =>
        ctx.em.find(EmploymentRow, after ? { ...where, id: { $gt: after } } : where, { orderBy: { id: 'asc' }, limit }),
      count: () => ctx.em.count(EmploymentRow, where),
      key: (e) => e.id,
    });
  }

  @Authorized('admin')
  @Mutation(() => Organization, {
    description: 'Creates an organization (role admin acting for its INN, or for the parent of a subsidiary).',
  })
  async createOrganization(
    @Arg('input', () => CreateOrganizationInput, { description: 'What to create.' }) input: CreateOrganizationInput,
    @Ctx() ctx: PersonContext,
  ) {
    const caller = requireCaller(ctx.caller);
    const inn = checkIdentifierArg('INN', input.inn, 'input.inn');
    const parent = input.parentId ? await ctx.load.organization.load(input.parentId) : null;
    if (!caller.orgs.includes(inn) && !(parent && caller.orgs.includes(parent.inn))) {
      throw new ForbiddenError(`creating organization ${inn} needs acting for it or for its parent`);
    }
    return ctx.directory.createOrganization({ ...input, inn });
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => Organization, { description: 'Changes an organization (admin/assistant acting for it).' })
  async updateOrganization(
    @Arg('input', () => UpdateOrganizationInput, { description: 'What to change.' }) input: UpdateOrganizationInput,
    @Ctx() ctx: PersonContext,
  ) {
    const existing = await ctx.load.organization.load(input.id);
    if (!existing) throw new NotFoundError(`no organization ${input.id}`, 'input.id');
    requireOrgWrite(ctx.caller, existing.inn);
    const { id, ...data } = input;
    return ctx.directory.updateOrganization(id, data);
  }
}

/** What the subscription yields before field resolution: the feed event. */
type EmploymentFeedEvent = FeedEvent<EmploymentEventPayload>;

@Resolver(() => Employment)
export class EmploymentResolver {
  @FieldResolver(() => Boolean)
  active(@Root() e: EmploymentRow): boolean {
    return !e.dismissedOn;
  }

  @FieldResolver(() => Person, { description: 'The employee.' })
  async person(@Root() e: EmploymentRow, @Ctx() ctx: PersonContext): Promise<PersonRow> {
    const p = await ctx.load.person.load(e.personId);
    if (!p) throw new NotFoundError(`no person ${e.personId}`);
    return p;
  }

  @FieldResolver(() => Organization, { description: 'The employer.' })
  async organization(@Root() e: EmploymentRow, @Ctx() ctx: PersonContext): Promise<OrganizationRow> {
    const o = await ctx.load.organization.load(e.organizationId);
    if (!o) throw new NotFoundError(`no organization ${e.organizationId}`);
    return o;
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => Employment, { description: 'Hires a person (admin/assistant acting for the organization).' })
  async hireEmployee(
    @Arg('input', () => HireEmployeeInput, { description: 'Who is hired where.' }) input: HireEmployeeInput,
    @Ctx() ctx: PersonContext,
  ): Promise<EmploymentRow> {
    const org = await ctx.load.organization.load(input.organizationId);
    if (!org) throw new NotFoundError(`no organization ${input.organizationId}`, 'input.organizationId');
    requireOrgWrite(ctx.caller, org.inn);
    return ctx.directory.hire({ ...input });
  }

  @Authorized('admin', 'assistant')
  @Mutation(() => Employment, {
    description:
      'Dismisses an employee (admin/assistant acting for the organization) and records the event ' +
      '`EMPLOYEE_DISMISSED` in the outbox, from which other subgraphs revoke certificates and powers of attorney.',
  })
  async dismissEmployee(
    @Arg('input', () => DismissEmployeeInput, { description: 'Which employment ends, when and why.' })
    input: DismissEmployeeInput,
    @Ctx() ctx: PersonContext,
  ): Promise<EmploymentRow> {
    const employment = await ctx.directory.employmentById(input.employmentId);
    if (!employment) throw new NotFoundError(`no employment ${input.employmentId}`, 'input.employmentId');
    const org = await ctx.load.organization.load(employment.organizationId);
    if (!org) throw new NotFoundError(`no organization ${employment.organizationId}`);
    requireOrgWrite(ctx.caller, org.inn);
    await ctx.directory.dismiss({ ...input });
    return await ctx.em.fork().findOneOrFail(EmploymentRow, { id: employment.id });
  }

  @Subscription(() => EmploymentEvent, {
    description:
      'Hires and dismissals as they are recorded, for one organization (acting for it with a read role) or all ' +
      '(auditor, service). Delivered from the outbox; `after` resumes after a cursor seen before.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, SubscriptionArgs, PersonContext>) =>
      followEmployment(context, args),
  })
  async employmentEvents(
    @Root() event: EmploymentFeedEvent,
    @Ctx() ctx: PersonContext,
    @Arg('organizationInn', () => String, { nullable: true, description: 'Only this organization (INN).' })
    _organizationInn?: string | null,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor (default: from now).' })
    _after?: string | null,
  ): Promise<{ cursor: string; type: EmploymentEventType; at: Date; employment: EmploymentRow; person: PersonRow }> {
    // One context serves every event of the subscription: start each event from fresh data.
    ctx.em.clear();
    ctx.loaders.clearAll();
    const employment = await ctx.em.findOneOrFail(EmploymentRow, { id: event.payload.employmentId });
    const person = await ctx.em.findOneOrFail(PersonRow, { id: event.payload.personId });
    return {
      cursor: event.cursor,
      type: event.type === EMPLOYEE_DISMISSED ? EmploymentEventType.DISMISSED : EmploymentEventType.HIRED,
      at: new Date(event.at),
      employment,
      person,
    };
  }
}

interface SubscriptionArgs {
  organizationInn?: string | null;
  after?: string | null;
}

/** Checks access when the subscription starts (errors reach the client at once), then follows the outbox. */
async function followEmployment(
  ctx: PersonContext,
  args: SubscriptionArgs,
): Promise<AsyncGenerator<EmploymentFeedEvent>> {
  const caller = requireCaller(ctx.caller);
  const inn = args.organizationInn ? checkIdentifierArg('INN', args.organizationInn, 'organizationInn') : null;
  if (inn) requireOrgRead(caller, inn);
  else if (!caller.roles.includes('auditor') && !caller.roles.includes('service')) {
    throw new ForbiddenError("all organizations' events need the role auditor or service; pass organizationInn");
  }
  // The starting cursor is fixed now, so that nothing committed after the subscription began is missed.
  return employmentFeed(ctx, inn, args.after ?? (await ctx.outbox.head()));
}

async function* employmentFeed(
  ctx: PersonContext,
  inn: string | null,
  after: string | undefined,
): AsyncGenerator<EmploymentFeedEvent> {
  const controller = new AbortController();
  try {
    for await (const event of ctx.outbox.follow(after, controller.signal, [EMPLOYEE_HIRED, EMPLOYEE_DISMISSED])) {
      const payload = event.payload as EmploymentEventPayload;
      if (inn && payload.organizationInn !== inn) continue;
      yield event as EmploymentFeedEvent;
    }
  } finally {
    controller.abort();
  }
}
