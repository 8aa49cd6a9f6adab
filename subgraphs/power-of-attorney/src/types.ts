import 'reflect-metadata';
import { Base64Scalar, connectionType, DateScalar, DateTimeScalar, GuidScalar } from '@mchd/subgraph-kit';
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Visibility } from './access.js';
import type { PowerOfAttorneyRow } from './entities.js';

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

/** Status answered by `checkPowerOfAttorney`: a {@link PowerOfAttorneyStatus} or NOT_FOUND. */
export enum PowerOfAttorneyCheckStatus {
  NOT_FOUND = 'NOT_FOUND',
  NOT_YET_VALID = 'NOT_YET_VALID',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  PARENT_INVALID = 'PARENT_INVALID',
}
registerEnumType(PowerOfAttorneyCheckStatus, {
  name: 'PowerOfAttorneyCheckStatus',
  description: 'The answer of a status check.',
  valuesConfig: {
    NOT_FOUND: { description: 'No power of attorney with this GUID is registered for this principal.' },
    NOT_YET_VALID: { description: 'Its validity has not begun at the instant.' },
    ACTIVE: { description: 'Valid at the instant.' },
    EXPIRED: { description: 'Its validity was over at the instant.' },
    REVOKED: { description: 'Revoked at the instant.' },
    PARENT_INVALID: { description: 'An ancestor in its re-delegation chain was revoked or expired at the instant.' },
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

/** Kinds of subscription events. */
export enum PowerOfAttorneyEventType {
  REGISTERED = 'REGISTERED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
  PARENT_INVALIDATED = 'PARENT_INVALIDATED',
}
registerEnumType(PowerOfAttorneyEventType, {
  name: 'PowerOfAttorneyEventType',
  description: 'What happened to a power of attorney.',
  valuesConfig: {
    REGISTERED: { description: 'Registered on the ledger.' },
    REVOKED: { description: 'Revoked on the ledger.' },
    EXPIRED: { description: 'Its validity ended (from the scheduler; no ledger transaction).' },
    PARENT_INVALIDATED: { description: 'An ancestor was revoked: this re-delegation is no longer valid.' },
  },
});

/** Why a representative may not sign. */
export enum SigningAuthorityReason {
  NO_POWER_OF_ATTORNEY = 'NO_POWER_OF_ATTORNEY',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  PARENT_INVALID = 'PARENT_INVALID',
  POWER_MISSING = 'POWER_MISSING',
  RESTRICTION_NOT_MET = 'RESTRICTION_NOT_MET',
}
registerEnumType(SigningAuthorityReason, {
  name: 'SigningAuthorityReason',
  description: 'Why signing is not allowed.',
  valuesConfig: {
    NO_POWER_OF_ATTORNEY: { description: 'No power of attorney names this representative for this principal.' },
    NOT_YET_VALID: { description: 'The powers of attorney found are not yet valid at the instant.' },
    EXPIRED: { description: 'The powers of attorney found had expired at the instant.' },
    REVOKED: { description: 'The powers of attorney found were revoked at the instant.' },
    PARENT_INVALID: { description: 'An ancestor of the re-delegation was revoked or expired at the instant.' },
    POWER_MISSING: { description: 'An active power of attorney exists, but without this power.' },
    RESTRICTION_NOT_MET: { description: 'The power is held, but its restrictions exclude the given values.' },
  },
});

/** Re-delegation right. */
export enum RedelegationRight {
  NONE = 'none',
  ONCE = 'once',
  SUCCESSIVE = 'successive',
}
registerEnumType(RedelegationRight, {
  name: 'RedelegationRight',
  description: 'Whether the representative may re-delegate (ПрПередов).',
  valuesConfig: {
    NONE: { description: 'No re-delegation.' },
    ONCE: { description: 'Once: the re-delegation may not be re-delegated again.' },
    SUCCESSIVE: { description: 'Successive re-delegation allowed.' },
  },
});

/** The Certificate entity of the certificate subgraph (a reference by thumbprint). */
@ObjectType('Certificate', { description: 'A certificate (owned by the certificate subgraph).' })
@Directive('@key(fields: "thumbprint", resolvable: false)')
export class CertificateReference {
  @Field({ description: 'SHA-1 thumbprint, 40 lowercase hexadecimal digits.' })
  thumbprint!: string;
}

@ObjectType('Organization', {
  description: 'An organization (owned by the person subgraph); here: its powers of attorney.',
})
@Directive('@key(fields: "inn")')
export class OrganizationWithPowers {
  @Field({ description: 'INN of the organization.' })
  inn!: string;
}

@ObjectType('Person', {
  description: 'A natural person (owned by the person subgraph); here: their powers of attorney.',
})
@Directive('@key(fields: "id")')
export class PersonWithPowers {
  @Field(() => ID, { description: 'The person id (person subgraph).' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Personal INN (person subgraph).' })
  @Directive('@external')
  inn?: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS (person subgraph).' })
  @Directive('@external')
  snils?: string | null;
}

@ObjectType({ description: 'A person named in a power of attorney (a signatory or a representative).' })
export class NamedPerson {
  @Field(() => String, { nullable: true, description: 'Personal INN.' })
  inn!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SNILS, 11 digits. Personal data: null unless the caller may see it.',
  })
  snils!: string | null;

  @Field(() => String, { nullable: true, description: 'Surname.' })
  lastName!: string | null;

  @Field(() => String, { nullable: true, description: 'Given name.' })
  firstName!: string | null;

  @Field(() => String, { nullable: true, description: 'Patronymic.' })
  middleName!: string | null;

  @Field(() => String, { nullable: true, description: 'Position (for a signatory).' })
  position!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Date of birth. Personal data: null unless the caller may see it.',
  })
  birthDate!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Identity document (kind code, series and number). Personal data: null unless the caller may see it.',
  })
  identityDocument!: string | null;
}

@ObjectType({ description: 'A principal (доверитель).' })
export class Principal {
  @Field({ description: 'legalEntity, foreignEntity, entrepreneur or person.' })
  type!: string;

  @Field(() => String, { nullable: true, description: 'Name of the organization or entrepreneur.' })
  name!: string | null;

  @Field({ description: 'INN.' })
  inn!: string;

  @Field(() => String, { nullable: true, description: 'KPP of an organization.' })
  kpp!: string | null;

  @Field(() => String, { nullable: true, description: 'OGRN or OGRNIP.' })
  ogrn!: string | null;

  @Field(() => [NamedPerson], { description: 'Who acts for the principal without a power of attorney (signatories).' })
  signatories!: NamedPerson[];

  @Field(() => OrganizationWithPowers, { nullable: true, description: 'The organization (person subgraph), by INN.' })
  organization!: OrganizationWithPowers | null;
}

@ObjectType({ description: 'A representative (представитель).' })
export class Representative {
  @Field({ description: 'person, entrepreneur, legalEntity, branch or foreignBranch.' })
  type!: string;

  @Field(() => String, { nullable: true, description: 'Name of an organization, branch or entrepreneur.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'INN (of the person or organization).' })
  inn!: string | null;

  @Field(() => NamedPerson, { nullable: true, description: 'The person, for a person or entrepreneur.' })
  person!: NamedPerson | null;
}

@ObjectType({ description: 'A restriction of a power (ОгрСвПолн).' })
export class PowerRestriction {
  @Field({ description: 'Restriction code, e.g. LIM_01.' })
  code!: string;

  @Field({ description: 'Restriction name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Value code (КодЗначОгр).' })
  valueCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Value as text (ТексЗначОгр).' })
  valueText!: string | null;

  @Field(() => String, { nullable: true, description: 'Value name.' })
  valueName!: string | null;
}

@ObjectType({ description: 'A machine-readable power (МашПолн).' })
export class Power {
  @Field({ description: 'Code from the powers classifier (КодПолн).' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Mnemonic (МнПолн).' })
  mnemonic!: string | null;

  @Field(() => String, { nullable: true, description: 'Name (НаимПолн); null when only the code is known.' })
  name!: string | null;

  @Field(() => [PowerRestriction], { description: 'Restrictions.' })
  restrictions!: PowerRestriction[];
}

@ObjectType({ description: 'The signer of the registered document.' })
export class Signer {
  @Field({ description: "The signing certificate's subject." })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'Common name.' })
  commonName!: string | null;

  @Field({ description: 'SHA-1 thumbprint of the signing certificate, lowercase hex.' })
  thumbprint!: string;

  @Field(() => String, { nullable: true, description: 'Serial number (hex).' })
  serialNumber!: string | null;

  @Field(() => String, { nullable: true, description: "The certificate issuer's name." })
  issuer!: string | null;

  @Field(() => String, { nullable: true, description: 'Personal INN in the certificate.' })
  inn!: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS in the certificate. Personal data: null unless allowed.' })
  snils!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Start of the certificate validity.' })
  notBefore!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'End of the certificate validity.' })
  notAfter!: Date | null;

  @Field(() => String, { nullable: true, description: 'Signature algorithm.' })
  algorithm!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Signing time (time stamp, else signing-time attribute).',
  })
  signedAt!: Date | null;

  @Field(() => CertificateReference, { description: 'The certificate entity (certificate subgraph), by thumbprint.' })
  certificate!: CertificateReference;
}

@ObjectType({ description: 'Where the registration is on the ledger.' })
export class LedgerReference {
  @Field({ description: 'The registering transaction.' })
  transactionId!: string;

  @Field(() => Int, { nullable: true, description: 'Its block.' })
  blockNumber!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Transaction time.' })
  registeredAt!: Date | null;

  @Field({ description: 'SHA-256 of the document bytes, hex.' })
  documentHash!: string;

  @Field(() => String, { nullable: true, description: 'Streebog-256 of the document bytes, hex.' })
  documentStreebog256!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the signature bytes, hex.' })
  signatureHash!: string | null;

  @Field(() => String, { nullable: true, description: 'Streebog-256 of the signature bytes, hex.' })
  signatureStreebog256!: string | null;
}

@ObjectType({ description: 'One change of a power of attorney on the ledger.' })
export class PowerOfAttorneyHistoryEntry {
  @Field(() => PowerOfAttorneyEventType, { description: 'REGISTERED or REVOKED.' })
  type!: PowerOfAttorneyEventType;

  @Field({ description: 'The transaction.' })
  transactionId!: string;

  @Field(() => Int, { description: 'Its block.' })
  blockNumber!: number;

  @Field(() => DateTimeScalar, { description: 'Transaction time.' })
  at!: Date;

  @Field(() => String, { nullable: true, description: 'Revocation reason, for REVOKED.' })
  reason!: string | null;
}

/**
 * A machine-readable power of attorney. The runtime object carries the index row and the caller's visibility;
 * field resolvers read the stored document and the ledger through the services.
 */
@ObjectType({ description: 'A machine-readable power of attorney (МЧД) registered in the ledger.' })
@Directive('@key(fields: "guid")')
export class PowerOfAttorney {
  @Field(() => GuidScalar, { description: 'The document GUID (НомДовер).' })
  guid!: string;

  @Field({ description: 'The document number given by the principal (ВнНомДовер).' })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Format: EMCHD_1 (003) or 002.' })
  format!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Issue date.' })
  issuedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of validity.' })
  validUntil!: string | null;

  @Field(() => String, { nullable: true, description: 'revocable or irrevocable.' })
  kind!: string | null;

  @Field(() => RedelegationRight, { nullable: true, description: 'The re-delegation right it grants.' })
  redelegation!: RedelegationRight | null;

  @Field(() => GuidScalar, { nullable: true, description: 'The parent MCHD, for a re-delegation.' })
  parentGuid!: string | null;

  @Field(() => GuidScalar, { nullable: true, description: 'The root of its chain (itself for a root MCHD).' })
  rootGuid!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the revocation took effect.' })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The revocation reason.' })
  revocationReason!: string | null;

  /** The index row (not a GraphQL field). */
  row!: PowerOfAttorneyRow;
  /** What the caller may see (not a GraphQL field). */
  visibility!: Visibility;
}

@ObjectType({ description: "An operator's status check of one MCHD for one principal." })
export class PowerOfAttorneyCheck {
  @Field(() => GuidScalar, { description: 'The GUID asked about.' })
  guid!: string;

  @Field(() => PowerOfAttorneyCheckStatus, { description: 'Status at `checkedAt`.' })
  status!: PowerOfAttorneyCheckStatus;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Start of validity (issue date 00:00 Moscow time).' })
  validFrom!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'End of validity (exclusive: the day after the last).' })
  validUntil!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked, if it was.' })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was revoked.' })
  revocationReason!: string | null;

  @Field(() => GuidScalar, { nullable: true, description: 'For PARENT_INVALID: the ancestor that is not active.' })
  invalidAncestor!: string | null;

  @Field(() => DateTimeScalar, { description: 'The instant the status is for.' })
  checkedAt!: Date;
}

@InputType({ description: 'A document and its detached signature to register.' })
export class RegisterPowerOfAttorneyInput {
  @Field(() => Base64Scalar, { description: 'The XML bytes (UTF-8 or windows-1251), base64.' })
  document!: Buffer;

  @Field(() => Base64Scalar, { description: 'The detached CMS signature (DER, PEM or base64 text), base64.' })
  signature!: Buffer;
}

@ObjectType({ description: 'The answer of a registration.' })
export class RegisterPowerOfAttorneyPayload {
  @Field(() => GuidScalar, { description: 'The registered GUID.' })
  guid!: string;

  @Field(() => PowerOfAttorneyStatus, { description: 'Status now.' })
  status!: PowerOfAttorneyStatus;

  @Field({ description: 'The ledger transaction.' })
  transactionId!: string;

  @Field(() => Int, { description: 'Its block.' })
  blockNumber!: number;

  @Field({ description: 'True when this document and signature were registered before (nothing changed).' })
  alreadyRegistered!: boolean;

  @Field(() => PowerOfAttorney, { description: 'The registered power of attorney.' })
  powerOfAttorney!: PowerOfAttorney;
}

@InputType({ description: 'What to revoke and why; with a signed application, or as a registrar.' })
export class RevokePowerOfAttorneyInput {
  @Field(() => GuidScalar, { description: 'The MCHD to revoke.' })
  guid!: string;

  @Field({ description: 'The reason (1-500 characters), recorded on the ledger.' })
  reason!: string;

  @Field(() => Base64Scalar, { nullable: true, description: 'A revocation application (XML), base64.' })
  application?: Buffer | null;

  @Field(() => Base64Scalar, { nullable: true, description: "The application's detached signature, base64." })
  signature?: Buffer | null;
}

@ObjectType({ description: 'The answer of a revocation.' })
export class RevokePowerOfAttorneyPayload {
  @Field(() => GuidScalar, { description: 'The revoked GUID.' })
  guid!: string;

  @Field(() => DateTimeScalar, { description: 'When the revocation takes effect.' })
  revokedAt!: Date;

  @Field({ description: 'The ledger transaction.' })
  transactionId!: string;

  @Field(() => Int, { description: 'Its block.' })
  blockNumber!: number;

  @Field(() => [GuidScalar], { description: 'Descendants whose chain became invalid.' })
  affected!: string[];
}

@InputType({ description: 'Filters of the power-of-attorney search; every given one must match.' })
export class PowerOfAttorneyFilter {
  @Field(() => String, { nullable: true, description: 'A principal INN.' })
  principalInn?: string | null;

  @Field(() => String, { nullable: true, description: 'A representative INN.' })
  representativeInn?: string | null;

  @Field(() => String, { nullable: true, description: 'A representative SNILS (11 digits).' })
  representativeSnils?: string | null;

  @Field(() => PowerOfAttorneyStatus, { nullable: true, description: 'Status now.' })
  status?: PowerOfAttorneyStatus | null;

  @Field(() => DateScalar, { nullable: true, description: 'Issued on or after.' })
  issuedFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Issued on or before.' })
  issuedTo?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Valid (by its dates) on this day.' })
  validOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Holds this power code.' })
  powerCode?: string | null;
}

export const PowerOfAttorneyConnection = connectionType('PowerOfAttorney', PowerOfAttorney, 'powers of attorney');

@InputType({ description: 'Which events a subscription wants; every given part must match.' })
export class PowerOfAttorneyEventFilter {
  @Field(() => GuidScalar, { nullable: true, description: 'One MCHD.' })
  guid?: string | null;

  @Field(() => String, { nullable: true, description: 'A principal INN.' })
  principalInn?: string | null;

  @Field(() => String, { nullable: true, description: "A representative's INN (or SNILS)." })
  representativeInn?: string | null;

  @Field(() => [PowerOfAttorneyEventType], { nullable: true, description: 'Only these types.' })
  types?: PowerOfAttorneyEventType[] | null;
}

@ObjectType({ description: 'Something that happened to a power of attorney, with its cursor.' })
export class PowerOfAttorneyEvent {
  @Field({ description: 'Position in the event log; pass it as `after` to resume after this event.' })
  cursor!: string;

  @Field(() => PowerOfAttorneyEventType, { description: 'What happened.' })
  type!: PowerOfAttorneyEventType;

  @Field(() => GuidScalar, { description: 'The MCHD.' })
  guid!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened (transaction time, revocation time or validity end).' })
  at!: Date;

  @Field(() => String, { nullable: true, description: 'The ledger transaction (null for EXPIRED).' })
  transactionId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Its block (null for EXPIRED).' })
  blockNumber!: number | null;

  @Field(() => GuidScalar, { nullable: true, description: 'For PARENT_INVALIDATED: the revoked ancestor.' })
  cause!: string | null;

  @Field(() => PowerOfAttorney, { nullable: true, description: 'The MCHD as it is now.' })
  powerOfAttorney!: PowerOfAttorney | null;
}

@InputType({ description: 'A representative by INN or SNILS (one of them).' })
export class RepresentativeInput {
  @Field(() => String, { nullable: true, description: 'Personal INN (12 digits) or an organization INN.' })
  inn?: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS, 11 digits.' })
  snils?: string | null;
}

@InputType({ description: 'A restriction value of the document to be signed.' })
export class RestrictionValueInput {
  @Field({ description: 'Restriction code, e.g. LIM_01.' })
  code!: string;

  @Field({ description: 'The value (a value code or text), e.g. UPD.' })
  value!: string;
}

@ObjectType({ description: 'Whether a representative may sign for a principal with a power, and why.' })
export class SigningAuthority {
  @Field({ description: 'True when an active chain grants the power.' })
  allowed!: boolean;

  @Field(() => SigningAuthorityReason, { nullable: true, description: 'Why not (null when allowed).' })
  reason!: SigningAuthorityReason | null;

  @Field(() => [PowerOfAttorney], { description: 'The chain that grants it, root first (empty when not allowed).' })
  chain!: PowerOfAttorney[];

  @Field(() => [GuidScalar], { description: 'Every MCHD of this representative and principal considered.' })
  considered!: string[];

  @Field(() => DateTimeScalar, { description: 'The instant asked about.' })
  at!: Date;
}
