/**
 * Test fixtures: documents built with the format library's examples, signed with certificates of real test CAs
 * (GOST R 34.10-2012 and ECDSA P-256) for the persons the documents name.
 */
import {
  buildPowerOfAttorneyXml,
  buildRevocationApplicationXml,
  examplePowerOfAttorney,
  type ExampleOptions,
  type Individual,
  type PowerOfAttorneyDocument,
  type RevocationApplicant,
} from '@mchd/format';
import { signDetached, TestCa, TrustStore, type IssuedCertificate } from '@mchd/pki';

/** A person who signs. */
export interface SignerPerson {
  readonly inn?: string;
  readonly snils?: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string;
}

/** A document, its bytes and its detached signature. */
export interface SignedDocument {
  readonly doc: PowerOfAttorneyDocument & { guid: string };
  readonly xml: Uint8Array;
  readonly signature: Uint8Array;
  readonly signer: IssuedCertificate;
}

/** The principal's head (signatory) of a root example document. */
export function headOf(doc: PowerOfAttorneyDocument): SignerPerson {
  const i = doc.principals[0]?.legalEntity?.actingWithoutPowerOfAttorney[0]?.individual as Individual;
  return { inn: i.inn, snils: i.snils, ...i.person };
}

/** The (person) representative of an example document. */
export function representativeOf(doc: PowerOfAttorneyDocument): SignerPerson {
  const i = doc.representatives[0]?.person as Individual;
  return { inn: i.inn, snils: i.snils, ...i.person };
}

/** The principal organization's INN of a root example document. */
export function principalInnOf(doc: PowerOfAttorneyDocument): string {
  return doc.principals[0]?.legalEntity?.organization.inn as string;
}

/** Two test CAs (GOST and ECDSA) trusted by one trust store, and signing helpers; time from `clock`. */
export class Fixtures {
  private constructor(
    readonly gost: TestCa,
    readonly ecdsa: TestCa,
    readonly trustStore: TrustStore,
    private readonly clock: () => Date,
  ) {}

  static async create(clock: () => Date): Promise<Fixtures> {
    const notBefore = new Date('2025-01-01T00:00:00Z');
    const notAfter = new Date('2035-01-01T00:00:00Z');
    const gost = await TestCa.create({ algorithm: 'gost256', name: 'PoA Test GOST CA', clock, notBefore, notAfter });
    const ecdsa = await TestCa.create({
      algorithm: 'ecdsa-p256',
      name: 'PoA Test ECDSA CA',
      clock,
      notBefore,
      notAfter,
    });
    return new Fixtures(gost, ecdsa, TrustStore.fromCertificates([gost.certificate, ecdsa.certificate]), clock);
  }

  /** A certificate for a person. */
  certificateFor(
    person: SignerPerson,
    ca: TestCa = this.gost,
    validity?: { notBefore: Date; notAfter: Date },
  ): Promise<IssuedCertificate> {
    return ca.issueEndEntity({
      subject: {
        commonName: [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' '),
        surname: person.lastName,
        givenName: [person.firstName, person.middleName].filter(Boolean).join(' '),
        ...(person.inn ? { inn: person.inn } : {}),
        ...(person.snils ? { snils: person.snils } : {}),
      },
      notBefore: validity?.notBefore ?? new Date('2025-06-01T00:00:00Z'),
      notAfter: validity?.notAfter ?? new Date('2030-06-01T00:00:00Z'),
    });
  }

  /** Signs bytes with a certificate. */
  async sign(content: Uint8Array, signer: IssuedCertificate): Promise<Uint8Array> {
    return signDetached({
      content,
      certificate: signer.certificate,
      privateKey: signer.privateKey!,
      signingTime: this.clock(),
    });
  }

  /** Builds an example document and signs it as `by` (default: its head, or the parent's representative). */
  async document(
    options: ExampleOptions,
    by?: { person?: SignerPerson; ca?: TestCa; signer?: IssuedCertificate },
    transform: (doc: PowerOfAttorneyDocument) => PowerOfAttorneyDocument = (d) => d,
  ): Promise<SignedDocument> {
    const doc = transform(examplePowerOfAttorney(options)) as PowerOfAttorneyDocument & { guid: string };
    const xml = buildPowerOfAttorneyXml(doc);
    const person = by?.person ?? (options.parent ? representativeOf(options.parent) : headOf(doc));
    const signer = by?.signer ?? (await this.certificateFor(person, by?.ca ?? this.gost));
    return { doc, xml, signature: await this.sign(xml, signer), signer };
  }

  /** A signed revocation application. */
  async application(
    guid: string,
    applicant: RevocationApplicant,
    signer: IssuedCertificate,
    reason = 'Отзыв доверенности',
  ) {
    const xml = buildRevocationApplicationXml({ fileId: `ON_OTZDOV_${guid}`, guid, reason, applicant });
    return { xml, signature: await this.sign(xml, signer) };
  }
}

/** Base64 of bytes. */
export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
