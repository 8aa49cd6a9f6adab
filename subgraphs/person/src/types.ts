import 'reflect-metadata';
import { DateScalar, DateTimeScalar, connectionType } from '@mchd/subgraph-kit';
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

/** An identity document (passport and the like). */
@ObjectType({ description: 'An identity document of a person. Personal data: see `Person.identityDocument`.' })
export class IdentityDocument {
  @Field({
    description:
      'Document kind code from the FNS directory of identity documents (СПДУЛ), e.g. `21` for a Russian passport.',
  })
  type!: string;

  @Field(() => String, { nullable: true, description: 'Series, e.g. `4510`; null when the document has none.' })
  series!: string | null;

  @Field({ description: 'Number, e.g. `123456`.' })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Who issued it, as written in the document.' })
  issuedBy!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date of issue.' })
  issuedOn!: string | null;
}

/** A natural person. */
@ObjectType({
  description:
    'A natural person: an employee, a signatory or a representative. Personal data (SNILS, birth date, identity ' +
    'document) is shown to auditors and to admins/assistants of an organization employing the person; for ' +
    'everyone else those fields are null.',
})
@Directive('@key(fields: "id")')
@Directive('@key(fields: "inn")')
@Directive('@key(fields: "snils")')
export class Person {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field({ description: 'Surname (фамилия).' })
  lastName!: string;

  @Field({ description: 'Given name (имя).' })
  firstName!: string;

  @Field(() => String, { nullable: true, description: 'Patronymic (отчество), when the person has one.' })
  middleName!: string | null;

  @Field({ description: 'Full name: surname, given name and patronymic separated by spaces.' })
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'Personal INN (12 digits), when known.' })
  inn!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SNILS as 11 digits. Personal data: null unless the caller may see it (or when unknown).',
  })
  snils!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Date of birth. Personal data: null unless the caller may see it.',
  })
  birthDate!: string | null;

  @Field(() => IdentityDocument, {
    nullable: true,
    description: 'Identity document. Personal data: null unless the caller may see it.',
  })
  identityDocument!: IdentityDocument | null;
}

/** An organization. */
@ObjectType({
  description:
    'An organization: a legal entity (10-digit INN, OGRN, KPP) or an individual entrepreneur (12-digit INN, OGRNIP).',
})
@Directive('@key(fields: "id")')
@Directive('@key(fields: "inn")')
export class Organization {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field({ description: 'Full name as registered.' })
  name!: string;

  @Field({ description: 'INN: 10 digits for a legal entity, 12 for an individual entrepreneur.' })
  inn!: string;

  @Field(() => String, { nullable: true, description: 'KPP (9 characters) of a legal entity.' })
  kpp!: string | null;

  @Field(() => String, { nullable: true, description: 'OGRN (13 digits) of a legal entity.' })
  ogrn!: string | null;

  @Field(() => String, { nullable: true, description: 'OGRNIP (15 digits) of an individual entrepreneur.' })
  ogrnip!: string | null;
}

/** A person's employment at an organization. */
@ObjectType({ description: 'A person working (or having worked) at an organization in a position.' })
export class Employment {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field({ description: 'Position (должность), as it appears in powers of attorney.' })
  position!: string;

  @Field(() => DateScalar, { description: 'First day of the employment.' })
  hiredOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Day of dismissal; null while employed.' })
  dismissedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Reason given at dismissal.' })
  dismissalReason!: string | null;

  @Field({ description: 'Whether the person is still employed (not dismissed).' })
  active!: boolean;
}

/** The kind of an employment event. */
export enum EmploymentEventType {
  HIRED = 'HIRED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(EmploymentEventType, {
  name: 'EmploymentEventType',
  description: 'What happened to an employment.',
  valuesConfig: {
    HIRED: { description: 'A person was hired.' },
    DISMISSED: { description: 'A person was dismissed.' },
  },
});

/** One event of `Subscription.employmentEvents`. */
@ObjectType({ description: 'A hire or a dismissal, as delivered by `Subscription.employmentEvents`.' })
export class EmploymentEvent {
  @Field({ description: 'Position in the event log; pass it as `after` to resume after this event.' })
  cursor!: string;

  @Field(() => EmploymentEventType, { description: 'What happened.' })
  type!: EmploymentEventType;

  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  at!: Date;

  @Field(() => Employment, { description: 'The employment as it is now.' })
  employment!: Employment;

  @Field(() => Person, { description: 'The employee.' })
  person!: Person;
}

export const OrganizationConnection = connectionType('Organization', Organization, 'organizations');
export const EmploymentConnection = connectionType('Employment', Employment, 'employments');

@InputType({ description: 'An identity document.' })
export class IdentityDocumentInput {
  @Field({ description: 'Document kind code (FNS СПДУЛ), e.g. `21`.' })
  type!: string;

  @Field(() => String, { nullable: true, description: 'Series.' })
  series?: string | null;

  @Field({ description: 'Number.' })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Issuing authority.' })
  issuedBy?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date of issue.' })
  issuedOn?: string | null;
}

@InputType({ description: 'A new person. At least one of `inn` and `snils` is required.' })
export class CreatePersonInput {
  @Field({ description: 'Surname.' })
  lastName!: string;

  @Field({ description: 'Given name.' })
  firstName!: string;

  @Field(() => String, { nullable: true, description: 'Patronymic.' })
  middleName?: string | null;

  @Field(() => String, { nullable: true, description: 'Personal INN (12 digits, checked).' })
  inn?: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS, 11 digits or `XXX-XXX-XXX YY` (checked).' })
  snils?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date of birth.' })
  birthDate?: string | null;

  @Field(() => IdentityDocumentInput, { nullable: true, description: 'Identity document.' })
  identityDocument?: IdentityDocumentInput | null;
}

@InputType({ description: 'Changes to a person: omitted fields stay, null clears an optional field.' })
export class UpdatePersonInput {
  @Field(() => ID, { description: 'The person to change.' })
  id!: string;

  @Field({ nullable: true, description: 'Surname.' })
  lastName?: string;

  @Field({ nullable: true, description: 'Given name.' })
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'Patronymic.' })
  middleName?: string | null;

  @Field(() => String, { nullable: true, description: 'Personal INN (12 digits, checked).' })
  inn?: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS (checked).' })
  snils?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date of birth.' })
  birthDate?: string | null;

  @Field(() => IdentityDocumentInput, { nullable: true, description: 'Identity document (replaces the stored one).' })
  identityDocument?: IdentityDocumentInput | null;
}

@InputType({ description: 'A new organization.' })
export class CreateOrganizationInput {
  @Field({ description: 'Full name.' })
  name!: string;

  @Field({ description: 'INN: 10 digits (legal entity) or 12 (individual entrepreneur), checked.' })
  inn!: string;

  @Field(() => String, { nullable: true, description: 'KPP (legal entities).' })
  kpp?: string | null;

  @Field(() => String, { nullable: true, description: 'OGRN (legal entities, checked).' })
  ogrn?: string | null;

  @Field(() => String, { nullable: true, description: 'OGRNIP (individual entrepreneurs, checked).' })
  ogrnip?: string | null;

  @Field(() => ID, { nullable: true, description: 'Parent organization, for a subsidiary.' })
  parentId?: string | null;
}

@InputType({ description: 'Changes to an organization: omitted fields stay, null clears an optional field.' })
export class UpdateOrganizationInput {
  @Field(() => ID, { description: 'The organization to change.' })
  id!: string;

  @Field({ nullable: true, description: 'Full name.' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'KPP.' })
  kpp?: string | null;

  @Field(() => String, { nullable: true, description: 'OGRN.' })
  ogrn?: string | null;

  @Field(() => String, { nullable: true, description: 'OGRNIP.' })
  ogrnip?: string | null;

  @Field(() => ID, { nullable: true, description: 'Parent organization; null detaches it.' })
  parentId?: string | null;
}

@InputType({ description: 'Hiring a person at an organization.' })
export class HireEmployeeInput {
  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Field(() => ID, { description: 'The organization.' })
  organizationId!: string;

  @Field({ description: 'Position.' })
  position!: string;

  @Field(() => DateScalar, { description: 'First day.' })
  hiredOn!: string;
}

@InputType({ description: 'Dismissing an employee.' })
export class DismissEmployeeInput {
  @Field(() => ID, { description: 'The employment to end.' })
  employmentId!: string;

  @Field(() => DateScalar, { description: 'Day of dismissal (not before the hiring day).' })
  dismissedOn!: string;

  @Field(() => String, { nullable: true, description: 'Reason.' })
  reason?: string | null;
}
