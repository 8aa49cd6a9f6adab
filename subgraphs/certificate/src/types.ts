import 'reflect-metadata';
import { DateTimeScalar } from '@mchd/subgraph-kit';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** A certificate's state. */
export enum CertificateStatus {
  VALID = 'VALID',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(CertificateStatus, {
  name: 'CertificateStatus',
  description: 'State of a certificate.',
  valuesConfig: {
    VALID: { description: 'Within its validity period and not revoked.' },
    NOT_YET_VALID: { description: 'Its validity period has not begun.' },
    EXPIRED: { description: 'Its validity period is over.' },
    REVOKED: { description: 'Revoked by its CA or by the registry.' },
  },
});

@ObjectType({ description: 'Identifying attributes of a certificate subject (from its distinguished name).' })
export class CertificateSubject {
  @Field(() => String, { nullable: true, description: 'Common name (CN).' })
  commonName!: string | null;

  @Field(() => String, { nullable: true, description: 'Personal INN (OID 1.2.643.3.131.1.1).' })
  inn!: string | null;

  @Field(() => String, { nullable: true, description: 'INN of a legal entity (OID 1.2.643.100.4).' })
  innLe!: string | null;

  @Field(() => String, { nullable: true, description: 'SNILS (OID 1.2.643.100.3), 11 digits.' })
  snils!: string | null;

  @Field(() => String, { nullable: true, description: 'OGRN or OGRNIP (OID 1.2.643.100.1 / 1.2.643.100.5).' })
  ogrn!: string | null;
}

@ObjectType({ description: 'An X.509 signing certificate known to the registry.' })
@Directive('@key(fields: "id")')
export class Certificate {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field({ description: 'SHA-1 of the DER encoding, 40 lowercase hexadecimal digits.' })
  thumbprint!: string;

  @Field({ description: 'Serial number in hexadecimal.' })
  serialNumber!: string;

  @Field(() => DateTimeScalar, { description: 'Start of the validity period.' })
  notBefore!: Date;

  @Field(() => DateTimeScalar, { description: 'End of the validity period.' })
  notAfter!: Date;

  @Field(() => CertificateSubject, { description: 'Subject attributes.' })
  subject!: CertificateSubject;

  @Field(() => CertificateStatus, { description: 'Current state.' })
  status!: CertificateStatus;
}

@ObjectType('Person', { description: 'A natural person (owned by the person subgraph); here: their certificates.' })
@Directive('@key(fields: "id")')
export class PersonWithCertificates {
  @Field(() => ID, { description: 'The person id (person subgraph).' })
  id!: string;
}
