import { EntitySchema } from '@mikro-orm/core';

/** A stored person. Dates are `YYYY-MM-DD` strings, instants RFC 3339 strings (portable across databases). */
export class PersonRow {
  id!: string;
  lastName!: string;
  firstName!: string;
  middleName!: string | null;
  inn!: string | null;
  snils!: string | null;
  birthDate!: string | null;
  documentType!: string | null;
  documentSeries!: string | null;
  documentNumber!: string | null;
  documentIssuedBy!: string | null;
  documentIssuedOn!: string | null;
  createdAt!: string;
  updatedAt!: string;
}

/** A stored organization (a legal entity or an individual entrepreneur). */
export class OrganizationRow {
  id!: string;
  name!: string;
  inn!: string;
  kpp!: string | null;
  ogrn!: string | null;
  ogrnip!: string | null;
  parentId!: string | null;
  createdAt!: string;
  updatedAt!: string;
}

/** A person's employment at an organization; `dismissedOn` set once dismissed. */
export class EmploymentRow {
  id!: string;
  personId!: string;
  organizationId!: string;
  position!: string;
  hiredOn!: string;
  dismissedOn!: string | null;
  dismissalReason!: string | null;
  createdAt!: string;
}

const str = (fieldName: string, length: number, nullable = false) =>
  ({ type: 'string', length, fieldName, nullable }) as const;

export const PersonSchema = new EntitySchema<PersonRow>({
  class: PersonRow,
  tableName: 'person',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    lastName: str('last_name', 200),
    firstName: str('first_name', 200),
    middleName: str('middle_name', 200, true),
    inn: str('inn', 12, true),
    snils: str('snils', 11, true),
    birthDate: str('birth_date', 10, true),
    documentType: str('document_type', 10, true),
    documentSeries: str('document_series', 20, true),
    documentNumber: str('document_number', 40, true),
    documentIssuedBy: str('document_issued_by', 500, true),
    documentIssuedOn: str('document_issued_on', 10, true),
    createdAt: str('created_at', 32),
    updatedAt: str('updated_at', 32),
  },
});

export const OrganizationSchema = new EntitySchema<OrganizationRow>({
  class: OrganizationRow,
  tableName: 'organization',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: str('name', 1000),
    inn: str('inn', 12),
    kpp: str('kpp', 9, true),
    ogrn: str('ogrn', 13, true),
    ogrnip: str('ogrnip', 15, true),
    parentId: str('parent_id', 36, true),
    createdAt: str('created_at', 32),
    updatedAt: str('updated_at', 32),
  },
});

export const EmploymentSchema = new EntitySchema<EmploymentRow>({
  class: EmploymentRow,
  tableName: 'employment',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    personId: str('person_id', 36),
    organizationId: str('organization_id', 36),
    position: str('position', 500),
    hiredOn: str('hired_on', 10),
    dismissedOn: str('dismissed_on', 10, true),
    dismissalReason: str('dismissal_reason', 1000, true),
    createdAt: str('created_at', 32),
  },
});

export const personEntities = [PersonSchema, OrganizationSchema, EmploymentSchema];
