/**
 * Verification of CMS SignedData (detached or attached; DER, PEM or base64): the content digest against the
 * message-digest attribute, the signature over the DER of the signed attributes, the signer's certificate
 * (signing-certificate-v2), a signature time-stamp token (CAdES-T), the chain to the trust store and the
 * certificate's validity and revocation at signing time. Each part is reported even when another fails.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, signatureAlgorithmName, verifySignature } from './algorithms.js';
import { parseCertificate, type CertificateInfo } from './certificate.js';
import { type Clock, systemClock } from './clock.js';
import { bytesEqual, decodeBinaryOrText, encode, toArrayBuffer } from './der.js';
import { PkiError, type VerificationProblem } from './errors.js';
import { OID } from './oids.js';
import { type TrustStore } from './trust-store.js';
import { isCertificateValidAt, type RevocationInfo } from './validation.js';

/** Options of {@link verifyDetachedSignature}. */
export interface VerifyDetachedOptions {
  /** The signed content (the exact bytes of the file). May be empty for an attached signature. */
  readonly content: Uint8Array;
  /** The CMS: DER, PEM or base64 text bytes. */
  readonly signature: Uint8Array;
  readonly trustStore: TrustStore;
  /** Check the certificate at this time instead of the signature's own time (timestamp, else signing time). */
  readonly at?: Date;
  /** CRLs (DER or PEM) besides those of the trust store. */
  readonly crls?: readonly Uint8Array[];
  /** "Now", used when the signature carries no time at all; default the platform clock. */
  readonly clock?: Clock;
}

/** A verified signature time-stamp token. */
export interface TimestampVerdict {
  /** genTime of the token. */
  readonly time: Date;
  /** Token signature, message imprint and TSA chain all correct. */
  readonly valid: boolean;
  readonly tsa: CertificateInfo | null;
}

/** The verdict of {@link verifyDetachedSignature}. */
export interface SignatureVerdict {
  /** All of: digest matches, signature valid, chain valid, certificate valid at signing, timestamp (if any) valid. */
  readonly valid: boolean;
  /** e.g. `GOST R 34.10-2012 256 / Streebog-256`; null when the CMS could not be read. */
  readonly algorithm: string | null;
  /** The trusted timestamp's time when there is a valid one, else the signing-time attribute. */
  readonly signedAt: Date | null;
  /** Where `signedAt` comes from. */
  readonly signedAtSource: 'timestamp' | 'signing-time' | null;
  readonly timestamp: TimestampVerdict | null;
  /** The content's digest equals the message-digest attribute (or, without signed attributes, the signature holds). */
  readonly digestMatches: boolean;
  /** The signature value verifies with the signer certificate's key. */
  readonly signatureValid: boolean;
  /** The signer's certificate chains to the trust store, every signature and CA on the way correct. */
  readonly chainValid: boolean;
  /** The certificate covered the signing time and was not revoked then. */
  readonly certificateValidAtSigning: boolean;
  readonly signer: CertificateInfo | null;
  /** The certification path found, signer first. */
  readonly chain: readonly CertificateInfo[];
  /** The signer certificate's revocation, when a CRL lists it. */
  readonly revocation: RevocationInfo | null;
  readonly errors: readonly VerificationProblem[];
}

function malformed(message: string): SignatureVerdict {
  return {
    valid: false,
    algorithm: null,
    signedAt: null,
    signedAtSource: null,
    timestamp: null,
    digestMatches: false,
    signatureValid: false,
    chainValid: false,
    certificateValidAtSigning: false,
    signer: null,
    chain: [],
    revocation: null,
    errors: [{ code: 'SIGNATURE_MALFORMED', message }],
  };
}

function readSignedData(der: Uint8Array): pkijs.SignedData {
  const info = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
  if (info.contentType !== OID.signedData) throw new Error(`content type ${info.contentType} is not SignedData`);
  return new pkijs.SignedData({ schema: info.content });
}

function attributeValue(
  attrs: pkijs.SignedAndUnsignedAttributes | undefined,
  type: string,
): asn1js.AsnType | undefined {
  return attrs?.attributes.find((a) => a.type === type)?.values[0] as asn1js.AsnType | undefined;
}

function octets(value: asn1js.AsnType | undefined): Uint8Array | undefined {
  if (!(value instanceof asn1js.OctetString)) return undefined;
  return new Uint8Array(value.getValue());
}

function algorithmOf(alg: pkijs.AlgorithmIdentifier): { oid: string; params?: Uint8Array } {
  const params = alg.algorithmParams as asn1js.AsnType | undefined;
  return {
    oid: alg.algorithmId,
    params: params && !(params instanceof asn1js.Null) ? encode(params as asn1js.BaseBlock) : undefined,
  };
}

function certificatesOf(sd: pkijs.SignedData): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  for (const c of sd.certificates ?? []) {
    if (c instanceof pkijs.Certificate) {
      try {
        out.push(parseCertificate(encode(c.toSchema())));
      } catch {
        // Not readable: cannot be the signer.
      }
    }
  }
  return out;
}

function findSigner(si: pkijs.SignerInfo, candidates: readonly CertificateInfo[]): CertificateInfo | undefined {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const issuerDer = encode(si.sid.issuer.toSchema());
    const serial = Buffer.from(si.sid.serialNumber.valueBlock.valueHexView)
      .toString('hex')
      .toUpperCase()
      .replace(/^(00)+(?=.)/, '');
    return candidates.find((c) => bytesEqual(c.issuerDer, issuerDer) && c.serialNumber === serial);
  }
  const ski = si.sid as asn1js.AsnType;
  const id = Buffer.from((ski as asn1js.Primitive).valueBlock.valueHexView)
    .toString('hex')
    .toUpperCase();
  return candidates.find((c) => c.subjectKeyIdentifier === id);
}

interface SignerResult {
  readonly signer: CertificateInfo | null;
  readonly algorithm: string;
  readonly digestMatches: boolean;
  readonly signatureValid: boolean;
  readonly signingTime: Date | null;
  readonly errors: VerificationProblem[];
}

/** Checks one SignerInfo over `content`: digest, signed attributes, signature, signing certificate. */
async function verifySignerInfo(
  sd: pkijs.SignedData,
  si: pkijs.SignerInfo,
  content: Uint8Array,
  extraCertificates: readonly CertificateInfo[],
): Promise<SignerResult> {
  const errors: VerificationProblem[] = [];
  const digestOid = si.digestAlgorithm.algorithmId;
  const sigAlg = algorithmOf(si.signatureAlgorithm);
  const algorithm = signatureAlgorithmName(sigAlg.oid, digestOid);
  const signer = findSigner(si, [...certificatesOf(sd), ...extraCertificates]) ?? null;
  if (!signer)
    errors.push({
      code: 'SIGNATURE_INVALID',
      message: 'the signer certificate is not in the signature nor in the trust store',
    });

  let contentDigest: Uint8Array | undefined;
  try {
    contentDigest = digest(digestOid, content);
  } catch (e) {
    errors.push({ code: 'UNSUPPORTED_ALGORITHM', message: (e as Error).message });
  }

  let signingTime: Date | null = null;
  let digestMatches = false;
  let signedBytes: Uint8Array;
  if (si.signedAttrs) {
    const md = octets(attributeValue(si.signedAttrs, OID.messageDigest));
    if (!md) errors.push({ code: 'SIGNATURE_MALFORMED', message: 'no message-digest attribute' });
    digestMatches = !!md && !!contentDigest && bytesEqual(md, contentDigest);
    if (md && contentDigest && !digestMatches) {
      errors.push({
        code: 'DIGEST_MISMATCH',
        message: 'the content does not match the message digest the signature covers',
      });
    }
    const ct = attributeValue(si.signedAttrs, OID.contentType);
    if (!(ct instanceof asn1js.ObjectIdentifier) || ct.valueBlock.toString() !== sd.encapContentInfo.eContentType) {
      errors.push({
        code: 'SIGNATURE_INVALID',
        message: 'the content-type attribute does not match the encapsulated content type',
      });
    }
    const st = attributeValue(si.signedAttrs, OID.signingTime);
    if (st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime) signingTime = st.toDate();
    signedBytes = new Uint8Array(si.signedAttrs.encodedValue); // already re-tagged as SET OF by pkijs
    if (signer) {
      const certIdError = checkSigningCertificate(si.signedAttrs, signer);
      if (certIdError) errors.push(certIdError);
    }
  } else {
    signedBytes = content;
  }

  let signatureValid = false;
  if (signer) {
    try {
      signatureValid = await verifySignature(
        signer.publicKeyInfo,
        sigAlg,
        signedBytes,
        new Uint8Array(si.signature.valueBlock.valueHexView),
        digestOid,
      );
      if (!signatureValid && si.signedAttrs) {
        // The signature is over the DER of the attributes; some signers emit them unsorted (BER) but sign the DER.
        const canonical = canonicalSetOf(signedBytes);
        if (canonical && !bytesEqual(canonical, signedBytes)) {
          signatureValid = await verifySignature(
            signer.publicKeyInfo,
            sigAlg,
            canonical,
            new Uint8Array(si.signature.valueBlock.valueHexView),
            digestOid,
          );
        }
      }
      if (!signatureValid)
        errors.push({
          code: 'SIGNATURE_INVALID',
          message: 'the signature value does not verify with the signer certificate key',
        });
    } catch (e) {
      if (e instanceof PkiError) errors.push({ code: e.code, message: e.message });
      else
        errors.push({
          code: 'SIGNATURE_INVALID',
          message: `the signer key or signature is unreadable: ${(e as Error).message}`,
        });
    }
  }
  if (!si.signedAttrs) digestMatches = signatureValid;
  return { signer, algorithm, digestMatches, signatureValid, signingTime, errors };
}

/**
 * The DER form of a SET OF: its elements sorted by their encodings (X.690, 11.6). Undefined when the bytes are not
 * a definite-length SET. Internal; exported for tests.
 */
export function canonicalSetOf(bytes: Uint8Array): Uint8Array | undefined {
  try {
    const parsed = asn1js.fromBER(toArrayBuffer(bytes));
    if (parsed.offset !== bytes.length || !(parsed.result instanceof asn1js.Set)) return undefined;
    const items = parsed.result.valueBlock.value.map((v) => Buffer.from(encode(v as asn1js.BaseBlock)));
    items.sort(Buffer.compare);
    return encode(new asn1js.Set({ value: items.map((b) => asn1js.fromBER(toArrayBuffer(new Uint8Array(b))).result) }));
  } catch {
    return undefined;
  }
}

/** Checks the ESS signing-certificate(-v2) attribute, when present, names the certificate used. */
function checkSigningCertificate(
  attrs: pkijs.SignedAndUnsignedAttributes,
  signer: CertificateInfo,
): VerificationProblem | undefined {
  const v2 = attributeValue(attrs, OID.signingCertificateV2);
  const v1 = attributeValue(attrs, OID.signingCertificate);
  const value = v2 ?? v1;
  if (!value) return undefined;
  try {
    const certs = (value as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    const items = first.valueBlock.value;
    let hashOid: string = v2 ? OID.sha256 : OID.sha1;
    let i = 0;
    if (v2 && items[0] instanceof asn1js.Sequence) {
      hashOid = ((items[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
      i = 1;
    }
    const hash = octets(items[i]);
    if (!hash || !bytesEqual(hash, digest(hashOid, signer.der))) {
      return { code: 'SIGNATURE_INVALID', message: 'the signing-certificate attribute names another certificate' };
    }
    return undefined;
  } catch (e) {
    return {
      code: 'SIGNATURE_MALFORMED',
      message: `unreadable signing-certificate attribute: ${(e as Error).message}`,
    };
  }
}

/** Verifies a signature time-stamp token over `signatureValue`. */
async function verifyTimestamp(
  tokenValue: asn1js.AsnType,
  signatureValue: Uint8Array,
  options: VerifyDetachedOptions,
): Promise<{ verdict: TimestampVerdict | null; errors: VerificationProblem[] }> {
  const errors: VerificationProblem[] = [];
  let sd: pkijs.SignedData;
  let tst: pkijs.TSTInfo;
  let tstDer: Uint8Array;
  try {
    sd = readSignedData(encode(tokenValue as asn1js.BaseBlock));
    if (sd.encapContentInfo.eContentType !== OID.tstInfo || !sd.encapContentInfo.eContent)
      throw new Error('not a TSTInfo');
    tstDer = new Uint8Array(sd.encapContentInfo.eContent.getValue());
    tst = pkijs.TSTInfo.fromBER(toArrayBuffer(tstDer));
  } catch (e) {
    return {
      verdict: null,
      errors: [{ code: 'TIMESTAMP_INVALID', message: `unreadable time-stamp token: ${(e as Error).message}` }],
    };
  }
  const si = sd.signerInfos[0];
  if (!si)
    return { verdict: null, errors: [{ code: 'TIMESTAMP_INVALID', message: 'time-stamp token without signer' }] };
  const result = await verifySignerInfo(sd, si, tstDer, options.trustStore.certificates);
  let valid = result.digestMatches && result.signatureValid;
  if (!valid)
    errors.push({
      code: 'TIMESTAMP_INVALID',
      message: `time-stamp token signature: ${result.errors.map((e) => e.message).join('; ')}`,
    });
  try {
    const imprint = digest(tst.messageImprint.hashAlgorithm.algorithmId, signatureValue);
    if (!bytesEqual(imprint, new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView))) {
      valid = false;
      errors.push({ code: 'TIMESTAMP_INVALID', message: 'the time-stamp token covers another signature value' });
    }
  } catch (e) {
    valid = false;
    errors.push({ code: 'TIMESTAMP_INVALID', message: (e as Error).message });
  }
  if (result.signer) {
    if (!result.signer.extendedKeyUsage.includes(OID.ekuTimeStamping)) {
      valid = false;
      errors.push({ code: 'TIMESTAMP_INVALID', message: 'the time-stamp signer is not a time-stamping authority' });
    }
    const status = await isCertificateValidAt(result.signer, tst.genTime, {
      trustStore: options.trustStore,
      crls: options.crls,
      intermediates: certificatesOf(sd),
    });
    if (!status.valid) {
      valid = false;
      errors.push({
        code: 'TIMESTAMP_INVALID',
        message: `time-stamp authority: ${status.errors.map((e) => e.message).join('; ')}`,
      });
    }
  }
  return { verdict: { time: tst.genTime, valid, tsa: result.signer }, errors };
}

/**
 * Verifies a CMS signature over content (its first signer; see {@link verifyAllSigners} for jointly signed documents).
 * Never throws for bad input: unreadable input gives a verdict with
 * `SIGNATURE_MALFORMED`; otherwise every part (digest, signature, chain, certificate at signing time, timestamp)
 * is checked and reported, each failure with its code.
 *
 * @example
 * ```ts
 * const verdict = await verifyDetachedSignature({ content: xmlBytes, signature: sigBytes, trustStore });
 * if (!verdict.valid) console.log(verdict.errors.map((e) => e.code));
 * ```
 */
export async function verifyDetachedSignature(options: VerifyDetachedOptions): Promise<SignatureVerdict> {
  try {
    return await verifyUnsafe(options);
  } catch (e) {
    return malformed(`unreadable signature: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Verifies every signer of a CMS (a document signed jointly, e.g. by two directors acting together, carries one
 * SignerInfo each): one verdict per SignerInfo, in order, each as {@link verifyDetachedSignature} reports it.
 * Unreadable input gives a single `SIGNATURE_MALFORMED` verdict. Never throws.
 *
 * @example
 * ```ts
 * const verdicts = await verifyAllSigners({ content, signature, trustStore });
 * const allValid = verdicts.every((v) => v.valid);
 * ```
 */
export async function verifyAllSigners(options: VerifyDetachedOptions): Promise<SignatureVerdict[]> {
  try {
    const parsed = parseCms(options.signature);
    if (typeof parsed === 'string') return [malformed(parsed)];
    const out: SignatureVerdict[] = [];
    for (const si of parsed.signerInfos) {
      try {
        out.push(await verifyOne(options, parsed, si));
      } catch (e) {
        out.push(malformed(`unreadable signer: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
    return out;
  } catch (e) {
    return [malformed(`unreadable signature: ${e instanceof Error ? e.message : String(e)}`)];
  }
}

/** The SignedData of CMS bytes, or the reason it is malformed. */
function parseCms(bytes: Uint8Array): pkijs.SignedData | string {
  const der = decodeBinaryOrText(bytes, ['CMS', 'PKCS7', 'SIGNED MESSAGE']);
  if (!der) return 'the signature is not DER, PEM or base64 of a CMS structure';
  let sd: pkijs.SignedData;
  try {
    sd = readSignedData(der);
  } catch (e) {
    return `not a CMS SignedData: ${(e as Error).message}`;
  }
  if (sd.signerInfos.length === 0) return 'the SignedData has no signer';
  return sd;
}

async function verifyUnsafe(options: VerifyDetachedOptions): Promise<SignatureVerdict> {
  const sd = parseCms(options.signature);
  if (typeof sd === 'string') return malformed(sd);
  return verifyOne(options, sd, sd.signerInfos[0] as pkijs.SignerInfo);
}

async function verifyOne(
  options: VerifyDetachedOptions,
  sd: pkijs.SignedData,
  si: pkijs.SignerInfo,
): Promise<SignatureVerdict> {
  const attached = sd.encapContentInfo.eContent ? new Uint8Array(sd.encapContentInfo.eContent.getValue()) : undefined;
  const content = options.content.length > 0 || !attached ? options.content : attached;
  const result = await verifySignerInfo(sd, si, content, options.trustStore.certificates);
  const errors = [...result.errors];

  let timestamp: TimestampVerdict | null = null;
  const token = attributeValue(si.unsignedAttrs, OID.signatureTimeStampToken);
  if (token) {
    const ts = await verifyTimestamp(token, new Uint8Array(si.signature.valueBlock.valueHexView), options);
    timestamp = ts.verdict;
    errors.push(...ts.errors);
  }
  const signedAt = timestamp?.valid ? timestamp.time : result.signingTime;
  const signedAtSource = timestamp?.valid ? 'timestamp' : result.signingTime ? 'signing-time' : null;
  const at = options.at ?? signedAt ?? (options.clock ?? systemClock)();

  let chainValid = false;
  let certificateValidAtSigning = false;
  let chain: readonly CertificateInfo[] = [];
  let revocation: RevocationInfo | null = null;
  if (result.signer) {
    const status = await isCertificateValidAt(result.signer, at, {
      trustStore: options.trustStore,
      crls: options.crls,
      intermediates: certificatesOf(sd),
    });
    chainValid = status.chainValid;
    certificateValidAtSigning = status.validAtTime;
    chain = status.chain;
    revocation = status.revocation ?? null;
    errors.push(...status.errors);
  }
  const valid =
    result.digestMatches &&
    result.signatureValid &&
    chainValid &&
    certificateValidAtSigning &&
    (timestamp === null || timestamp.valid) &&
    !errors.some(
      (e) => e.code === 'TIMESTAMP_INVALID' || e.code === 'SIGNATURE_INVALID' || e.code === 'SIGNATURE_MALFORMED',
    );
  return {
    valid,
    algorithm: result.algorithm,
    signedAt,
    signedAtSource,
    timestamp,
    digestMatches: result.digestMatches,
    signatureValid: result.signatureValid,
    chainValid,
    certificateValidAtSigning,
    signer: result.signer,
    chain,
    revocation,
    errors: dedupe(errors),
  };
}

function dedupe(errors: VerificationProblem[]): VerificationProblem[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.code}|${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
