/**
 * X.509 certificates with the Russian subject attributes (INN, INN of a legal entity, SNILS, OGRN, OGRNIP), parsed
 * with pkijs.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describePublicKey } from './algorithms.js';
import { decodeBinaryOrText, encode, toArrayBuffer } from './der.js';
import { PkiError } from './errors.js';
import { OID } from './oids.js';

/** The parts of a distinguished name that Russian certificates carry. */
export interface NameParts {
  readonly commonName?: string;
  readonly surname?: string;
  readonly givenName?: string;
  readonly title?: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
  readonly country?: string;
  readonly state?: string;
  readonly locality?: string;
  readonly street?: string;
  readonly email?: string;
  readonly inn?: string;
  readonly innLe?: string;
  readonly snils?: string;
  readonly ogrn?: string;
  readonly ogrnip?: string;
}

/** Everything this package reads from a certificate. */
export interface CertificateInfo {
  /** The subject as text (RFC 4514 style, most specific attribute first: `CN=…, O=…, INN=…`). */
  readonly subject: string;
  /** The subject's attributes by name. */
  readonly subjectName: NameParts;
  readonly issuer: string;
  readonly issuerName: NameParts;
  /** INN of the person (1.2.643.3.131.1.1), 12 digits; old certificates' `00`+10-digit legal INN is moved to innLe. */
  readonly inn?: string;
  /** INN of the legal entity (1.2.643.100.4), 10 digits. */
  readonly innLe?: string;
  /** SNILS (1.2.643.100.3), 11 digits. */
  readonly snils?: string;
  readonly ogrn?: string;
  readonly ogrnip?: string;
  /** Serial number, hex upper case without leading zero bytes. */
  readonly serialNumber: string;
  /** SHA-1 of the DER, hex upper case: the thumbprint Russian tools show. */
  readonly thumbprint: string;
  /** SHA-256 of the DER, hex upper case. */
  readonly sha256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The private key usage period extension (2.5.29.16), when present. */
  readonly privateKeyUsagePeriod?: { readonly notBefore?: Date; readonly notAfter?: Date };
  /** Key usage bit names: digitalSignature, nonRepudiation, keyEncipherment, …, keyCertSign, cRLSign. */
  readonly keyUsage: readonly string[];
  /** Extended key usage OIDs. */
  readonly extendedKeyUsage: readonly string[];
  /** URLs of the CRL distribution points. */
  readonly crlDistributionPoints: readonly string[];
  /** Certificate policy OIDs. */
  readonly policies: readonly string[];
  /** e.g. `GOST R 34.10-2012 256 (cryptopro-a)`. */
  readonly publicKeyAlgorithm: string;
  /** The signature algorithm OID of the certificate itself. */
  readonly signatureAlgorithm: string;
  /** basicConstraints cA. */
  readonly isCa: boolean;
  /** basicConstraints pathLenConstraint. */
  readonly pathLength?: number;
  /** Heuristic: carries the sign-tool extensions or policies of Russian qualified certificates (63-FZ). */
  readonly qualified: boolean;
  readonly subjectKeyIdentifier?: string;
  readonly authorityKeyIdentifier?: string;
  /** Issuer and subject are the same name. */
  readonly selfIssued: boolean;
  /** SubjectPublicKeyInfo DER. */
  readonly publicKeyInfo: Uint8Array;
  /** The certificate DER. */
  readonly der: Uint8Array;
  /** DER of the subject and issuer Names (for exact issuer matching). */
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
}

const SHORT: Record<string, [string, keyof NameParts | undefined]> = {
  [OID.commonName]: ['CN', 'commonName'],
  [OID.surname]: ['SN', 'surname'],
  [OID.givenName]: ['G', 'givenName'],
  [OID.title]: ['T', 'title'],
  [OID.organization]: ['O', 'organization'],
  [OID.organizationalUnit]: ['OU', 'organizationalUnit'],
  [OID.country]: ['C', 'country'],
  [OID.state]: ['S', 'state'],
  [OID.locality]: ['L', 'locality'],
  [OID.street]: ['STREET', 'street'],
  [OID.email]: ['E', 'email'],
  [OID.inn]: ['INN', 'inn'],
  [OID.innLe]: ['INNLE', 'innLe'],
  [OID.snils]: ['SNILS', 'snils'],
  [OID.ogrn]: ['OGRN', 'ogrn'],
  [OID.ogrnip]: ['OGRNIP', 'ogrnip'],
  [OID.serialNumberAttr]: ['SERIALNUMBER', undefined],
};

function attributeText(value: asn1js.AsnType): string {
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  if (block && typeof block.value === 'string') return block.value;
  return Buffer.from(encode(value as asn1js.BaseBlock)).toString('hex');
}

/** Reads a pkijs name into text and parts. */
export function readName(name: pkijs.RelativeDistinguishedNames): { text: string; parts: NameParts } {
  const parts: Record<string, string> = {};
  const texts: string[] = [];
  for (const tv of name.typesAndValues) {
    const value = attributeText(tv.value).trim();
    const known = SHORT[tv.type];
    texts.push(`${known ? known[0] : tv.type}=${escapeDn(value)}`);
    const key = known?.[1];
    if (key && parts[key] === undefined) parts[key] = value;
  }
  return { text: texts.reverse().join(', '), parts: parts as NameParts };
}

function escapeDn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

function keyUsageNames(bits: asn1js.BitString): string[] {
  const bytes = bits.valueBlock.valueHexView;
  const out: string[] = [];
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bytes[i >> 3] ?? 0;
    if (byte & (0x80 >> (i & 7))) out.push(name);
  });
  return out;
}

function hexUpper(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes)
    .toString('hex')
    .toUpperCase();
}

function digits(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = value.replace(/\D/g, '');
  return d.length > 0 ? d : undefined;
}

function generalNameUris(names: pkijs.GeneralName[] | undefined): string[] {
  return (names ?? []).filter((n) => n.type === 6 && typeof n.value === 'string').map((n) => n.value as string);
}

/** The pkijs certificate of DER (internal). */
export function pkijsCertificate(der: Uint8Array): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch (e) {
    throw new PkiError('CERTIFICATE_MALFORMED', `not an X.509 certificate: ${(e as Error).message}`);
  }
}

/**
 * Parses an X.509 certificate (DER, PEM or base64 text) with the Russian subject attributes. Throws PkiError
 * `CERTIFICATE_MALFORMED` for anything else.
 *
 * @example
 * ```ts
 * const info = parseCertificate(readFileSync('signer.cer'));
 * console.log(info.subjectName.commonName, info.inn, info.snils, info.thumbprint);
 * ```
 */
export function parseCertificate(bytes: Uint8Array): CertificateInfo {
  const der = decodeBinaryOrText(bytes, ['CERTIFICATE']);
  if (!der) throw new PkiError('CERTIFICATE_MALFORMED', 'not DER, PEM or base64 of a certificate');
  const key = createHash('sha256').update(der).digest('base64');
  const hit = parsed.get(key);
  if (hit) return hit;
  const cert = pkijsCertificate(der);
  let info: CertificateInfo;
  try {
    info = Object.freeze(describe(cert, der));
  } catch (e) {
    if (e instanceof PkiError) throw e;
    throw new PkiError('CERTIFICATE_MALFORMED', `unreadable certificate: ${(e as Error).message}`);
  }
  parsed.set(key, info);
  if (parsed.size > PARSE_CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
  return info;
}

/** Certificates parsed recently, by SHA-256 of the DER: verification meets the same CA and signer certificates often. */
const parsed = new Map<string, CertificateInfo>();
const PARSE_CACHE_SIZE = 512;
const signatureParts = new Map<string, ReturnType<typeof readSignatureParts>>();

function describe(cert: pkijs.Certificate, derIn: Uint8Array): CertificateInfo {
  const der = derIn.slice();
  const subject = readName(cert.subject);
  const issuer = readName(cert.issuer);
  let keyUsage: string[] = [];
  let extendedKeyUsage: string[] = [];
  let crlDistributionPoints: string[] = [];
  let policies: string[] = [];
  let isCa = false;
  let pathLength: number | undefined;
  let privateKeyUsagePeriod: { notBefore?: Date; notAfter?: Date } | undefined;
  let hasSignTools = false;
  let subjectKeyIdentifier: string | undefined;
  let authorityKeyIdentifier: string | undefined;
  for (const ext of cert.extensions ?? []) {
    const parsed: unknown = ext.parsedValue;
    switch (ext.extnID) {
      case OID.keyUsage:
        if (parsed instanceof asn1js.BitString) keyUsage = keyUsageNames(parsed);
        break;
      case OID.extKeyUsage:
        if (parsed instanceof pkijs.ExtKeyUsage) extendedKeyUsage = parsed.keyPurposes.slice();
        break;
      case OID.basicConstraints:
        if (parsed instanceof pkijs.BasicConstraints) {
          isCa = parsed.cA;
          if (typeof parsed.pathLenConstraint === 'number') pathLength = parsed.pathLenConstraint;
          else if (parsed.pathLenConstraint instanceof asn1js.Integer)
            pathLength = parsed.pathLenConstraint.valueBlock.valueDec;
        }
        break;
      case OID.crlDistributionPoints:
        if (parsed instanceof pkijs.CRLDistributionPoints) {
          for (const dp of parsed.distributionPoints) {
            if (Array.isArray(dp.distributionPoint))
              crlDistributionPoints.push(...generalNameUris(dp.distributionPoint));
          }
        }
        break;
      case OID.certificatePolicies:
        if (parsed instanceof pkijs.CertificatePolicies)
          policies = parsed.certificatePolicies.map((p) => p.policyIdentifier);
        break;
      case OID.privateKeyUsagePeriod:
        if (parsed instanceof pkijs.PrivateKeyUsagePeriod) {
          privateKeyUsagePeriod = { notBefore: parsed.notBefore, notAfter: parsed.notAfter };
        }
        break;
      case OID.subjectSignTool:
      case OID.issuerSignTool:
        hasSignTools = true;
        break;
      case OID.subjectKeyIdentifier:
        if (parsed instanceof asn1js.OctetString) subjectKeyIdentifier = hexUpper(parsed.valueBlock.valueHexView);
        break;
      case OID.authorityKeyIdentifier:
        if (parsed instanceof pkijs.AuthorityKeyIdentifier && parsed.keyIdentifier) {
          authorityKeyIdentifier = hexUpper(parsed.keyIdentifier.valueBlock.valueHexView);
        }
        break;
    }
  }
  crlDistributionPoints = [...new Set(crlDistributionPoints)];
  let inn = digits(subject.parts.inn);
  let innLe = digits(subject.parts.innLe);
  if (inn && inn.length === 12 && inn.startsWith('00')) {
    innLe ??= inn.slice(2);
    inn = undefined;
  }
  const serialBytes = new Uint8Array(cert.serialNumber.valueBlock.valueHexView);
  let start = 0;
  while (start < serialBytes.length - 1 && serialBytes[start] === 0) start++;
  const publicKeyInfo = encode(cert.subjectPublicKeyInfo.toSchema());
  let publicKeyAlgorithm: string;
  try {
    publicKeyAlgorithm = describePublicKey(publicKeyInfo).name;
  } catch {
    publicKeyAlgorithm = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  }
  const subjectDer = encode(cert.subject.toSchema());
  const issuerDer = encode(cert.issuer.toSchema());
  return {
    subject: subject.text,
    subjectName: subject.parts,
    issuer: issuer.text,
    issuerName: issuer.parts,
    inn,
    innLe,
    snils: digits(subject.parts.snils),
    ogrn: digits(subject.parts.ogrn),
    ogrnip: digits(subject.parts.ogrnip),
    serialNumber: hexUpper(serialBytes.subarray(start)),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    privateKeyUsagePeriod,
    keyUsage,
    extendedKeyUsage,
    crlDistributionPoints,
    policies,
    publicKeyAlgorithm,
    signatureAlgorithm: cert.signatureAlgorithm.algorithmId,
    isCa,
    pathLength,
    qualified: hasSignTools || policies.some((p) => (OID.qualifiedPolicies as readonly string[]).includes(p)),
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    selfIssued: Buffer.from(subjectDer).equals(Buffer.from(issuerDer)),
    publicKeyInfo,
    der,
    subjectDer,
    issuerDer,
  };
}

/** The TBS bytes, signature algorithm and signature value of a certificate (for chain checks). */
export function certificateSignatureParts(der: Uint8Array): {
  tbs: Uint8Array;
  algorithm: { oid: string; params?: Uint8Array };
  signature: Uint8Array;
} {
  const key = createHash('sha256').update(der).digest('base64');
  let parts = signatureParts.get(key);
  if (!parts) {
    parts = readSignatureParts(der);
    signatureParts.set(key, parts);
    if (signatureParts.size > PARSE_CACHE_SIZE) signatureParts.delete(signatureParts.keys().next().value as string);
  }
  return parts;
}

function readSignatureParts(der: Uint8Array): {
  tbs: Uint8Array;
  algorithm: { oid: string; params?: Uint8Array };
  signature: Uint8Array;
} {
  const cert = pkijsCertificate(der);
  const params = cert.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
  return {
    tbs: new Uint8Array(cert.tbsView),
    algorithm: {
      oid: cert.signatureAlgorithm.algorithmId,
      params: params && !(params instanceof asn1js.Null) ? encode(params as asn1js.BaseBlock) : undefined,
    },
    signature: new Uint8Array(cert.signatureValue.valueBlock.valueHexView),
  };
}
