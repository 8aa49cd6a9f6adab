/**
 * Building blocks for issuing: names with the Russian attributes, extensions, and signing of TBS structures
 * (certificates, CRLs, PKCS#10 requests) with a {@link PrivateKey}. Internal to the test CA.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { encode, parseDer, toArrayBuffer } from './der.js';
import { type AlgorithmId, type PrivateKey } from './keys.js';
import { OID } from './oids.js';

/** The subject of a certificate or request. Identifiers are digits only (SNILS may carry separators). */
export interface SubjectInput {
  readonly commonName: string;
  readonly surname?: string;
  /** Given name and patronymic, as Russian certificates carry them (`Иван Иванович`). */
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

type Enc = 'utf8' | 'printable' | 'numeric' | 'ia5';
const ORDER: [keyof SubjectInput, string, Enc][] = [
  ['country', OID.country, 'printable'],
  ['state', OID.state, 'utf8'],
  ['locality', OID.locality, 'utf8'],
  ['street', OID.street, 'utf8'],
  ['organization', OID.organization, 'utf8'],
  ['organizationalUnit', OID.organizationalUnit, 'utf8'],
  ['title', OID.title, 'utf8'],
  ['surname', OID.surname, 'utf8'],
  ['givenName', OID.givenName, 'utf8'],
  ['email', OID.email, 'ia5'],
  ['innLe', OID.innLe, 'numeric'],
  ['ogrn', OID.ogrn, 'numeric'],
  ['ogrnip', OID.ogrnip, 'numeric'],
  ['snils', OID.snils, 'numeric'],
  ['inn', OID.inn, 'numeric'],
  ['commonName', OID.commonName, 'utf8'],
];

function stringValue(enc: Enc, value: string): asn1js.BaseStringBlock {
  switch (enc) {
    case 'printable':
      return new asn1js.PrintableString({ value });
    case 'numeric':
      return new asn1js.NumericString({ value: value.replace(/\D/g, '') });
    case 'ia5':
      return new asn1js.IA5String({ value });
    default:
      return new asn1js.Utf8String({ value });
  }
}

/** A pkijs Name of a subject. */
export function buildName(subject: SubjectInput): pkijs.RelativeDistinguishedNames {
  const name = new pkijs.RelativeDistinguishedNames();
  for (const [key, oid, enc] of ORDER) {
    const v = subject[key];
    if (v !== undefined && v !== '')
      name.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: oid, value: stringValue(enc, v) }));
  }
  return name;
}

/** An AlgorithmIdentifier of pkijs. */
export function pkijsAlgorithm(alg: AlgorithmId): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier(
    alg.params ? { algorithmId: alg.oid, algorithmParams: parseDer(alg.params) } : { algorithmId: alg.oid },
  );
}

/** The SHA-1 key identifier of RFC 5280, 4.2.1.2 (1). */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  const seq = parseDer(spki) as asn1js.Sequence;
  const bits = seq.valueBlock.value[1] as asn1js.BitString;
  return new Uint8Array(createHash('sha1').update(bits.valueBlock.valueHexView).digest());
}

function ext(
  extnID: string,
  critical: boolean,
  value: { toSchema(): asn1js.AsnType } | asn1js.AsnType,
): pkijs.Extension {
  const schema =
    'toSchema' in value && typeof value.toSchema === 'function' ? value.toSchema() : (value as asn1js.AsnType);
  return new pkijs.Extension({ extnID, critical, extnValue: (schema as asn1js.BaseBlock).toBER(false) });
}

const KEY_USAGE_BITS: Record<string, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};

/** Extension options of an issued certificate. */
export interface ExtensionOptions {
  readonly isCa: boolean;
  readonly pathLength?: number;
  readonly keyUsage: readonly string[];
  readonly extendedKeyUsage?: readonly string[];
  readonly extendedKeyUsageCritical?: boolean;
  readonly subjectSpki: Uint8Array;
  readonly issuerSpki?: Uint8Array;
  readonly crlDistributionPoints?: readonly string[];
  readonly policies?: readonly string[];
  readonly privateKeyUsagePeriod?: { notBefore: Date; notAfter: Date };
  /** Adds the subjectSignTool / issuerSignTool extensions of Russian qualified certificates. */
  readonly qualified?: boolean;
}

/** The extensions of a certificate. */
export function buildExtensions(o: ExtensionOptions): pkijs.Extension[] {
  const out: pkijs.Extension[] = [];
  out.push(
    ext(
      OID.basicConstraints,
      true,
      new pkijs.BasicConstraints(
        o.isCa ? { cA: true, ...(o.pathLength !== undefined ? { pathLenConstraint: o.pathLength } : {}) } : {},
      ),
    ),
  );
  let max = -1;
  for (const u of o.keyUsage) max = Math.max(max, KEY_USAGE_BITS[u] ?? -1);
  if (max >= 0) {
    let bits = 0;
    for (const u of o.keyUsage) {
      const b = KEY_USAGE_BITS[u];
      if (b !== undefined) bits |= 0x80 >> b;
    }
    out.push(
      ext(OID.keyUsage, true, new asn1js.BitString({ valueHex: Uint8Array.of(bits).buffer, unusedBits: 7 - max })),
    );
  }
  if (o.extendedKeyUsage && o.extendedKeyUsage.length > 0) {
    out.push(
      ext(
        OID.extKeyUsage,
        o.extendedKeyUsageCritical ?? false,
        new pkijs.ExtKeyUsage({ keyPurposes: [...o.extendedKeyUsage] }),
      ),
    );
  }
  out.push(
    ext(
      OID.subjectKeyIdentifier,
      false,
      new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(o.subjectSpki)) }),
    ),
  );
  if (o.issuerSpki) {
    out.push(
      ext(
        OID.authorityKeyIdentifier,
        false,
        new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(keyIdentifier(o.issuerSpki)) }),
        }),
      ),
    );
  }
  if (o.crlDistributionPoints && o.crlDistributionPoints.length > 0) {
    out.push(
      ext(
        OID.crlDistributionPoints,
        false,
        new pkijs.CRLDistributionPoints({
          distributionPoints: o.crlDistributionPoints.map(
            (url) =>
              new pkijs.DistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: 6, value: url })] }),
          ),
        }),
      ),
    );
  }
  if (o.policies && o.policies.length > 0) {
    out.push(
      ext(
        OID.certificatePolicies,
        false,
        new pkijs.CertificatePolicies({
          certificatePolicies: o.policies.map((p) => new pkijs.PolicyInformation({ policyIdentifier: p })),
        }),
      ),
    );
  }
  if (o.privateKeyUsagePeriod) {
    out.push(ext(OID.privateKeyUsagePeriod, false, new pkijs.PrivateKeyUsagePeriod(o.privateKeyUsagePeriod)));
  }
  if (o.qualified) {
    out.push(ext(OID.subjectSignTool, false, new asn1js.Utf8String({ value: 'mchd test CA signing tool' })));
    out.push(
      ext(
        OID.issuerSignTool,
        false,
        new asn1js.Sequence({
          value: [
            'mchd test CA tool',
            'mchd test CA',
            'not a certified tool: for tests only',
            'not a certified tool: for tests only',
          ].map((value) => new asn1js.Utf8String({ value })),
        }),
      ),
    );
  }
  return out;
}

/** SEQUENCE { tbs, algorithm, BIT STRING signature }: the shape of certificates, CRLs and PKCS#10 requests. */
export function signTbs(tbs: Uint8Array, key: PrivateKey): Uint8Array {
  const signature = key.sign(tbs);
  return encode(
    new asn1js.Sequence({
      value: [
        parseDer(tbs),
        pkijsAlgorithm(key.signatureAlgorithm()).toSchema(),
        new asn1js.BitString({ valueHex: toArrayBuffer(signature) }),
      ],
    }),
  );
}

/** The pkijs Time of a date: UTCTime before 2050, GeneralizedTime from then on (RFC 5280, 4.1.2.5). */
export function pkijsTime(date: Date): pkijs.Time {
  return new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? 0 : 1, value: date });
}
