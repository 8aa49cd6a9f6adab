import 'reflect-metadata';
import { GuidScalar } from '@mchd/subgraph-kit';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** Status of a power of attorney. */
export enum PowerOfAttorneyStatus {
  NOT_YET_VALID = 'NOT_YET_VALID',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  PARENT_INVALID = 'PARENT_INVALID',
}
registerEnumType(PowerOfAttorneyStatus, {
  name: 'PowerOfAttorneyStatus',
  description: 'Status of a power of attorney: a function of its ledger state and the time.',
  valuesConfig: {
    NOT_YET_VALID: { description: 'Its validity has not begun.' },
    ACTIVE: { description: 'Valid now.' },
    EXPIRED: { description: 'Its validity is over.' },
    REVOKED: { description: 'Revoked.' },
    PARENT_INVALID: { description: 'A re-delegation whose parent (or an ancestor) is revoked or expired.' },
  },
});

/** The role a person plays in a power of attorney. */
export enum PowerOfAttorneyRole {
  PRINCIPAL = 'PRINCIPAL',
  REPRESENTATIVE = 'REPRESENTATIVE',
}
registerEnumType(PowerOfAttorneyRole, {
  name: 'PowerOfAttorneyRole',
  description: 'Which side of a power of attorney a person is on.',
  valuesConfig: {
    PRINCIPAL: { description: 'The person signs for the principal (доверитель).' },
    REPRESENTATIVE: { description: 'The person is the representative (представитель).' },
  },
});

@ObjectType({ description: 'A machine-readable power of attorney (МЧД) registered in the ledger.' })
@Directive('@key(fields: "guid")')
export class PowerOfAttorney {
  @Field(() => GuidScalar, { description: 'The document GUID.' })
  guid!: string;

  @Field({ description: 'The document number given by the principal.' })
  number!: string;

  @Field(() => PowerOfAttorneyStatus, { description: 'Status now.' })
  status!: PowerOfAttorneyStatus;
}

@ObjectType('Person', {
  description: 'A natural person (owned by the person subgraph); here: their powers of attorney.',
})
@Directive('@key(fields: "id")')
export class PersonWithPowers {
  @Field(() => ID, { description: 'The person id (person subgraph).' })
  id!: string;
}

@ObjectType('Organization', {
  description: 'An organization (owned by the person subgraph); here: its powers of attorney.',
})
@Directive('@key(fields: "inn")')
export class OrganizationWithPowers {
  @Field({ description: 'INN of the organization.' })
  inn!: string;
}
