import { Migration, type NamedMigration } from '@mchd/subgraph-kit';

/** The power-of-attorney subgraph's first table; plain SQL for SQLite and PostgreSQL. */
export class PowerOfAttorneyInitMigration extends Migration {
  override up(): void {
    this.addSql(
      'create table "power_of_attorney" ("guid" varchar(36) not null primary key, "number" varchar(200) not null, ' +
        '"status" varchar(20) not null, "principal_inn" varchar(12) not null, "representative_inn" varchar(12) null, ' +
        '"representative_snils" varchar(11) null, "principal_person_id" varchar(36) null, ' +
        '"representative_person_id" varchar(36) null, "created_at" varchar(32) not null)',
    );
    this.addSql('create index "poa_principal_inn_idx" on "power_of_attorney" ("principal_inn")');
    this.addSql('create index "poa_principal_person_idx" on "power_of_attorney" ("principal_person_id")');
    this.addSql('create index "poa_representative_person_idx" on "power_of_attorney" ("representative_person_id")');
  }
}

export const powerOfAttorneyMigrations: readonly NamedMigration[] = [
  { name: '20261123000000_power_of_attorney_init', class: PowerOfAttorneyInitMigration },
];
