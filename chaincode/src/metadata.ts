/**
 * The plain-JSON shapes the registry contract reads and writes. They cross the Fabric wire as JSON strings, so they
 * hold only strings, numbers, booleans, arrays and objects — no Dates, no bigints.
 */

/** Re-delegation right of an MCHD (ПрПередов): 1 none, 2 once (the child may not re-delegate), 3 successive. */
export type Redelegation = 'none' | 'once' | 'successive';

/** Revocable (ВидДовер 1) or irrevocable (ВидДовер 2). */
export type PowerOfAttorneyKind = 'revocable' | 'irrevocable';

/** Identifiers of a principal (доверитель): an organization (INN 10, KPP, OGRN) or a person/entrepreneur (INN 12). */
export interface PrincipalIdentifiers {
  readonly inn: string;
  readonly kpp?: string;
  /** OGRN (13 digits) or OGRNIP (15 digits). */
  readonly ogrn?: string;
}

/** Identifiers of a representative (представитель): INN and/or SNILS (11 digits, no separators). */
export interface RepresentativeIdentifiers {
  readonly inn?: string;
  readonly snils?: string;
}

/** Terms of an irrevocable MCHD (Безотзыв). */
export interface Irrevocability {
  /**
   * Whether the document names conditions under which it may still be revoked (УслОтзыва/ОписУслОт). When false an
   * irrevocable MCHD cannot be revoked at all through the registry.
   */
  readonly revocableOnConditions: boolean;
  /** The conditions' text (ОписУслОт), up to 1000 characters. */
  readonly conditions?: string;
}

/**
 * What the power-of-attorney subgraph submits to `Register` for a verified MCHD. Hashes are lowercase hex computed
 * by the caller over the exact document and signature bytes.
 */
export interface PowerOfAttorneyMetadata {
  /** НомДовер when the document carries one; the contract derives one from the transaction id otherwise. */
  readonly guid?: string;
  /** The internal number (ВнНомДовер). */
  readonly number: string;
  /** Format marker, e.g. `EMCHD_1` (003) or `002`. */
  readonly format: string;
  /** Issue date (ДатаВыдДовер), `YYYY-MM-DD`. */
  readonly issuedOn: string;
  /** Last day of validity (СрокДейст), `YYYY-MM-DD`. */
  readonly validUntil: string;
  readonly principals: readonly PrincipalIdentifiers[];
  readonly representatives: readonly RepresentativeIdentifiers[];
  /** Machine-readable power codes (КодПолн); empty for text-only powers. */
  readonly powers: readonly string[];
  readonly redelegation: Redelegation;
  readonly kind: PowerOfAttorneyKind;
  /** Present when `kind` is `irrevocable`. */
  readonly irrevocability?: Irrevocability;
  /** The MCHD this one re-delegates (for a Передов). */
  readonly parentGuid?: string;
  /** The root of the chain (НомДоверПерв); derived from the parent when absent. */
  readonly rootGuid?: string;
  readonly documentSha256: string;
  readonly documentStreebog256: string;
  readonly signatureSha256: string;
  readonly signatureStreebog256: string;
  /** SHA-1 thumbprint of the signer's certificate, 40 hex digits. */
  readonly signerThumbprint: string;
}

/** Who submitted a transaction, as the contract saw it. */
export interface Actor {
  readonly mspId: string;
  /** `x509::/subject…::/issuer…` from the client identity. */
  readonly id: string;
}

/** A revocation as recorded on the ledger. */
export interface Revocation {
  readonly reason: string;
  /** When the revocation takes effect (ISO 8601); never later than the transaction time. */
  readonly revokedAt: string;
  /** Who asked for it (e.g. the applicant's INN or a user id), as given by the caller. */
  readonly by: string;
  /** For an irrevocable MCHD: the registrar asserted that the document's revocation conditions are met. */
  readonly irrevocableConditionMet?: boolean;
  readonly transactionId: string;
  /** Transaction time, ISO 8601. */
  readonly recordedAt: string;
  readonly recordedBy: Actor;
}

/** The ledger's record of one MCHD: its metadata plus what the ledger added. */
export interface PowerOfAttorneyRecord extends PowerOfAttorneyMetadata {
  readonly guid: string;
  /** Equals `guid` for a root MCHD. */
  readonly rootGuid: string;
  readonly registration: {
    readonly transactionId: string;
    /** Transaction time, ISO 8601. */
    readonly registeredAt: string;
    readonly registeredBy: Actor;
  };
  readonly revocation?: Revocation;
}

/** Input of `Revoke`. */
export interface RevocationRequest {
  readonly guid: string;
  /** Up to 500 characters (ПричОтз). */
  readonly reason: string;
  /** When the revocation takes effect; defaults to the transaction time; must not be later than it. */
  readonly revokedAt?: string;
  /** Who asked for the revocation. */
  readonly by: string;
  /** Required to revoke an irrevocable MCHD whose terms allow revocation on conditions. */
  readonly irrevocableConditionMet?: boolean;
}

/** Answer of `Register`. */
export interface RegistrationOutcome {
  readonly record: PowerOfAttorneyRecord;
  /** True when the same document and signature were registered before; `record` is then the earlier one. */
  readonly alreadyRegistered: boolean;
}

/** Answer of `Revoke`. */
export interface RevocationOutcome {
  readonly guid: string;
  readonly revokedAt: string;
  /** Descendants (not themselves revoked) that became invalid through this MCHD. */
  readonly affected: readonly string[];
  /** True when the MCHD was already revoked: nothing changed and `revokedAt` is the earlier revocation's. */
  readonly alreadyRevoked: boolean;
  readonly record: PowerOfAttorneyRecord;
}

/** Status of an MCHD at an instant. */
export type PowerOfAttorneyStatus = 'NOT_YET_VALID' | 'ACTIVE' | 'EXPIRED' | 'REVOKED' | 'PARENT_INVALID';

/** Answer of `StatusAt`. */
export interface StatusReport {
  readonly guid: string;
  /** The instant asked about, ISO 8601. */
  readonly at: string;
  readonly status: PowerOfAttorneyStatus;
  /** Start of validity: the issue date, 00:00 Moscow time (ISO 8601). */
  readonly validFrom: string;
  /** End of validity: the last day, 24:00 Moscow time (ISO 8601, exclusive). */
  readonly validUntil: string;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  /** For PARENT_INVALID: the nearest ancestor that was not active, and its own status. */
  readonly invalidAncestor?: { readonly guid: string; readonly status: PowerOfAttorneyStatus };
}

/** One change of an MCHD's record (`History`), oldest first. */
export interface HistoryEntry {
  readonly transactionId: string;
  /** Transaction time, ISO 8601. */
  readonly timestamp: string;
  readonly isDelete: boolean;
  /** The record as that transaction left it; absent for a delete. */
  readonly record?: PowerOfAttorneyRecord;
}

/** What one transaction changed for one MCHD. */
export type ChangeType = 'REGISTERED' | 'REVOKED' | 'PARENT_INVALIDATED';

export interface RegistryChange {
  readonly type: ChangeType;
  readonly guid: string;
  /** The new record for REGISTERED and REVOKED; absent for PARENT_INVALIDATED (its record did not change). */
  readonly record?: PowerOfAttorneyRecord;
  /** For PARENT_INVALIDATED: the revoked ancestor. */
  readonly cause?: string;
}

/** Payload of the one chaincode event a changing transaction emits (event name {@link REGISTRY_EVENT_NAME}). */
export interface RegistryEventPayload {
  readonly type: 'REGISTERED' | 'REVOKED';
  readonly transactionId: string;
  /** Transaction time, ISO 8601. */
  readonly timestamp: string;
  readonly actor: Actor;
  readonly changes: readonly RegistryChange[];
}

/** Name of the chaincode event every changing transaction sets. */
export const REGISTRY_EVENT_NAME = 'mchd.registry.changed';

/** Selector of `ByRepresentative`: exactly one of INN or SNILS. */
export interface RepresentativeSelector {
  readonly inn?: string;
  readonly snils?: string;
}
