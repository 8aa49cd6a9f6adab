/**
 * Signed powers of attorney for the end-to-end suite: documents from the format library's seeded examples, signed
 * (detached CMS) with certificates of real test CAs (GOST R 34.10-2012 256 and 512, ECDSA P-256) whose roots are
 * written to a trust directory the subgraph is configured with (`MCHD_TRUST_DIR`). Same seed, same documents.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildPowerOfAttorneyXml,
  buildRevocationApplicationXml,
  examplePowerOfAttorney,
  type Individual,
  type Organization,
  type Power,
  type PowerOfAttorneyDocument,
  type RedelegationRight,
} from '@mchd/format';
import { signDetached, TestCa, type IssuedCertificate, type KeyAlgorithm, type PrivateKey } from '@mchd/pki';

/** The moment every test signature is made (the CAs' clock): certificates are valid then. */
export const SIGNING_TIME = new Date('2026-01-15T09:00:00Z');
/** Issue date of the test documents. */
export const ISSUED_ON = '2026-01-15';
/** Far enough ahead that the documents stay ACTIVE whenever the suite runs. */
export const VALID_UNTIL = '2031-01-15';

/** A document, its XML bytes and a detached signature over them, with the signer's certificate and key. */
export interface SignedPowerOfAttorney {
  readonly doc: PowerOfAttorneyDocument;
  /** The document's GUID. */
  readonly guid: string;
  readonly xml: Uint8Array;
  readonly signature: Uint8Array;
  readonly signer: IssuedCertificate & { readonly privateKey: PrivateKey };
  readonly algorithm: KeyAlgorithm;
  /** INN of the principal (for a re-delegation: the root's principal). */
  readonly principalInn: string;
  /** The representative (a natural person in these documents). */
  readonly representative: Individual;
}

/** What to make. */
export interface SignedPowerOfAttorneyOptions {
  readonly seed: number;
  readonly algorithm?: KeyAlgorithm;
  readonly parent?: SignedPowerOfAttorney;
  readonly redelegation?: RedelegationRight;
  readonly powers?: readonly Power[];
  readonly validUntil?: string;
  /** Sign with a CA the registry does not trust. */
  readonly untrusted?: boolean;
}

const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** The CAs and the trust directory. */
export class SigningWorld {
  private constructor(
    private readonly cas: ReadonlyMap<KeyAlgorithm, TestCa>,
    private readonly untrustedCa: TestCa,
    /** The directory of trusted roots (one DER `.cer` per CA) for `MCHD_TRUST_DIR`. */
    readonly trustDir: string,
  ) {}

  /**
   * Creates the test CAs (GOST-256, GOST-512, ECDSA P-256, and one untrusted GOST-256) and writes the trusted roots
   * under `dir/trust`.
   */
  static async create(dir: string): Promise<SigningWorld> {
    const clock = () => SIGNING_TIME;
    const algorithms: KeyAlgorithm[] = ['gost256', 'gost512', 'ecdsa-p256'];
    const cas = new Map<KeyAlgorithm, TestCa>();
    const trustDir = join(dir, 'trust');
    await mkdir(trustDir, { recursive: true });
    for (const algorithm of algorithms) {
      const ca = await TestCa.create({
        algorithm,
        name: `МЧД e2e CA ${algorithm}`,
        clock,
        subject: { organization: 'Тестовый УЦ', country: 'RU', innLe: '7707083893', ogrn: '1027700132195' },
        qualified: true,
      });
      cas.set(algorithm, ca);
      await writeFile(join(trustDir, `${algorithm}.cer`), ca.certificate);
    }
    const untrustedCa = await TestCa.create({ algorithm: 'gost256', name: 'Чужой УЦ', clock });
    return new SigningWorld(cas, untrustedCa, trustDir);
  }

  /** A certificate for a natural person with the Russian attributes (INN, SNILS; INN/OGRN of the organization). */
  async certificateFor(
    who: Individual,
    algorithm: KeyAlgorithm,
    organization?: Organization,
    untrusted = false,
  ): Promise<IssuedCertificate & { privateKey: PrivateKey }> {
    const ca = untrusted ? this.untrustedCa : this.cas.get(algorithm);
    if (!ca) throw new Error(`no test CA for ${algorithm}`);
    const p = who.person;
    const issued = await ca.issueEndEntity({
      algorithm,
      subject: {
        commonName: [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' '),
        surname: p.lastName,
        givenName: [p.firstName, p.middleName].filter(Boolean).join(' '),
        ...(who.inn ? { inn: who.inn } : {}),
        ...(who.snils ? { snils: who.snils } : {}),
        ...(who.position ? { title: who.position } : {}),
        ...(organization
          ? { organization: organization.name, innLe: organization.inn, ogrn: organization.ogrn, country: 'RU' }
          : { country: 'RU' }),
      },
    });
    if (!issued.privateKey) throw new Error('the test CA issued no private key');
    return issued as IssuedCertificate & { privateKey: PrivateKey };
  }

  /**
   * A signed document: a root MCHD signed by the principal's signatory (the director acting without a power of
   * attorney), or a re-delegation of `parent` signed by the parent's representative.
   */
  async powerOfAttorney(options: SignedPowerOfAttorneyOptions): Promise<SignedPowerOfAttorney> {
    const algorithm = options.algorithm ?? 'gost256';
    const doc = examplePowerOfAttorney({
      seed: options.seed,
      issuedOn: ISSUED_ON,
      validUntil: options.validUntil ?? VALID_UNTIL,
      redelegation: options.redelegation ?? 'successive',
      ...(options.parent ? { parent: options.parent.doc } : {}),
      ...(options.powers ? { powers: options.powers } : {}),
    });
    const representative = doc.representatives[0]?.person;
    if (!representative) throw new Error('the example has no natural-person representative');
    let signerPerson: Individual;
    let organization: Organization | undefined;
    let principalInn: string;
    if (options.parent) {
      signerPerson = options.parent.representative;
      principalInn = options.parent.principalInn;
    } else {
      const legal = doc.principals[0]?.legalEntity;
      const director = legal?.actingWithoutPowerOfAttorney[0]?.individual;
      if (!legal || !director || !legal.organization.inn) throw new Error('the example principal has no director');
      signerPerson = director;
      organization = legal.organization;
      principalInn = legal.organization.inn;
    }
    const signer = await this.certificateFor(signerPerson, algorithm, organization, options.untrusted);
    const xml = buildPowerOfAttorneyXml(doc);
    const signature = await signDetached({
      content: xml,
      certificate: signer.certificate,
      privateKey: signer.privateKey,
      signingTime: SIGNING_TIME,
    });
    if (!doc.guid) throw new Error('the example has no GUID');
    return { doc, guid: doc.guid, xml, signature, signer, algorithm, principalInn, representative };
  }

  /** A revocation application for `mchd` by its principal, signed by the same signatory who signed the document. */
  async revocation(
    mchd: SignedPowerOfAttorney,
    reason: string,
  ): Promise<{ application: Uint8Array; signature: Uint8Array }> {
    const legal = mchd.doc.principals[0]?.legalEntity;
    if (!legal) throw new Error('revocation applications are made here for legal-entity principals only');
    const org = legal.organization;
    const application = buildRevocationApplicationXml({
      fileId: `ON_OTZDOV_${mchd.guid}`,
      guid: mchd.guid,
      reason,
      appliedOn: '2026-02-01',
      applicant: {
        role: 'principal',
        type: 'legalEntity',
        name: org.name,
        inn: org.inn,
        kpp: org.kpp,
        ...(org.ogrn ? { ogrn: org.ogrn } : {}),
      },
    });
    const signature = await signDetached({
      content: application,
      certificate: mchd.signer.certificate,
      privateKey: mchd.signer.privateKey,
      signingTime: SIGNING_TIME,
    });
    return { application, signature };
  }
}

/** The GraphQL `RegisterPowerOfAttorneyInput` of a signed document. */
export function registerInput(m: { xml: Uint8Array; signature: Uint8Array }): { document: string; signature: string } {
  return { document: base64(m.xml), signature: base64(m.signature) };
}

/** Base64 of bytes. */
export { base64 };
