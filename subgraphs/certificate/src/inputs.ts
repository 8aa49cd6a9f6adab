import 'reflect-metadata';
import { Base64Scalar } from '@mchd/subgraph-kit';
import { Field, ID, InputType } from 'type-graphql';
import {
  CertificateRequestStatus,
  CertificateRequestType,
  CertificateStatus,
  DocumentKind,
  DocumentState,
  KeyCarrierInput,
  KeyCarrierType,
  RevocationReasonCode,
} from './types.js';

@InputType({ description: 'A certificate to import.' })
export class ImportCertificateInput {
  @Field(() => Base64Scalar, { description: 'The certificate: DER, or PEM/base64 text, as bytes.' })
  certificate!: Buffer;

  @Field(() => KeyCarrierInput, { nullable: true, description: 'Where its private key lives.' })
  carrier?: KeyCarrierInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'INN of the organization managing it; default the subject INN of the legal entity, or the only organization ' +
      'the caller acts for.',
  })
  organizationInn?: string | null;
}

@InputType({ description: 'Which certificates to list; all fields optional, combined with AND.' })
export class CertificateFilter {
  @Field(() => String, { nullable: true, description: 'Organization INN.' })
  organizationInn?: string | null;

  @Field(() => CertificateStatus, { nullable: true, description: 'State at the subgraph clock.' })
  status?: CertificateStatus | null;

  @Field(() => ID, { nullable: true, description: 'Owner (person id).' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Subject personal INN.' })
  inn?: string | null;

  @Field(() => String, { nullable: true, description: 'Subject SNILS (11 digits).' })
  snils?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Qualified or not.' })
  qualified?: boolean | null;

  @Field(() => KeyCarrierType, { nullable: true, description: 'Carrier type.' })
  carrier?: KeyCarrierType | null;
}

@InputType({ description: 'Revoking a certificate.' })
export class RevokeCertificateInput {
  @Field(() => ID, { description: 'The certificate.' })
  certificateId!: string;

  @Field(() => RevocationReasonCode, { description: 'Why.' })
  reason!: RevocationReasonCode;
}

@InputType({ description: 'Renewing or reissuing a certificate without collecting documents again.' })
export class RenewCertificateInput {
  @Field(() => ID, { description: 'The certificate to renew.' })
  certificateId!: string;

  @Field(() => Base64Scalar, {
    nullable: true,
    description: 'A PKCS#10 request for the new key (submitted at once when given).',
  })
  csr?: Buffer | null;

  @Field(() => KeyCarrierInput, { nullable: true, description: 'A new carrier (default: the same).' })
  carrier?: KeyCarrierInput | null;
}

@InputType({ description: 'A certificate request for one employee.' })
export class CreateCertificateRequestInput {
  @Field({ description: 'Organization INN.' })
  organizationInn!: string;

  @Field(() => String, { nullable: true, description: 'Employee personal INN (or give the SNILS).' })
  personInn?: string | null;

  @Field(() => String, { nullable: true, description: 'Employee SNILS.' })
  personSnils?: string | null;

  @Field(() => CertificateRequestType, { description: 'Qualified or unqualified.' })
  type!: CertificateRequestType;

  @Field(() => String, { nullable: true, description: 'What the certificate is for.' })
  purpose?: string | null;

  @Field(() => KeyCarrierInput, { nullable: true, description: 'Where the key will live.' })
  carrier?: KeyCarrierInput | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The employee acts as a CA user for the organization: a power of attorney is required too.',
  })
  requiresPowerOfAttorney?: boolean | null;
}

@InputType({ description: 'Requests for a group of employees: all active ones, one position, or a CSV list.' })
export class CreateCertificateRequestsInput {
  @Field({ description: 'Organization INN.' })
  organizationInn!: string;

  @Field(() => CertificateRequestType, { description: 'Qualified or unqualified.' })
  type!: CertificateRequestType;

  @Field(() => String, { nullable: true, description: 'What the certificates are for.' })
  purpose?: string | null;

  @Field(() => KeyCarrierInput, { nullable: true, description: 'Where the keys will live.' })
  carrier?: KeyCarrierInput | null;

  @Field(() => String, { nullable: true, description: 'Only employees in this position.' })
  position?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'CSV: the first column holds a personal INN or SNILS; a header line is skipped.',
  })
  csv?: string | null;
}

@InputType({ description: "Setting a request document's state." })
export class SetRequestDocumentInput {
  @Field(() => ID, { description: 'The request.' })
  requestId!: string;

  @Field(() => DocumentKind, { description: 'Which document.' })
  kind!: DocumentKind;

  @Field(() => DocumentState, { description: 'PROVIDED, ACCEPTED or REJECTED.' })
  state!: DocumentState;

  @Field(() => Base64Scalar, { nullable: true, description: 'The scanned document (only its SHA-256 is kept).' })
  content?: Buffer | null;

  @Field(() => String, { nullable: true, description: 'Comment.' })
  comment?: string | null;
}

@InputType({ description: 'The PKCS#10 request generated where the key lives.' })
export class SubmitCertificateRequestInput {
  @Field(() => ID, { description: 'The request.' })
  requestId!: string;

  @Field(() => Base64Scalar, { description: 'PKCS#10 (DER, or PEM/base64 text, as bytes).' })
  csr!: Buffer;
}

@InputType({ description: "The operator's decision on a request." })
export class DecideCertificateRequestInput {
  @Field(() => ID, { description: 'The request.' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: 'Comment (required for a rejection).' })
  comment?: string | null;
}

@InputType({ description: 'Which requests to list.' })
export class CertificateRequestFilter {
  @Field(() => String, { nullable: true, description: 'Organization INN.' })
  organizationInn?: string | null;

  @Field(() => CertificateRequestStatus, { nullable: true, description: 'Status.' })
  status?: CertificateRequestStatus | null;

  @Field(() => ID, { nullable: true, description: 'Employee (person id).' })
  personId?: string | null;
}
