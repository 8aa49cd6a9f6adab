import { EntitySchema } from '@mikro-orm/core';

/**
 * The power-of-attorney index row (a projection of the ledger, filled by the power-of-attorney issue).
 * `principalInns` and `representative*` keep the parties for the `Person`/`Organization` lists.
 */
export class PowerOfAttorneyRow {
  guid!: string;
  number!: string;
  status!: string;
  principalInn!: string;
  representativeInn!: string | null;
  representativeSnils!: string | null;
  /** Person subgraph id of the principal's signatory, when matched. */
  principalPersonId!: string | null;
  /** Person subgraph id of the representative, when matched. */
  representativePersonId!: string | null;
  createdAt!: string;
}

const str = (fieldName: string, length: number, nullable = false) =>
  ({ type: 'string', length, fieldName, nullable }) as const;

export const PowerOfAttorneySchema = new EntitySchema<PowerOfAttorneyRow>({
  class: PowerOfAttorneyRow,
  tableName: 'power_of_attorney',
  properties: {
    guid: { type: 'string', length: 36, primary: true },
    number: str('number', 200),
    status: str('status', 20),
    principalInn: str('principal_inn', 12),
    representativeInn: str('representative_inn', 12, true),
    representativeSnils: str('representative_snils', 11, true),
    principalPersonId: str('principal_person_id', 36, true),
    representativePersonId: str('representative_person_id', 36, true),
    createdAt: str('created_at', 32),
  },
});
