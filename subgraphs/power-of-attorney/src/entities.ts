import { EntitySchema } from '@mikro-orm/core';

/**
 * The power-of-attorney index row: a projection of the ledger record (filled by the {@link Projection}).
 * Dates are `YYYY-MM-DD`, instants RFC 3339 strings, lists `|`-delimited (`|a|b|`) so that both databases can
 * search them with `like`. Columns added after the first migration are nullable: a row written by an older
 * version (only the first nine columns) still reads.
 */
export class PowerOfAttorneyRow {
  guid!: string;
  number!: string;
  /** Status when the projection last wrote the row (the answer is always computed from the dates). */
  status!: string;
  /** INN of the first principal (for a re-delegation: of the root's principal). */
  principalInn!: string;
  representativeInn!: string | null;
  representativeSnils!: string | null;
  /** Person subgraph id of the principal's signatory, when known. */
  principalPersonId!: string | null;
  /** Person subgraph id of the representative, when known. */
  representativePersonId!: string | null;
  createdAt!: string;
  format?: string | null;
  issuedOn?: string | null;
  validUntil?: string | null;
  /** End of validity as an instant (exclusive), for the expiry scheduler. */
  validUntilAt?: string | null;
  redelegation?: string | null;
  kind?: string | null;
  parentGuid?: string | null;
  rootGuid?: string | null;
  /** `|`-delimited power codes. */
  powers?: string | null;
  /** `|`-delimited INNs of all principals. */
  principalInns?: string | null;
  /** `|`-delimited INNs and SNILS of all representatives. */
  representativeIds?: string | null;
  revokedAt?: string | null;
  revocationReason?: string | null;
  revokedBy?: string | null;
  revocationTransactionId?: string | null;
  transactionId?: string | null;
  blockNumber?: number | null;
  registeredAt?: string | null;
  documentSha256?: string | null;
  signerThumbprint?: string | null;
  /** The ledger record as JSON. */
  record?: string | null;
  /** Set once the EXPIRED event of this row is in the event log. */
  expiredLogged?: boolean | null;
}

/** The original bytes of a registered document and what was read from it (the document store). */
export class StoredDocumentRow {
  documentSha256!: string;
  guid!: string | null;
  /** The document, base64. */
  document!: string;
  /** The detached signature, base64. */
  signature!: string;
  /** The parsed document (`PowerOfAttorneyDocument`) as JSON. */
  details!: string;
  /** The signer certificate's particulars as JSON ({@link SignerDetails}). */
  signer!: string;
  storedAt!: string;
}

/** One event of the subscription log; `seq` only grows and is the cursor clients see. */
export class PowerOfAttorneyEventRow {
  seq!: number;
  /** `TYPE:guid:transaction` (or `EXPIRED:guid:validUntil`): the same event is logged once. */
  dedupKey!: string;
  type!: string;
  guid!: string;
  at!: string;
  transactionId!: string | null;
  blockNumber!: number | null;
  /** `|`-delimited principal INNs. */
  principalInns!: string;
  /** `|`-delimited representative INNs and SNILS. */
  representativeIds!: string;
  /** For PARENT_INVALIDATED: the revoked ancestor. */
  cause!: string | null;
}

/** A named position or lease: the ledger checkpoint of the projection and the lease that makes one instance its writer. */
export class ProjectionStateRow {
  name!: string;
  value!: string;
  leaseOwner!: string | null;
  leaseUntil!: string | null;
}

const str = (fieldName: string, length: number, nullable = false) =>
  ({ type: 'string', length, fieldName, nullable }) as const;
const opt = (fieldName: string, length: number) => ({ ...str(fieldName, length, true), nullable: true }) as const;
const text = (fieldName: string, nullable = true) => ({ type: 'text', fieldName, nullable }) as const;

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
    format: opt('format', 16),
    issuedOn: opt('issued_on', 10),
    validUntil: opt('valid_until', 10),
    validUntilAt: opt('valid_until_at', 32),
    redelegation: opt('redelegation', 16),
    kind: opt('kind', 16),
    parentGuid: opt('parent_guid', 36),
    rootGuid: opt('root_guid', 36),
    powers: text('powers'),
    principalInns: text('principal_inns'),
    representativeIds: text('representative_ids'),
    revokedAt: opt('revoked_at', 32),
    revocationReason: text('revocation_reason'),
    revokedBy: opt('revoked_by', 200),
    revocationTransactionId: opt('revocation_transaction_id', 128),
    transactionId: opt('transaction_id', 128),
    blockNumber: { type: 'integer', fieldName: 'block_number', nullable: true },
    registeredAt: opt('registered_at', 32),
    documentSha256: opt('document_sha256', 64),
    signerThumbprint: opt('signer_thumbprint', 40),
    record: text('record'),
    expiredLogged: { type: 'boolean', fieldName: 'expired_logged', nullable: true },
  },
});

export const StoredDocumentSchema = new EntitySchema<StoredDocumentRow>({
  class: StoredDocumentRow,
  tableName: 'poa_document',
  properties: {
    documentSha256: { type: 'string', length: 64, primary: true, fieldName: 'document_sha256' },
    guid: opt('guid', 36),
    document: text('document', false),
    signature: text('signature', false),
    details: text('details', false),
    signer: text('signer', false),
    storedAt: str('stored_at', 32),
  },
});

export const PowerOfAttorneyEventSchema = new EntitySchema<PowerOfAttorneyEventRow>({
  class: PowerOfAttorneyEventRow,
  tableName: 'poa_event',
  properties: {
    seq: { type: 'integer', primary: true, autoincrement: true },
    dedupKey: str('dedup_key', 250),
    type: str('type', 32),
    guid: str('guid', 36),
    at: str('at', 32),
    transactionId: opt('transaction_id', 128),
    blockNumber: { type: 'integer', fieldName: 'block_number', nullable: true },
    principalInns: text('principal_inns', false),
    representativeIds: text('representative_ids', false),
    cause: opt('cause', 36),
  },
});

export const ProjectionStateSchema = new EntitySchema<ProjectionStateRow>({
  class: ProjectionStateRow,
  tableName: 'poa_projection_state',
  properties: {
    name: { type: 'string', length: 64, primary: true },
    value: text('value', false),
    leaseOwner: opt('lease_owner', 128),
    leaseUntil: opt('lease_until', 32),
  },
});

/** Every entity schema of the subgraph. */
export const powerOfAttorneyEntities = [
  PowerOfAttorneySchema,
  StoredDocumentSchema,
  PowerOfAttorneyEventSchema,
  ProjectionStateSchema,
];
