import { Migration, type NamedMigration } from '@mchd/subgraph-kit';

/** The person subgraph's tables; plain SQL that runs on SQLite and PostgreSQL alike. */
export class PersonInitMigration extends Migration {
  override up(): void {
    this.addSql(
      'create table "person" ("id" varchar(36) not null primary key, "last_name" varchar(200) not null, ' +
        '"first_name" varchar(200) not null, "middle_name" varchar(200) null, "inn" varchar(12) null, ' +
        '"snils" varchar(11) null, "birth_date" varchar(10) null, "document_type" varchar(10) null, ' +
        '"document_series" varchar(20) null, "document_number" varchar(40) null, ' +
        '"document_issued_by" varchar(500) null, "document_issued_on" varchar(10) null, ' +
        '"created_at" varchar(32) not null, "updated_at" varchar(32) not null)',
    );
    this.addSql('create unique index "person_inn_unique" on "person" ("inn")');
    this.addSql('create unique index "person_snils_unique" on "person" ("snils")');
    this.addSql(
      'create table "organization" ("id" varchar(36) not null primary key, "name" varchar(1000) not null, ' +
        '"inn" varchar(12) not null, "kpp" varchar(9) null, "ogrn" varchar(13) null, "ogrnip" varchar(15) null, ' +
        '"parent_id" varchar(36) null references "organization" ("id"), ' +
        '"created_at" varchar(32) not null, "updated_at" varchar(32) not null)',
    );
    this.addSql('create unique index "organization_inn_unique" on "organization" ("inn")');
    this.addSql('create index "organization_parent_idx" on "organization" ("parent_id")');
    this.addSql(
      'create table "employment" ("id" varchar(36) not null primary key, ' +
        '"person_id" varchar(36) not null references "person" ("id"), ' +
        '"organization_id" varchar(36) not null references "organization" ("id"), ' +
        '"position" varchar(500) not null, "hired_on" varchar(10) not null, "dismissed_on" varchar(10) null, ' +
        '"dismissal_reason" varchar(1000) null, "created_at" varchar(32) not null)',
    );
    this.addSql('create index "employment_org_idx" on "employment" ("organization_id", "id")');
    this.addSql('create index "employment_person_idx" on "employment" ("person_id")');
  }
}

export const personMigrations: readonly NamedMigration[] = [
  { name: '20261123000000_person_init', class: PersonInitMigration },
];
