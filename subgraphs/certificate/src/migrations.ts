import { Migration, type NamedMigration } from '@mchd/subgraph-kit';

/** The certificate subgraph's first table; plain SQL for SQLite and PostgreSQL. */
export class CertificateInitMigration extends Migration {
  override up(): void {
    this.addSql(
      'create table "certificate" ("id" varchar(36) not null primary key, "thumbprint" varchar(40) not null, ' +
        '"serial_number" varchar(64) not null, "not_before" varchar(32) not null, "not_after" varchar(32) not null, ' +
        '"subject_common_name" varchar(500) null, "subject_inn" varchar(12) null, "subject_inn_le" varchar(10) null, ' +
        '"subject_snils" varchar(11) null, "subject_ogrn" varchar(15) null, "owner_person_id" varchar(36) null, ' +
        '"status" varchar(16) not null, "created_at" varchar(32) not null)',
    );
    this.addSql('create unique index "certificate_thumbprint_unique" on "certificate" ("thumbprint")');
    this.addSql('create index "certificate_owner_idx" on "certificate" ("owner_person_id")');
  }
}

export const certificateMigrations: readonly NamedMigration[] = [
  { name: '20261123000000_certificate_init', class: CertificateInitMigration },
];
