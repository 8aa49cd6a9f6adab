import type { EntityManager } from '@mikro-orm/core';
import { BadUserInputError, ConflictError, newId, NotFoundError, type Clock, type Outbox } from '@mchd/subgraph-kit';
import { EmploymentRow, OrganizationRow, PersonRow } from './entities.js';
import { checkDate, checkIdentifierArg, optionalText, requiredText } from './validation.js';

/** Outbox event types of the person subgraph. */
export const EMPLOYEE_HIRED = 'EMPLOYEE_HIRED';
export const EMPLOYEE_DISMISSED = 'EMPLOYEE_DISMISSED';

/** Payload of `EMPLOYEE_HIRED` and `EMPLOYEE_DISMISSED` outbox events (feed `GET /events`). */
export interface EmploymentEventPayload {
  readonly employmentId: string;
  readonly personId: string;
  readonly inn: string | null;
  readonly snils: string | null;
  readonly organizationId: string;
  readonly organizationInn: string;
  readonly position: string;
  readonly hiredOn: string;
  /** Set for `EMPLOYEE_DISMISSED`. */
  readonly dismissedOn?: string;
  /** Set for `EMPLOYEE_DISMISSED`. */
  readonly reason?: string | null;
}

/** An identity document as given. */
export interface IdentityDocumentData {
  readonly type: string;
  readonly series?: string | null;
  readonly number: string;
  readonly issuedBy?: string | null;
  readonly issuedOn?: string | null;
}

/** Fields of a person; `undefined` in an update leaves a field as it is, `null` clears it. */
export interface PersonData {
  readonly lastName?: string;
  readonly firstName?: string;
  readonly middleName?: string | null;
  readonly inn?: string | null;
  readonly snils?: string | null;
  readonly birthDate?: string | null;
  readonly identityDocument?: IdentityDocumentData | null;
}

/** Fields of an organization. */
export interface OrganizationData {
  readonly name?: string;
  readonly inn?: string;
  readonly kpp?: string | null;
  readonly ogrn?: string | null;
  readonly ogrnip?: string | null;
  readonly parentId?: string | null;
}

function personSnapshot(p: PersonRow): string {
  return JSON.stringify([
    p.lastName,
    p.firstName,
    p.middleName,
    p.inn,
    p.snils,
    p.birthDate,
    p.documentType,
    p.documentSeries,
    p.documentNumber,
    p.documentIssuedBy,
    p.documentIssuedOn,
  ]);
}

/** What {@link PersonDirectory.upsertEmployee} did. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * The person subgraph's service layer: validated creation and change of people, organizations and
 * employments, with outbox events for hires and dismissals. No authorization here (resolvers check the
 * caller; the `import-employees` command acts as the local operator). `prefix` prefixes argument paths in
 * errors (`input.` for GraphQL inputs).
 *
 * @example
 * ```ts
 * const directory = new PersonDirectory(em.fork(), outbox);
 * const org = await directory.createOrganization({ name: 'ООО Ромашка', inn: '7707083893' });
 * ```
 */
export class PersonDirectory {
  constructor(
    readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clock: Clock = () => new Date(),
  ) {}

  private now(): string {
    return this.clock().toISOString();
  }

  async personById(id: string): Promise<PersonRow | null> {
    return this.em.findOne(PersonRow, { id });
  }

  async personByInn(inn: string, path = 'inn'): Promise<PersonRow | null> {
    return this.em.findOne(PersonRow, { inn: checkIdentifierArg('INN_PERSON', inn, path) });
  }

  async personBySnils(snils: string, path = 'snils'): Promise<PersonRow | null> {
    return this.em.findOne(PersonRow, { snils: checkIdentifierArg('SNILS', snils, path) });
  }

  async organizationById(id: string): Promise<OrganizationRow | null> {
    return this.em.findOne(OrganizationRow, { id });
  }

  async organizationByInn(inn: string, path = 'inn'): Promise<OrganizationRow | null> {
    return this.em.findOne(OrganizationRow, { inn: checkIdentifierArg('INN', inn, path) });
  }

  async employmentById(id: string): Promise<EmploymentRow | null> {
    return this.em.findOne(EmploymentRow, { id });
  }

  /** Applies and checks person fields onto `row`. */
  private async applyPerson(row: PersonRow, data: PersonData, prefix: string): Promise<void> {
    if (data.lastName !== undefined) row.lastName = requiredText(data.lastName, `${prefix}lastName`, 200);
    if (data.firstName !== undefined) row.firstName = requiredText(data.firstName, `${prefix}firstName`, 200);
    if (data.middleName !== undefined) row.middleName = optionalText(data.middleName, `${prefix}middleName`, 200);
    if (data.inn !== undefined) {
      row.inn =
        data.inn === null || data.inn.trim() === '' ? null : checkIdentifierArg('INN_PERSON', data.inn, `${prefix}inn`);
    }
    if (data.snils !== undefined) {
      row.snils =
        data.snils === null || data.snils.trim() === ''
          ? null
          : checkIdentifierArg('SNILS', data.snils, `${prefix}snils`);
    }
    if (data.birthDate !== undefined) {
      row.birthDate = data.birthDate === null ? null : checkDate(data.birthDate, `${prefix}birthDate`);
    }
    if (data.identityDocument !== undefined) {
      const doc = data.identityDocument;
      const p = `${prefix}identityDocument.`;
      row.documentType = doc ? requiredText(doc.type, `${p}type`, 10) : null;
      row.documentSeries = doc ? optionalText(doc.series, `${p}series`, 20) : null;
      row.documentNumber = doc ? requiredText(doc.number, `${p}number`, 40) : null;
      row.documentIssuedBy = doc ? optionalText(doc.issuedBy, `${p}issuedBy`, 500) : null;
      row.documentIssuedOn = doc?.issuedOn ? checkDate(doc.issuedOn, `${p}issuedOn`) : null;
    }
    if (row.birthDate && row.birthDate > this.now().slice(0, 10)) {
      throw new BadUserInputError(`${prefix}birthDate is in the future`, `${prefix}birthDate`);
    }
    if (row.inn) {
      const other = await this.em.findOne(PersonRow, { inn: row.inn, id: { $ne: row.id } });
      if (other) throw new ConflictError(`a person with INN ${row.inn} exists already`, `${prefix}inn`);
    }
    if (row.snils) {
      const other = await this.em.findOne(PersonRow, { snils: row.snils, id: { $ne: row.id } });
      if (other) throw new ConflictError(`a person with SNILS ${row.snils} exists already`, `${prefix}snils`);
    }
  }

  /** Creates a person; at least one of INN and SNILS is required. */
  async createPerson(
    data: PersonData & { lastName: string; firstName: string },
    prefix = 'input.',
  ): Promise<PersonRow> {
    const row = new PersonRow();
    row.id = newId();
    row.middleName = null;
    row.inn = null;
    row.snils = null;
    row.birthDate = null;
    row.documentType = row.documentSeries = row.documentNumber = row.documentIssuedBy = row.documentIssuedOn = null;
    row.createdAt = row.updatedAt = this.now();
    await this.applyPerson(row, data, prefix);
    if (!row.inn && !row.snils) throw new BadUserInputError('a person needs an INN or a SNILS', `${prefix}inn`);
    await this.em.persistAndFlush(row);
    return row;
  }

  /** Changes a person's fields. */
  async updatePerson(id: string, data: PersonData, prefix = 'input.'): Promise<PersonRow> {
    const row = await this.personById(id);
    if (!row) throw new NotFoundError(`no person ${id}`, `${prefix}id`);
    const before = personSnapshot(row);
    await this.applyPerson(row, data, prefix);
    if (!row.inn && !row.snils) throw new BadUserInputError('a person needs an INN or a SNILS', `${prefix}inn`);
    if (personSnapshot(row) !== before) row.updatedAt = this.now();
    await this.em.flush();
    return row;
  }

  private async applyOrganization(row: OrganizationRow, data: OrganizationData, prefix: string): Promise<void> {
    if (data.name !== undefined) row.name = requiredText(data.name, `${prefix}name`, 1000);
    if (data.inn !== undefined) row.inn = checkIdentifierArg('INN', data.inn, `${prefix}inn`);
    if (data.kpp !== undefined) row.kpp = data.kpp ? checkIdentifierArg('KPP', data.kpp, `${prefix}kpp`) : null;
    if (data.ogrn !== undefined) row.ogrn = data.ogrn ? checkIdentifierArg('OGRN', data.ogrn, `${prefix}ogrn`) : null;
    if (data.ogrnip !== undefined) {
      row.ogrnip = data.ogrnip ? checkIdentifierArg('OGRNIP', data.ogrnip, `${prefix}ogrnip`) : null;
    }
    const legal = row.inn.length === 10;
    if (legal && row.ogrnip) {
      throw new BadUserInputError('an organization with a 10-digit INN has an OGRN, not an OGRNIP', `${prefix}ogrnip`);
    }
    if (!legal && row.ogrn) {
      throw new BadUserInputError(
        'an individual entrepreneur (12-digit INN) has an OGRNIP, not an OGRN',
        `${prefix}ogrn`,
      );
    }
    if (!legal && row.kpp) {
      throw new BadUserInputError('an individual entrepreneur (12-digit INN) has no KPP', `${prefix}kpp`);
    }
    if (data.parentId !== undefined) {
      if (data.parentId === null) row.parentId = null;
      else {
        const parent = await this.organizationById(data.parentId);
        if (!parent) throw new NotFoundError(`no organization ${data.parentId}`, `${prefix}parentId`);
        // Walk up from the parent: the organization must not become its own ancestor.
        for (
          let p: OrganizationRow | null = parent;
          p;
          p = p.parentId ? await this.organizationById(p.parentId) : null
        ) {
          if (p.id === row.id)
            throw new BadUserInputError('an organization cannot be its own ancestor', `${prefix}parentId`);
        }
        row.parentId = parent.id;
      }
    }
    const other = await this.em.findOne(OrganizationRow, { inn: row.inn, id: { $ne: row.id } });
    if (other) throw new ConflictError(`an organization with INN ${row.inn} exists already`, `${prefix}inn`);
  }

  /** Creates an organization. */
  async createOrganization(
    data: OrganizationData & { name: string; inn: string },
    prefix = 'input.',
  ): Promise<OrganizationRow> {
    const row = new OrganizationRow();
    row.id = newId();
    row.kpp = row.ogrn = row.ogrnip = row.parentId = null;
    row.createdAt = row.updatedAt = this.now();
    await this.applyOrganization(row, data, prefix);
    await this.em.persistAndFlush(row);
    return row;
  }

  /** Changes an organization's fields. */
  async updateOrganization(id: string, data: OrganizationData, prefix = 'input.'): Promise<OrganizationRow> {
    const row = await this.organizationById(id);
    if (!row) throw new NotFoundError(`no organization ${id}`, `${prefix}id`);
    await this.applyOrganization(row, data, prefix);
    row.updatedAt = this.now();
    await this.em.flush();
    return row;
  }

  private payload(e: EmploymentRow, p: PersonRow, o: OrganizationRow): EmploymentEventPayload {
    return {
      employmentId: e.id,
      personId: p.id,
      inn: p.inn,
      snils: p.snils,
      organizationId: o.id,
      organizationInn: o.inn,
      position: e.position,
      hiredOn: e.hiredOn,
      ...(e.dismissedOn ? { dismissedOn: e.dismissedOn, reason: e.dismissalReason } : {}),
    };
  }

  /** Hires a person: a new employment and an `EMPLOYEE_HIRED` event, in one transaction. */
  async hire(
    input: { personId: string; organizationId: string; position: string; hiredOn: string },
    prefix = 'input.',
  ): Promise<EmploymentRow> {
    const person = await this.personById(input.personId);
    if (!person) throw new NotFoundError(`no person ${input.personId}`, `${prefix}personId`);
    const org = await this.organizationById(input.organizationId);
    if (!org) throw new NotFoundError(`no organization ${input.organizationId}`, `${prefix}organizationId`);
    const row = new EmploymentRow();
    row.id = newId();
    row.personId = person.id;
    row.organizationId = org.id;
    row.position = requiredText(input.position, `${prefix}position`, 500);
    row.hiredOn = checkDate(input.hiredOn, `${prefix}hiredOn`);
    row.dismissedOn = null;
    row.dismissalReason = null;
    row.createdAt = this.now();
    await this.em.transactional(async (tx) => {
      tx.persist(row);
      this.outbox.record(tx, EMPLOYEE_HIRED, this.payload(row, person, org));
    });
    this.outbox.notify();
    return row;
  }

  /** Dismisses: sets the date and reason and records `EMPLOYEE_DISMISSED`, in one transaction. */
  async dismiss(
    input: { employmentId: string; dismissedOn: string; reason?: string | null },
    prefix = 'input.',
  ): Promise<EmploymentRow> {
    const row = await this.employmentById(input.employmentId);
    if (!row) throw new NotFoundError(`no employment ${input.employmentId}`, `${prefix}employmentId`);
    if (row.dismissedOn)
      throw new ConflictError(`employment ${row.id} ended on ${row.dismissedOn}`, `${prefix}employmentId`);
    const dismissedOn = checkDate(input.dismissedOn, `${prefix}dismissedOn`);
    if (dismissedOn < row.hiredOn) {
      throw new BadUserInputError(`dismissal ${dismissedOn} precedes hiring ${row.hiredOn}`, `${prefix}dismissedOn`);
    }
    const person = await this.em.findOneOrFail(PersonRow, { id: row.personId });
    const org = await this.em.findOneOrFail(OrganizationRow, { id: row.organizationId });
    await this.em.transactional(async (tx) => {
      const e = await tx.findOneOrFail(EmploymentRow, { id: row.id });
      e.dismissedOn = dismissedOn;
      e.dismissalReason = optionalText(input.reason, `${prefix}reason`, 1000);
      this.outbox.record(tx, EMPLOYEE_DISMISSED, this.payload(e, person, org));
    });
    this.outbox.notify();
    return row;
  }

  /**
   * The idempotent import step: finds the person by INN, else SNILS, and updates them (or creates them), then
   * makes sure they have an active employment at the organization (updating the position when it changed).
   */
  async upsertEmployee(
    organizationId: string,
    data: PersonData & { lastName: string; firstName: string; position: string; hiredOn: string },
    prefix = '',
  ): Promise<{ person: PersonRow; employment: EmploymentRow; outcome: UpsertOutcome }> {
    const inn = data.inn ? checkIdentifierArg('INN_PERSON', data.inn, `${prefix}inn`) : null;
    const snils = data.snils ? checkIdentifierArg('SNILS', data.snils, `${prefix}snils`) : null;
    const position = requiredText(data.position, `${prefix}position`, 500);
    const hiredOn = checkDate(data.hiredOn, `${prefix}hiredOn`);
    let person =
      (inn ? await this.em.findOne(PersonRow, { inn }) : null) ??
      (snils ? await this.em.findOne(PersonRow, { snils }) : null);
    const { position: _p, hiredOn: _h, ...personData } = data;
    let outcome: UpsertOutcome = 'unchanged';
    if (person) {
      const before = personSnapshot(person);
      person = await this.updatePerson(person.id, personData, prefix);
      if (personSnapshot(person) !== before) outcome = 'updated';
    } else {
      person = await this.createPerson(personData, prefix);
      outcome = 'created';
    }
    const active = await this.em.findOne(EmploymentRow, { personId: person.id, organizationId, dismissedOn: null });
    if (active) {
      if (active.position !== position) {
        active.position = position;
        await this.em.flush();
        if (outcome === 'unchanged') outcome = 'updated';
      }
      return { person, employment: active, outcome };
    }
    const employment = await this.hire({ personId: person.id, organizationId, position, hiredOn }, prefix);
    return { person, employment, outcome: outcome === 'unchanged' ? 'updated' : outcome };
  }
}
