/**
 * The power-of-attorney domain model: English names for everything the EMCHD_1 schema carries. Dates are the
 * schema's `YYYY-MM-DD` strings, kept as written. Optional fields are absent (never `undefined`) when the
 * document lacks them, so that reading a built document gives back the same object.
 */

/** The formats the reader understands: EMCHD_1 (the unified format, "003") and the older B2B format 002. */
export type PowerOfAttorneyFormat = 'EMCHD_1' | '002';

/** Revocable (ВидДовер 1) or irrevocable (2). */
export type PowerOfAttorneyKind = 'revocable' | 'irrevocable';

/** ПрПередов: 1 no re-delegation, 2 once, 3 successive re-delegation allowed. */
export type RedelegationRight = 'none' | 'once' | 'successive';

/** ТипДоверит 1–4. */
export type PrincipalType = 'legalEntity' | 'foreignEntity' | 'entrepreneur' | 'person';

/** ТипПред 1–5 (also ТипПерПолн of the one who re-delegates). */
export type RepresentativeType = 'legalEntity' | 'entrepreneur' | 'person' | 'branch' | 'foreignBranch';

/** СтУчНД: the participant's status in a notarial act. */
export type NotaryParticipantStatus = '101' | '102' | '299' | '301' | '303' | '399';

/** ФИО. */
export interface FullName {
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string;
}

/** АдрТип: a region code and either a free-form or a FIAS address. */
export interface Address {
  /** Two-digit region code. */
  readonly region: string;
  readonly fiasId?: string;
  /** АдрРФ. */
  readonly text?: string;
  /** ФИАСАдрРФ. */
  readonly fiasText?: string;
}

/** ДокПдтв: the document confirming someone's authority (charter, decision…). */
export interface AuthorityDocument {
  readonly name?: string;
  readonly issuedOn?: string;
  readonly issuedBy?: string;
  readonly details?: string;
}

/** УдЛичнФЛ: an identity document. */
export interface IdentityDocument {
  /** Two-digit code of the document kind (21: Russian passport). */
  readonly kindCode: string;
  readonly seriesNumber: string;
  readonly issuedOn: string;
  readonly issuedBy?: string;
  /** Code of the issuing office (7 characters, e.g. `770-001`). */
  readonly issuerCode?: string;
  readonly expiresOn?: string;
}

/** СведФЛТип: a natural person's particulars. */
export interface PersonDetails extends FullName {
  readonly sex?: 'male' | 'female';
  /** ПрГражд: 1 Russian, 2 foreign, 3 stateless. */
  readonly citizenshipKind?: 'russian' | 'foreign' | 'stateless';
  /** НомЕРН: number in the unified population register (12 digits). */
  readonly ernNumber?: string;
  readonly birthDate?: string;
  readonly birthPlace?: string;
  /** ОКСМ country code. */
  readonly citizenship?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly residence?: Address;
  readonly identityDocument?: IdentityDocument;
}

/**
 * СвФЛТип: a person acting in a role (a head acting without a power of attorney, a representative, a branch head).
 */
export interface Individual {
  readonly inn?: string;
  /** 11 digits, normalized. */
  readonly snils?: string;
  readonly position?: string;
  readonly notaryStatus?: NotaryParticipantStatus;
  readonly authorityDocument?: AuthorityDocument;
  readonly person: PersonDetails;
}

/** СвОргТип: a Russian organization (or its branch). */
export interface Organization {
  readonly name: string;
  readonly inn?: string;
  readonly kpp: string;
  readonly ogrn?: string;
  readonly registrationNumber?: string;
  readonly foundingDocument?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly notaryStatus?: NotaryParticipantStatus;
  readonly authorityDocument?: AuthorityDocument;
  readonly address?: Address;
}

/** СвИнОргТип: a foreign organization or its branch (accredited representative office). */
export interface ForeignOrganization {
  readonly name: string;
  readonly inn?: string;
  readonly kpp?: string;
  /** НЗА: the accreditation record number (11 characters). */
  readonly accreditationNumber?: string;
  /** ОКСМ code of the country of registration. */
  readonly country?: string;
  readonly registrarName?: string;
  readonly registrationNumber?: string;
  readonly taxpayerCode?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly countryAddress?: string;
  readonly notaryStatus?: NotaryParticipantStatus;
  readonly actualAddress?: Address;
}

/** СведИПТип: an individual entrepreneur. */
export interface Entrepreneur {
  readonly name?: string;
  readonly ogrnip: string;
  readonly inn: string;
  /** 11 digits, normalized. */
  readonly snils: string;
  readonly notaryStatus?: NotaryParticipantStatus;
  readonly authorityDocument?: AuthorityDocument;
  readonly person: PersonDetails;
}

/** ЛицоБезДовТип: who acts for an organization without a power of attorney (its sole executive body). */
export interface ActingWithoutPowerOfAttorney {
  /** ПолнЮЛ: 1 acts alone, 2 jointly with others. */
  readonly authority: 'sole' | 'joint';
  /** СВЮЛ: a management company and the persons acting for it. */
  readonly managementCompany?: { readonly organization: Organization; readonly individuals: readonly Individual[] };
  readonly individual?: Individual;
  readonly entrepreneur?: Entrepreneur;
}

/** РосОргДоверТип: a Russian legal entity as principal (or as the one who re-delegates). */
export interface LegalEntityParty {
  readonly organization: Organization;
  /** ЕИОУК / ЕИОФЛ / ЕИОИП: who the sole executive body is. */
  readonly executiveIsManagementCompany: boolean;
  readonly executiveIsPerson: boolean;
  readonly executiveIsEntrepreneur: boolean;
  readonly actingWithoutPowerOfAttorney: readonly ActingWithoutPowerOfAttorney[];
}

/** ИнОргДоверТип: a foreign legal entity (or its branch) with its heads. */
export interface ForeignEntityParty {
  readonly organization: ForeignOrganization;
  readonly heads: readonly Individual[];
}

/** ФЛДоверТип: a natural person as principal. */
export interface PersonParty {
  readonly inn?: string;
  /** 11 digits, normalized. */
  readonly snils: string;
  readonly notaryStatus?: NotaryParticipantStatus;
  /** ПрДеесп: whether the person has full legal capacity. */
  readonly legallyCapable?: boolean;
  /** ПрНалРук: whether someone signs by hand on the person's behalf. */
  readonly hasHandSigner?: boolean;
  readonly incapacityDocument?: string;
  readonly person: PersonDetails;
  /** СвЗакПредРук: the legal representative. */
  readonly legalRepresentative?: ActingWithoutPowerOfAttorney;
}

/**
 * A principal (СвДоверит). The block named after `type` is present in a consistent document; the schema allows
 * any combination, and the model keeps what the document has.
 */
export interface Principal {
  readonly type: PrincipalType;
  readonly legalEntity?: LegalEntityParty;
  readonly foreignEntity?: ForeignEntityParty;
  readonly entrepreneur?: Entrepreneur;
  readonly person?: PersonParty;
}

/** A representative (СвУпПред, or СвПолучПолн in a re-delegation): the block named after `type`. */
export interface Representative {
  readonly type: RepresentativeType;
  readonly legalEntity?: Organization;
  readonly entrepreneur?: Entrepreneur;
  readonly person?: Individual;
  readonly branch?: Organization;
  readonly foreignBranch?: ForeignOrganization;
}

/** A restriction of a machine-readable power (ОгрСвПолн). */
export interface Restriction {
  /** ИдОгр: 1–999. */
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly valueName?: string;
  /** КодЗначОгр, or `valueText` (ТексЗначОгр): exactly one. */
  readonly valueCode?: string;
  readonly valueText?: string;
}

/** A machine-readable power (МашПолн) from the powers classifier. */
export interface Power {
  readonly code: string;
  readonly mnemonic?: string;
  readonly name: string;
  readonly restrictions: readonly Restriction[];
}

/** Безотзыв: the terms of an irrevocable power of attorney. */
export interface IrrevocabilityTerms {
  /** ПрПерБезДов (1 or 2). */
  readonly transferWithoutPowerOfAttorney: '1' | '2';
  /** УслОтзыва (1 or 2). */
  readonly revocationCondition: '1' | '2';
  readonly conditionText?: string;
}

/** СвНотДействТип / ВриоНотТип: the notary (or acting notary). */
export interface Notary {
  readonly position: string;
  readonly registryNumber: string;
  readonly name: FullName;
}

/** ПодпРукопис: a handwritten signature in a notarial act. */
export interface HandSignature {
  readonly pdfHash: string;
  readonly image: string;
  readonly signatureHash: string;
  /** ДатаВремПодп: Unix time, up to 10 digits, as written. */
  readonly signedAt: string;
  readonly responsible: FullName;
}

/** СвНотУд: the notarial certification. */
export interface NotaryCertification {
  readonly place: string;
  /** УплНотДейст: the fee, a decimal as written. */
  readonly fee: string;
  readonly feeBenefit?: string;
  readonly sendDocumentToEpgu?: boolean;
  readonly sendPowerToEpgu?: boolean;
  readonly sendApplicationToFnp?: boolean;
  readonly sendPowerToFnp?: boolean;
  readonly otherSystem?: string;
  readonly otherIssueMethod?: string;
  readonly extraInfo?: string;
  readonly inscription?: string;
  readonly notary: Notary;
  readonly handSignatures: readonly HandSignature[];
  readonly actingNotary?: Notary;
}

/** A principal of the root (or parent) power of attorney named in a re-delegation (СвДоверПерв). */
export interface PriorPrincipal {
  readonly type: PrincipalType;
  readonly legalEntity?: Organization;
  readonly foreignEntity?: ForeignOrganization;
  readonly entrepreneur?: Entrepreneur;
  readonly person?: PersonParty;
}

/** СвПервДоверТип: the root (СвПервДовер) or parent (СвПередов) power of attorney as a re-delegation cites it. */
export interface PriorPowerOfAttorney {
  /** ПрДовер (1 or 2). */
  readonly kindMark: '1' | '2';
  /** ФормДовер: 1 electronic, 2 paper. */
  readonly form: 'electronic' | 'paper';
  readonly issuedOn: string;
  readonly validUntil: string;
  /** The attribute pair this block does not map to the document's rootGuid/parentGuid. */
  readonly otherGuid?: string;
  readonly rootInternalNumber?: string;
  readonly internalNumber?: string;
  readonly rootNotaryNumber?: string;
  readonly notaryNumber?: string;
  readonly principals: readonly PriorPrincipal[];
  readonly notary?: Notary;
  readonly actingNotary?: Notary;
}

/** Who passes the powers on in a re-delegation (СвПередПолн). */
export interface Transferor {
  readonly type: RepresentativeType;
  readonly legalEntity?: LegalEntityParty;
  readonly entrepreneur?: Entrepreneur;
  readonly person?: {
    readonly inn: string;
    readonly snils: string;
    readonly notaryStatus?: NotaryParticipantStatus;
    readonly hasHandSigner?: boolean;
    readonly handSigner?: Individual;
    readonly person: PersonDetails;
  };
  readonly branch?: { readonly organization: Organization; readonly head: Individual };
  readonly foreignBranch?: ForeignEntityParty;
}

/** The re-delegation part of a Передов document. */
export interface RedelegationDetails {
  /** ПрНалПередов: 1 in a consistent document. */
  readonly mark: '0' | '1';
  /** СвПервДовер; its GUID is the document's `rootGuid`. */
  readonly root: PriorPowerOfAttorney;
  /** СвПередов, present when the parent is not the root; its GUID is the document's `parentGuid`. */
  readonly parent?: PriorPowerOfAttorney;
  readonly transferors: readonly Transferor[];
}

/** A power of attorney read from (or to be written as) an EMCHD_1 or 002 document. */
export interface PowerOfAttorneyDocument {
  readonly format: PowerOfAttorneyFormat;
  /** ИдФайл. */
  readonly fileId: string;
  readonly taxFileId?: string;
  readonly esiaOid?: string;
  /** ПрЭлФорм: eight binary flags. */
  readonly formFlags: string;
  readonly otherInfo?: string;
  /** КНД of the form. */
  readonly formCode?: string;
  /** НомДовер: the registry GUID (absent only when the reader was told to allow it). */
  readonly guid?: string;
  /** ВнНомДовер: the principal's own number. */
  readonly internalNumber: string;
  readonly additionalId?: string;
  readonly notaryRegisterNumber?: string;
  readonly internalRegisteredOn?: string;
  readonly kind: PowerOfAttorneyKind;
  readonly redelegation: RedelegationRight;
  readonly issuedOn: string;
  readonly validUntil: string;
  /** КодНО and КодНОДейст: tax authorities the document is for. */
  readonly taxAuthority?: string;
  readonly taxAuthorities: readonly string[];
  /** СведСист: where the document is stored (e.g. the FNS registry check URL). */
  readonly systemInfo: string;
  readonly irrevocability?: IrrevocabilityTerms;
  /** Empty for a re-delegation: its principals are those of the root (see `redelegated.root.principals`). */
  readonly principals: readonly Principal[];
  readonly representatives: readonly Representative[];
  /** ТипПолн: text or machine-readable powers. */
  readonly powersType: 'text' | 'machine';
  /** ПрСовмПолн: representatives act individually or jointly. */
  readonly jointExercise: 'individual' | 'joint';
  /** ПрУтрПолн (1 or 2). */
  readonly powersLostOnRedelegation?: '1' | '2';
  readonly powersText?: string;
  readonly powers: readonly Power[];
  readonly notarization?: NotaryCertification;
  /** The root MCHD's GUID, for a re-delegation. */
  readonly rootGuid?: string;
  /** The parent MCHD's GUID, for a re-delegation (equal to `rootGuid` when the parent is the root). */
  readonly parentGuid?: string;
  readonly redelegated?: RedelegationDetails;
}
