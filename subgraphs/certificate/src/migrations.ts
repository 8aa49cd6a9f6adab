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

/**
 * Certificates in full (issuer, DER, carrier, organization, revocation, acknowledgement, notices), requests and
 * their documents, the employee projection of the person feed, organization policies and the audit log.
 */
export class CertificateWorkflowMigration extends Migration {
  override up(): void {
    const columns = [
      `"issuer" varchar(1000) not null default ''`,
      '"der" text null',
      '"qualified" boolean not null default false',
      `"key_usage" varchar(500) not null default ''`,
      '"organization_inn" varchar(12) null',
      '"carrier_type" varchar(24) null',
      '"carrier_serial" varchar(100) null',
      '"request_id" varchar(36) null',
      `"source" varchar(16) not null default 'IMPORTED'`,
      '"revoked_at" varchar(32) null',
      '"revocation_reason" varchar(32) null',
      '"suspended_at" varchar(32) null',
      '"acknowledgement_due" varchar(32) null',
      '"acknowledged_at" varchar(32) null',
      '"notice_days" integer null',
      '"expired_notified" boolean not null default false',
      '"renewal_requested" boolean not null default false',
      '"created_by" varchar(200) null',
    ];
    for (const column of columns) this.addSql(`alter table "certificate" add column ${column}`);
    this.addSql('create index "certificate_expiry_idx" on "certificate" ("status", "not_after", "id")');
    this.addSql(
      'create index "certificate_org_expiry_idx" on "certificate" ("organization_inn", "status", "not_after", "id")',
    );
    this.addSql('create index "certificate_org_created_idx" on "certificate" ("organization_inn", "created_at", "id")');
    this.addSql('create index "certificate_subject_inn_idx" on "certificate" ("subject_inn")');
    this.addSql('create index "certificate_subject_snils_idx" on "certificate" ("subject_snils")');
    this.addSql(
      'create table "certificate_request" ("id" varchar(36) not null primary key, ' +
        '"organization_inn" varchar(12) not null, "person_id" varchar(36) null, "person_inn" varchar(12) null, ' +
        '"person_snils" varchar(11) null, "type" varchar(16) not null, "purpose" varchar(500) null, ' +
        '"carrier_type" varchar(24) null, "carrier_serial" varchar(100) null, "status" varchar(24) not null, ' +
        '"operator_comment" varchar(2000) null, "renewal_of" varchar(36) null, "certificate_id" varchar(36) null, ' +
        '"created_at" varchar(32) not null, "created_by" varchar(200) not null, "updated_at" varchar(32) not null, ' +
        '"submitted_at" varchar(32) null, "decided_at" varchar(32) null, "issued_at" varchar(32) null, ' +
        '"csr" text null)',
    );
    this.addSql('create index "certificate_request_org_idx" on "certificate_request" ("organization_inn", "id")');
    this.addSql('create index "certificate_request_person_idx" on "certificate_request" ("person_id")');
    this.addSql(
      'create table "request_document" ("id" varchar(36) not null primary key, "request_id" varchar(36) not null, ' +
        '"kind" varchar(32) not null, "state" varchar(16) not null, "comment" varchar(2000) null, ' +
        '"sha256" varchar(64) null, "updated_at" varchar(32) not null, "updated_by" varchar(200) null)',
    );
    this.addSql('create index "request_document_request_idx" on "request_document" ("request_id")');
    this.addSql(
      'create table "employee" ("employment_id" varchar(36) not null primary key, "person_id" varchar(36) not null, ' +
        '"inn" varchar(12) null, "snils" varchar(11) null, "organization_inn" varchar(12) not null, ' +
        '"position" varchar(500) not null, "active" boolean not null, "updated_at" varchar(32) not null)',
    );
    this.addSql('create index "employee_org_idx" on "employee" ("organization_inn", "position")');
    this.addSql('create index "employee_person_idx" on "employee" ("person_id")');
    this.addSql('create index "employee_inn_idx" on "employee" ("inn")');
    this.addSql('create index "employee_snils_idx" on "employee" ("snils")');
    this.addSql(
      'create table "organization_policy" ("organization_inn" varchar(12) not null primary key, ' +
        '"require_acknowledgement" boolean not null, "acknowledgement_days" integer not null, ' +
        '"auto_renew_days" integer null, "validity" text not null, "updated_at" varchar(32) not null, ' +
        '"updated_by" varchar(200) null)',
    );
    this.addSql(
      'create table "certificate_audit" ("id" varchar(36) not null primary key, "at" varchar(32) not null, ' +
        '"actor" varchar(200) not null, "action" varchar(64) not null, "target_id" varchar(36) not null, ' +
        '"details" text null)',
    );
    this.addSql('create index "certificate_audit_target_idx" on "certificate_audit" ("target_id", "at")');
  }
}

export const certificateMigrations: readonly NamedMigration[] = [
  { name: '20261123000000_certificate_init', class: CertificateInitMigration },
  { name: '20261123190000_certificate_workflow', class: CertificateWorkflowMigration },
];
