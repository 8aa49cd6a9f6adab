/**
 * Making CMS SignedData (RFC 5652) with the signed attributes of CAdES-BES (content type, message digest, signing
 * time, signing-certificate-v2) and optionally a signature time-stamp token (CAdES-T).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest } from './algorithms.js';
import { pkijsCertificate } from './certificate.js';
import { encode, parseDer, toArrayBuffer } from './der.js';
import { type PrivateKey } from './keys.js';
import { OID } from './oids.js';
import { pkijsAlgorithm, pkijsTime } from './x509-builder.js';

/** Something that returns a time-stamp token (ContentInfo DER) for a signature value: see {@link TestTsa}. */
export interface TimeStampAuthority {
  timestamp(signatureValue: Uint8Array): Promise<Uint8Array>;
}

/** Options of {@link signDetached}. */
export interface SignOptions {
  /** The content to sign. */
  readonly content: Uint8Array;
  /** The signer's certificate (DER). */
  readonly certificate: Uint8Array;
  readonly privateKey: PrivateKey;
  /** Further certificates to include (intermediates), DER. */
  readonly chain?: readonly Uint8Array[];
  /** The signing-time attribute. */
  readonly signingTime: Date;
  /** A time-stamp authority: adds a signature time-stamp token (CAdES-T). */
  readonly timestamp?: TimeStampAuthority;
  /** Put the content inside the SignedData (attached) instead of detached. */
  readonly attached?: boolean;
}

/** The ESS signing-certificate-v2 attribute value (RFC 5035) for a certificate. */
function signingCertificateV2(certDer: Uint8Array, key: PrivateKey): asn1js.Sequence {
  const cert = pkijsCertificate(certDer);
  const hashAlg = key.digestAlgorithm();
  const essCertIdParts: asn1js.AsnType[] = [];
  // hashAlgorithm DEFAULT id-sha256: omitted when it is SHA-256 (DER).
  if (hashAlg.oid !== OID.sha256) essCertIdParts.push(pkijsAlgorithm(hashAlg).toSchema());
  essCertIdParts.push(new asn1js.OctetString({ valueHex: toArrayBuffer(digest(hashAlg.oid, certDer)) }));
  essCertIdParts.push(
    new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
        }),
        cert.serialNumber,
      ],
    }),
  );
  return new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: essCertIdParts })] })],
  });
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** Sorts attributes by their DER (a DER SET OF is ordered). */
function derSorted(attrs: pkijs.Attribute[]): pkijs.Attribute[] {
  return attrs
    .map((a) => ({ a, der: Buffer.from(encode(a.toSchema())) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map((x) => x.a);
}

/** One SignerInfo over `content` (internal). */
async function makeSignerInfo(
  options: Omit<SignOptions, 'chain' | 'attached'> & {
    readonly eContentType: string;
    readonly extraSigned?: pkijs.Attribute[];
  },
): Promise<pkijs.SignerInfo> {
  const { content, certificate, privateKey: key } = options;
  const cert = pkijsCertificate(certificate);
  const digestAlg = key.digestAlgorithm();
  const signedAttributes = derSorted([
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: options.eContentType })),
    attribute(OID.signingTime, pkijsTime(options.signingTime).toSchema()),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(digest(digestAlg.oid, content)) })),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate, key)),
    ...(options.extraSigned ?? []),
  ]);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributes });
  const toSign = encode(signedAttrs.toSchema());
  toSign[0] = 0x31; // signed over the DER of the SET OF, not of the [0] IMPLICIT field (RFC 5652, 5.4)
  const signature = key.sign(toSign);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: pkijsAlgorithm(digestAlg),
    signedAttrs,
    signatureAlgorithm: pkijsAlgorithm(key.cmsSignatureAlgorithm()),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
  if (options.timestamp) {
    const token = await options.timestamp.timestamp(signature);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [attribute(OID.signatureTimeStampToken, parseDer(token))],
    });
  }
  return signerInfo;
}

/** @internal Signs `content` as CMS SignedData with the given encapsulated content type. */
export async function buildSignedData(
  options: SignOptions & { readonly eContentType?: string; readonly extraSigned?: pkijs.Attribute[] },
): Promise<Uint8Array> {
  const eContentType = options.eContentType ?? OID.data;
  const signerInfo = await makeSignerInfo({ ...options, eContentType });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [pkijsAlgorithm(options.privateKey.digestAlgorithm())],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType,
      ...(options.attached ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(options.content) }) } : {}),
    }),
    certificates: [options.certificate, ...(options.chain ?? [])].map((c) => pkijsCertificate(c)),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return encode(contentInfo.toSchema());
}

/**
 * Adds a signer to an existing CMS over the same content (a joint signature: each signer's SignerInfo, the
 * certificates of all). Returns the new CMS DER.
 *
 * @example
 * ```ts
 * const first = await signDetached({ content, certificate: a.certificate, privateKey: a.privateKey!, signingTime });
 * const both = await addSigner(first, { content, certificate: b.certificate, privateKey: b.privateKey!, signingTime });
 * ```
 */
export async function addSigner(cms: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  const info = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
  const sd = new pkijs.SignedData({ schema: info.content });
  const signerInfo = await makeSignerInfo({ ...options, eContentType: sd.encapContentInfo.eContentType });
  sd.signerInfos.push(signerInfo);
  const digestAlg = options.privateKey.digestAlgorithm();
  if (!sd.digestAlgorithms.some((a) => a.algorithmId === digestAlg.oid))
    sd.digestAlgorithms.push(pkijsAlgorithm(digestAlg));
  const present = new Set(
    (sd.certificates ?? []).map((c) => Buffer.from(encode((c as pkijs.Certificate).toSchema())).toString('base64')),
  );
  for (const der of [options.certificate, ...(options.chain ?? [])]) {
    if (!present.has(Buffer.from(der).toString('base64'))) (sd.certificates ??= []).push(pkijsCertificate(der));
  }
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return encode(contentInfo.toSchema());
}

/**
 * Signs content as a detached CMS (CAdES-BES; CAdES-T with `timestamp`): signed attributes content type, message
 * digest, signing time and signing-certificate-v2, the signer's certificate and `chain` included.
 *
 * @example
 * ```ts
 * const cms = await signDetached({ content: xml, certificate: signer.certificate, privateKey: signer.privateKey,
 *   signingTime: new Date('2026-03-01T10:00:00Z'), timestamp: tsa });
 * ```
 */
export async function signDetached(options: SignOptions): Promise<Uint8Array> {
  return buildSignedData(options);
}
