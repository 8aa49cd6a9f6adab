/**
 * A certification authority for tests, demos and the certificate subgraph's built-in CA: roots, intermediates
 * and end-entity certificates with GOST R 34.10-2012 (256/512), ECDSA and RSA keys and the Russian subject
 * attributes; PKCS#10 requests; CRLs; a time-stamp authority. Deterministic given a seed and a clock (RSA keys
 * excepted: the platform generates them).
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { verifySignature } from './algorithms.js';
import { parseCertificate, pkijsCertificate, readName, type CertificateInfo } from './certificate.js';
import { type Clock, systemClock } from './clock.js';
import { buildSignedData, type TimeStampAuthority } from './cms-sign.js';
import { decodeBinaryOrText, encode, toArrayBuffer } from './der.js';
import { PkiError } from './errors.js';
import { PrivateKey, generateKeyPair, type KeyAlgorithm } from './keys.js';
import { OID } from './oids.js';
import {
  buildExtensions,
  buildName,
  keyIdentifier,
  pkijsAlgorithm,
  pkijsTime,
  signTbs,
  type SubjectInput,
} from './x509-builder.js';

const DAY = 86_400_000;

/** Options of {@link TestCa.create}. */
export interface TestCaOptions {
  readonly algorithm: KeyAlgorithm;
  /** The CA's common name. */
  readonly name: string;
  /** Further subject attributes of the CA (organization, INN of the legal entity, OGRN, …). */
  readonly subject?: Omit<SubjectInput, 'commonName'>;
  /** Where "now" comes from; default {@link systemClock}. */
  readonly clock?: Clock;
  /** Makes keys and serial numbers reproducible; default the name. */
  readonly seed?: string;
  /** GOST parameter set name or OID. */
  readonly paramSet?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Issue certificates with the qualified-certificate extensions (sign tools, KC1 policy). */
  readonly qualified?: boolean;
  /** A CRL distribution point URL put into the certificates this CA issues. */
  readonly crlUrl?: string;
}

/** Options of {@link TestCa.issueEndEntity}. */
export interface EndEntityOptions {
  readonly subject: SubjectInput;
  /** Key algorithm of a key generated here (ignored when `publicKey` is given); default the CA's. */
  readonly algorithm?: KeyAlgorithm;
  readonly paramSet?: string;
  /** A SubjectPublicKeyInfo (e.g. from a CSR): no private key is generated then. */
  readonly publicKey?: Uint8Array;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly privateKeyUsagePeriod?: { notBefore: Date; notAfter: Date };
  readonly keyUsage?: readonly string[];
  readonly extendedKeyUsage?: readonly string[];
  /** Seed of the generated key; default derived from the subject. */
  readonly seed?: string;
  readonly qualified?: boolean;
}

/** A certificate this CA issued, with its key when the key was generated here. */
export interface IssuedCertificate {
  /** DER. */
  readonly certificate: Uint8Array;
  /** The private key, unless the certificate was issued for a given public key or CSR. */
  readonly privateKey?: PrivateKey;
  readonly info: CertificateInfo;
}

/** One revoked certificate of a CRL. */
export interface RevokedEntry {
  /** Hex serial number (as {@link CertificateInfo.serialNumber}). */
  readonly serialNumber: string;
  readonly revokedAt: Date;
  /** RFC 5280 reason code name, e.g. `keyCompromise`, `affiliationChanged`, `cessationOfOperation`. */
  readonly reason?: RevocationReason;
}

/** CRLReason names (RFC 5280, 5.3.1). */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn';

const REASON_CODES: Record<RevocationReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
};

function serialFrom(seed: string): Uint8Array {
  const h = createHash('sha256').update(seed).digest().subarray(0, 16);
  h[0] = ((h[0] as number) & 0x7f) | 0x40; // positive, no leading zero byte
  return new Uint8Array(h);
}

function subjectKey(s: SubjectInput): string {
  return [s.commonName, s.inn, s.innLe, s.snils, s.ogrn, s.ogrnip, s.title].join('|');
}

/**
 * A test certification authority.
 *
 * @example
 * ```ts
 * const ca = await TestCa.create({ algorithm: 'gost256', name: 'Test CA', clock: () => new Date('2026-01-10T00:00:00Z') });
 * const signer = await ca.issueEndEntity({ subject: { commonName: 'Иванов Иван', surname: 'Иванов', givenName: 'Иван Иванович',
 *   inn: '500100732259', snils: '11223344595' } });
 * const cms = await signDetached({ content, certificate: signer.certificate, privateKey: signer.privateKey!, signingTime: clock() });
 * ```
 */
export class TestCa {
  private counter = 0;

  private constructor(
    /** The CA certificate (DER). */
    readonly certificate: Uint8Array,
    /** The CA's private key. */
    readonly privateKey: PrivateKey,
    readonly info: CertificateInfo,
    readonly clock: Clock,
    private readonly seed: string,
    private readonly options: { qualified: boolean; crlUrl?: string },
    /** Certificates from this CA up to (excluding) the root, DER: what a signer includes as `chain`. */
    readonly chain: readonly Uint8Array[],
  ) {}

  /**
   * Creates a self-signed root CA.
   *
   * @example
   * ```ts
   * const root = await TestCa.create({ algorithm: 'ecdsa-p256', name: 'Demo Root' });
   * ```
   */
  static async create(options: TestCaOptions): Promise<TestCa> {
    const clock = options.clock ?? systemClock;
    const seed = options.seed ?? options.name;
    const key = generateKeyPair(options.algorithm, { seed: `${seed}/ca-key`, paramSet: options.paramSet });
    const now = clock();
    const spki = key.publicKeyInfo();
    const name = buildName({ ...options.subject, commonName: options.name });
    const der = issueCertificate({
      issuerName: name,
      issuerKey: key,
      subjectName: name,
      subjectSpki: spki,
      serial: serialFrom(`${seed}/root`),
      notBefore: options.notBefore ?? new Date(now.getTime() - DAY),
      notAfter: options.notAfter ?? new Date(now.getTime() + 20 * 365 * DAY),
      extensions: buildExtensions({
        isCa: true,
        keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
        subjectSpki: spki,
      }),
    });
    return new TestCa(
      der,
      key,
      parseCertificate(der),
      clock,
      seed,
      { qualified: options.qualified ?? false, crlUrl: options.crlUrl },
      [],
    );
  }

  /**
   * Restores a CA from its certificate and PKCS#8 private key (DER, PEM or a {@link PrivateKey}), e.g. a built-in
   * CA whose files live in the data directory. `chain` lists its issuers below the root (empty for a root). Serial
   * numbers continue from `seed` (default the certificate's SHA-256), so give a fresh seed per process if several
   * processes issue with the same CA.
   *
   * @example
   * ```ts
   * const ca = TestCa.load({ certificate: readFileSync('ca.cer'), privateKey: readFileSync('ca.key', 'utf8') });
   * ```
   */
  static load(options: {
    certificate: Uint8Array;
    privateKey: PrivateKey | Uint8Array | string;
    chain?: readonly Uint8Array[];
    clock?: Clock;
    seed?: string;
    qualified?: boolean;
    crlUrl?: string;
  }): TestCa {
    const info = parseCertificate(options.certificate);
    const key =
      options.privateKey instanceof PrivateKey ? options.privateKey : PrivateKey.fromPkcs8(options.privateKey);
    if (!Buffer.from(key.publicKeyInfo()).equals(Buffer.from(info.publicKeyInfo))) {
      throw new PkiError('KEY_MALFORMED', 'the private key does not belong to the CA certificate');
    }
    if (!info.isCa) throw new PkiError('CERTIFICATE_MALFORMED', 'the certificate is not a CA certificate');
    return new TestCa(
      info.der,
      key,
      info,
      options.clock ?? systemClock,
      options.seed ?? info.sha256,
      { qualified: options.qualified ?? false, crlUrl: options.crlUrl },
      options.chain ? [info.der, ...options.chain] : info.selfIssued ? [] : [info.der],
    );
  }

  private nextSerial(label: string): Uint8Array {
    this.counter++;
    return serialFrom(`${this.seed}/${label}/${this.counter}`);
  }

  private get name(): pkijs.RelativeDistinguishedNames {
    return pkijsCertificate(this.certificate).subject;
  }

  /**
   * Issues an intermediate CA under this one.
   *
   * @example
   * ```ts
   * const sub = await root.issueIntermediate({ name: 'Issuing CA' });
   * ```
   */
  async issueIntermediate(options: {
    name: string;
    algorithm?: KeyAlgorithm;
    paramSet?: string;
    subject?: Omit<SubjectInput, 'commonName'>;
    notBefore?: Date;
    notAfter?: Date;
    seed?: string;
    crlUrl?: string;
  }): Promise<TestCa> {
    const seed = options.seed ?? `${this.seed}/${options.name}`;
    const key = generateKeyPair(options.algorithm ?? this.privateKey.algorithm, {
      seed: `${seed}/ca-key`,
      paramSet: options.paramSet,
    });
    const now = this.clock();
    const spki = key.publicKeyInfo();
    const der = issueCertificate({
      issuerName: this.name,
      issuerKey: this.privateKey,
      subjectName: buildName({ ...options.subject, commonName: options.name }),
      subjectSpki: spki,
      serial: this.nextSerial(`intermediate/${options.name}`),
      notBefore: options.notBefore ?? new Date(now.getTime() - DAY),
      notAfter: options.notAfter ?? new Date(now.getTime() + 10 * 365 * DAY),
      extensions: buildExtensions({
        isCa: true,
        pathLength: 0,
        keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
        subjectSpki: spki,
        issuerSpki: this.privateKey.publicKeyInfo(),
        crlDistributionPoints: this.options.crlUrl ? [this.options.crlUrl] : undefined,
      }),
    });
    return new TestCa(
      der,
      key,
      parseCertificate(der),
      this.clock,
      seed,
      { qualified: this.options.qualified, crlUrl: options.crlUrl },
      [der, ...this.chain],
    );
  }

  /**
   * Issues an end-entity (signing) certificate; generates its key unless `publicKey` is given.
   *
   * @example
   * ```ts
   * const { certificate, privateKey, info } = await ca.issueEndEntity({ subject: { commonName: 'ООО Ромашка',
   *   organization: 'ООО Ромашка', innLe: '7707083893', ogrn: '1027700132195', inn: '500100732259' } });
   * ```
   */
  async issueEndEntity(options: EndEntityOptions): Promise<IssuedCertificate> {
    let privateKey: PrivateKey | undefined;
    let spki = options.publicKey;
    if (!spki) {
      privateKey = generateKeyPair(options.algorithm ?? this.privateKey.algorithm, {
        seed: options.seed ?? `${this.seed}/ee/${subjectKey(options.subject)}`,
        paramSet: options.paramSet,
      });
      spki = privateKey.publicKeyInfo();
    }
    const now = this.clock();
    const qualified = options.qualified ?? this.options.qualified;
    const der = issueCertificate({
      issuerName: this.name,
      issuerKey: this.privateKey,
      subjectName: buildName(options.subject),
      subjectSpki: spki,
      serial: this.nextSerial(`ee/${subjectKey(options.subject)}`),
      notBefore: options.notBefore ?? new Date(now.getTime() - DAY),
      notAfter: options.notAfter ?? new Date(now.getTime() + 365 * DAY),
      extensions: buildExtensions({
        isCa: false,
        keyUsage: options.keyUsage ?? ['digitalSignature', 'nonRepudiation', 'keyEncipherment'],
        extendedKeyUsage: options.extendedKeyUsage ?? [OID.ekuClientAuth, OID.ekuEmailProtection],
        extendedKeyUsageCritical: options.extendedKeyUsage?.includes(OID.ekuTimeStamping) ?? false,
        subjectSpki: spki,
        issuerSpki: this.privateKey.publicKeyInfo(),
        crlDistributionPoints: this.options.crlUrl ? [this.options.crlUrl] : undefined,
        policies: qualified ? ['1.2.643.100.113.1'] : undefined,
        privateKeyUsagePeriod: options.privateKeyUsagePeriod,
        qualified,
      }),
    });
    return { certificate: der, privateKey, info: parseCertificate(der) };
  }

  /**
   * Issues a certificate for a PKCS#10 request (DER, PEM or base64) after checking the request's own signature.
   * The subject comes from the request unless `subject` overrides it. Throws PkiError `CSR_INVALID`.
   *
   * @example
   * ```ts
   * const { csrDer } = await createCsr({ subject, algorithm: 'gost256' });
   * const issued = await ca.issueFromCsr(csrDer, { notAfter: new Date('2027-01-01') });
   * ```
   */
  async issueFromCsr(
    csr: Uint8Array,
    options: Omit<EndEntityOptions, 'subject' | 'publicKey' | 'algorithm' | 'seed'> & { subject?: SubjectInput } = {},
  ): Promise<IssuedCertificate> {
    const request = await readCsr(csr);
    const subject = options.subject ?? request.subject;
    return this.issueEndEntity({ ...options, subject, publicKey: request.publicKeyInfo });
  }

  /**
   * Issues a CRL (version 2, with reason codes and a CRL number).
   *
   * @example
   * ```ts
   * const crl = await ca.issueCrl({ revoked: [{ serialNumber: info.serialNumber, revokedAt, reason: 'keyCompromise' }],
   *   thisUpdate: clock(), nextUpdate: new Date(clock().getTime() + 7 * 86400000) });
   * ```
   */
  async issueCrl(options: {
    revoked: readonly RevokedEntry[];
    thisUpdate?: Date;
    nextUpdate?: Date;
    number?: number;
  }): Promise<Uint8Array> {
    const thisUpdate = options.thisUpdate ?? this.clock();
    const nextUpdate = options.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY);
    const crl = new pkijs.CertificateRevocationList({
      version: 1,
      signature: pkijsAlgorithm(this.privateKey.signatureAlgorithm()),
      issuer: this.name,
      thisUpdate: pkijsTime(thisUpdate),
      nextUpdate: pkijsTime(nextUpdate),
    });
    if (options.revoked.length > 0) {
      crl.revokedCertificates = options.revoked.map(
        (r) =>
          new pkijs.RevokedCertificate({
            userCertificate: new asn1js.Integer({ valueHex: toArrayBuffer(serialBytes(r.serialNumber)) }),
            revocationDate: pkijsTime(r.revokedAt),
            ...(r.reason
              ? {
                  crlEntryExtensions: new pkijs.Extensions({
                    extensions: [
                      new pkijs.Extension({
                        extnID: OID.cRLReason,
                        critical: false,
                        extnValue: new asn1js.Enumerated({ value: REASON_CODES[r.reason] }).toBER(false),
                      }),
                    ],
                  }),
                }
              : {}),
          }),
      );
    }
    crl.crlExtensions = new pkijs.Extensions({
      extensions: [
        new pkijs.Extension({
          extnID: OID.cRLNumber,
          critical: false,
          extnValue: new asn1js.Integer({ value: options.number ?? ++this.counter }).toBER(false),
        }),
        new pkijs.Extension({
          extnID: OID.authorityKeyIdentifier,
          critical: false,
          extnValue: new pkijs.AuthorityKeyIdentifier({
            keyIdentifier: new asn1js.OctetString({
              valueHex: toArrayBuffer(keyIdentifier(this.privateKey.publicKeyInfo())),
            }),
          })
            .toSchema()
            .toBER(false),
        }),
      ],
    });
    return signTbs(tbsOf(crl), this.privateKey);
  }

  /**
   * Creates a time-stamp authority whose certificate this CA issues (extended key usage timeStamping, critical).
   *
   * @example
   * ```ts
   * const tsa = await ca.createTsa({ name: 'Test TSA' });
   * ```
   */
  async createTsa(options: { name: string; algorithm?: KeyAlgorithm; clock?: Clock }): Promise<TestTsa> {
    const issued = await this.issueEndEntity({
      subject: { commonName: options.name },
      algorithm: options.algorithm,
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [OID.ekuTimeStamping],
      qualified: false,
    });
    return new TestTsa(
      issued.certificate,
      issued.privateKey as PrivateKey,
      [issued.certificate, ...this.chain],
      options.clock ?? this.clock,
    );
  }
}

/** The TBS part of a pkijs structure whose `encodeTBS` is not public (CRL, PKCS#10). */
function tbsOf(value: { toSchema(encodeFlag?: boolean): asn1js.Sequence }): Uint8Array {
  return encode(value.toSchema(true).valueBlock.value[0] as asn1js.Sequence);
}

function serialBytes(hexSerial: string): Uint8Array {
  let h = hexSerial.replace(/[^0-9a-fA-F]/g, '');
  if (h.length % 2) h = `0${h}`;
  const bytes = new Uint8Array(Buffer.from(h, 'hex'));
  if (bytes.length === 0) return Uint8Array.of(0);
  return (bytes[0] as number) & 0x80 ? Uint8Array.of(0, ...bytes) : bytes;
}

/** @internal Assembles and signs a certificate. */
function issueCertificate(o: {
  issuerName: pkijs.RelativeDistinguishedNames;
  issuerKey: PrivateKey;
  subjectName: pkijs.RelativeDistinguishedNames;
  subjectSpki: Uint8Array;
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  extensions: pkijs.Extension[];
}): Uint8Array {
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(o.serial) }),
    signature: pkijsAlgorithm(o.issuerKey.signatureAlgorithm()),
    issuer: o.issuerName,
    subject: o.subjectName,
    notBefore: pkijsTime(o.notBefore),
    notAfter: pkijsTime(o.notAfter),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(toArrayBuffer(o.subjectSpki)),
    extensions: o.extensions,
  });
  return signTbs(encode(cert.encodeTBS()), o.issuerKey);
}

/**
 * Makes a PKCS#10 certificate request signed with a new key (GOST included).
 *
 * @example
 * ```ts
 * const { csrDer, privateKey } = await createCsr({ subject: { commonName: 'Петров Пётр', inn: '500100732259' }, algorithm: 'gost256' });
 * ```
 */
export async function createCsr(options: {
  subject: SubjectInput;
  algorithm: KeyAlgorithm;
  paramSet?: string;
  seed?: string;
}): Promise<{ csrDer: Uint8Array; privateKey: PrivateKey }> {
  const privateKey = generateKeyPair(options.algorithm, { seed: options.seed, paramSet: options.paramSet });
  const csr = new pkijs.CertificationRequest({
    version: 0,
    subject: buildName(options.subject),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(toArrayBuffer(privateKey.publicKeyInfo())),
    attributes: [],
  });
  return { csrDer: signTbs(tbsOf(csr), privateKey), privateKey };
}

/** What a verified PKCS#10 request says. */
export interface CsrInfo {
  readonly subject: SubjectInput;
  readonly subjectText: string;
  readonly publicKeyInfo: Uint8Array;
}

/**
 * Reads a PKCS#10 request (DER, PEM or base64) and checks its self-signature. Throws PkiError `CSR_INVALID`.
 *
 * @example
 * ```ts
 * const { subject, publicKeyInfo } = await readCsr(bytes);
 * ```
 */
export async function readCsr(bytes: Uint8Array): Promise<CsrInfo> {
  const der = decodeBinaryOrText(bytes, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
  if (!der) throw new PkiError('CSR_INVALID', 'not DER, PEM or base64 of a certificate request');
  let req: pkijs.CertificationRequest;
  try {
    req = pkijs.CertificationRequest.fromBER(toArrayBuffer(der));
  } catch (e) {
    throw new PkiError('CSR_INVALID', `not a PKCS#10 request: ${(e as Error).message}`);
  }
  const spki = encode(req.subjectPublicKeyInfo.toSchema());
  const params = req.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
  let ok: boolean;
  try {
    ok = await verifySignature(
      spki,
      {
        oid: req.signatureAlgorithm.algorithmId,
        params: params && !(params instanceof asn1js.Null) ? encode(params as asn1js.BaseBlock) : undefined,
      },
      new Uint8Array(req.tbsView),
      new Uint8Array(req.signatureValue.valueBlock.valueHexView),
    );
  } catch (e) {
    throw new PkiError('CSR_INVALID', `request signature not checkable: ${(e as Error).message}`);
  }
  if (!ok) throw new PkiError('CSR_INVALID', 'the request is not signed by the key it carries');
  const { text, parts } = readName(req.subject);
  return {
    subject: { ...parts, commonName: parts.commonName ?? '' },
    subjectText: text,
    publicKeyInfo: spki,
  };
}

/**
 * A time-stamp authority for tests (RFC 3161 tokens over a signature value, as CAdES-T needs).
 *
 * @example
 * ```ts
 * const tsa = await ca.createTsa({ name: 'Test TSA' });
 * const cms = await signDetached({ ..., timestamp: tsa });
 * ```
 */
export class TestTsa implements TimeStampAuthority {
  private serial = 0;

  /**
   * Creates a TSA whose certificate `ca` issues.
   *
   * @example
   * ```ts
   * const tsa = await TestTsa.create({ ca, name: 'Test TSA', clock });
   * ```
   */
  static async create(options: {
    ca: TestCa;
    name: string;
    algorithm?: KeyAlgorithm;
    clock?: Clock;
  }): Promise<TestTsa> {
    return options.ca.createTsa(options);
  }

  constructor(
    readonly certificate: Uint8Array,
    readonly privateKey: PrivateKey,
    /** The TSA certificate and its issuers below the root (DER), included in tokens. */
    readonly chain: readonly Uint8Array[],
    readonly clock: Clock,
  ) {}

  /**
   * A time-stamp token (ContentInfo DER) over `data`'s digest, at the TSA clock's time.
   *
   * @example
   * ```ts
   * const token = await tsa.timestamp(signatureValue);
   * ```
   */
  async timestamp(data: Uint8Array): Promise<Uint8Array> {
    const genTime = this.clock();
    const hashAlg = this.privateKey.digestAlgorithm();
    const tst = new pkijs.TSTInfo({
      version: 1,
      policy: '1.2.643.100.113.99',
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: pkijsAlgorithm(hashAlg),
        hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(this.privateKey.digest(data)) }),
      }),
      serialNumber: new asn1js.Integer({ value: ++this.serial }),
      genTime,
    });
    const tstDer = encode(tst.toSchema());
    return buildSignedData({
      content: tstDer,
      eContentType: OID.tstInfo,
      attached: true,
      certificate: this.certificate,
      privateKey: this.privateKey,
      chain: this.chain.slice(1),
      signingTime: genTime,
    });
  }
}
