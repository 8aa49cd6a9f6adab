import { dialectOf, Migration, serialPrimaryKey, type NamedMigration } from '@mchd/subgraph-kit';

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

const ADDED_COLUMNS: readonly [string, string][] = [
  ['format', 'varchar(16)'],
  ['issued_on', 'varchar(10)'],
  ['valid_until', 'varchar(10)'],
  ['valid_until_at', 'varchar(32)'],
  ['redelegation', 'varchar(16)'],
  ['kind', 'varchar(16)'],
  ['parent_guid', 'varchar(36)'],
  ['root_guid', 'varchar(36)'],
  ['powers', 'text'],
  ['principal_inns', 'text'],
  ['representative_ids', 'text'],
  ['revoked_at', 'varchar(32)'],
  ['revocation_reason', 'text'],
  ['revoked_by', 'varchar(200)'],
  ['revocation_transaction_id', 'varchar(128)'],
  ['transaction_id', 'varchar(128)'],
  ['block_number', 'integer'],
  ['registered_at', 'varchar(32)'],
  ['document_sha256', 'varchar(64)'],
  ['signer_thumbprint', 'varchar(40)'],
  ['record', 'text'],
  ['expired_logged', 'boolean'],
];

/**
 * The registry index: the ledger record's fields on `power_of_attorney` (nullable, added one by one so that
 * both databases accept them), the document store, the subscription event log and the projection's state.
 */
export class PowerOfAttorneyRegistryMigration extends Migration {
  override up(): void {
    for (const [name, type] of ADDED_COLUMNS) {
      this.addSql(`alter table "power_of_attorney" add column "${name}" ${type} null`);
    }
    this.addSql('create index "poa_parent_idx" on "power_of_attorney" ("parent_guid")');
    this.addSql('create index "poa_representative_inn_idx" on "power_of_attorney" ("representative_inn")');
    this.addSql('create index "poa_representative_snils_idx" on "power_of_attorney" ("representative_snils")');
    this.addSql('create index "poa_valid_until_at_idx" on "power_of_attorney" ("valid_until_at")');
    this.addSql(
      'create table "poa_document" ("document_sha256" varchar(64) not null primary key, "guid" varchar(36) null, ' +
        '"document" text not null, "signature" text not null, "details" text not null, "signer" text not null, ' +
        '"stored_at" varchar(32) not null)',
    );
    this.addSql('create index "poa_document_guid_idx" on "poa_document" ("guid")');
    this.addSql(
      `create table "poa_event" ("seq" ${serialPrimaryKey(dialectOf(this))}, "dedup_key" varchar(250) not null, ` +
        '"type" varchar(32) not null, "guid" varchar(36) not null, "at" varchar(32) not null, ' +
        '"transaction_id" varchar(128) null, "block_number" integer null, "principal_inns" text not null, ' +
        '"representative_ids" text not null, "cause" varchar(36) null)',
    );
    this.addSql('create unique index "poa_event_dedup_idx" on "poa_event" ("dedup_key")');
    this.addSql('create index "poa_event_guid_idx" on "poa_event" ("guid")');
    this.addSql(
      'create table "poa_projection_state" ("name" varchar(64) not null primary key, "value" text not null, ' +
        '"lease_owner" varchar(128) null, "lease_until" varchar(32) null)',
    );
  }
}

/** The expiry scheduler looks for rows not yet logged whose validity ended: index exactly that. */
export class PowerOfAttorneyExpiryIndexMigration extends Migration {
  override up(): void {
    this.addSql('create index "poa_expiry_idx" on "power_of_attorney" ("expired_logged", "valid_until_at")');
  }
}

export const powerOfAttorneyMigrations: readonly NamedMigration[] = [
  { name: '20261123000000_power_of_attorney_init', class: PowerOfAttorneyInitMigration },
  { name: '20261123180000_power_of_attorney_registry', class: PowerOfAttorneyRegistryMigration },
  { name: '20261123190000_power_of_attorney_expiry_index', class: PowerOfAttorneyExpiryIndexMigration },
];
