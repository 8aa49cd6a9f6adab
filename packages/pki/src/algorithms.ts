/**
 * Digest and signature verification by algorithm identifier: GOST R 34.10-2012 here (see `gost/`), RSA
 * (PKCS#1 v1.5 and PSS) and ECDSA (P-256, P-384) through the platform's WebCrypto.
 */
import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import { parseDer, toArrayBuffer } from './der.js';
import { PkiError } from './errors.js';
import { GostPublicKey, gostVerifyDigest } from './gost/gost3410.js';
import { gostParamSet } from './gost/param-sets.js';
import { streebog256, streebog512 } from './gost/streebog.js';
import { type AlgorithmId } from './keys.js';
import { OID } from './oids.js';

const DIGESTS: Record<string, { name: string; fn: (d: Uint8Array) => Uint8Array }> = {
  [OID.gost3411_2012_256]: { name: 'Streebog-256', fn: streebog256 },
  [OID.gost3411_2012_512]: { name: 'Streebog-512', fn: streebog512 },
  [OID.sha1]: { name: 'SHA-1', fn: (d) => new Uint8Array(createHash('sha1').update(d).digest()) },
  [OID.sha256]: { name: 'SHA-256', fn: (d) => new Uint8Array(createHash('sha256').update(d).digest()) },
  [OID.sha384]: { name: 'SHA-384', fn: (d) => new Uint8Array(createHash('sha384').update(d).digest()) },
  [OID.sha512]: { name: 'SHA-512', fn: (d) => new Uint8Array(createHash('sha512').update(d).digest()) },
};

/** Human name of a digest OID, or undefined for an unknown one. */
export function digestName(oid: string): string | undefined {
  return DIGESTS[oid]?.name;
}

/**
 * Digest of data by algorithm OID; throws PkiError `UNSUPPORTED_ALGORITHM` for an unknown one.
 *
 * @example
 * ```ts
 * const d = digest('1.2.643.7.1.1.2.2', bytes); // Streebog-256
 * ```
 */
export function digest(oid: string, data: Uint8Array): Uint8Array {
  const d = DIGESTS[oid];
  if (!d) throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported digest algorithm ${oid}`);
  return d.fn(data);
}

/** What a SubjectPublicKeyInfo says about its key. */
export interface PublicKeyDescription {
  /** e.g. `GOST R 34.10-2012 256 (cryptopro-a)`, `ECDSA P-256`, `RSA 2048`. */
  readonly name: string;
  readonly oid: string;
  readonly gostParamSet?: string;
}

interface SpkiParts {
  readonly oid: string;
  readonly params: asn1js.AsnType | undefined;
  readonly key: Uint8Array;
}

function spkiParts(spki: Uint8Array): SpkiParts {
  const seq = parseDer(spki) as asn1js.Sequence;
  const alg = seq.valueBlock.value[0] as asn1js.Sequence;
  const bits = seq.valueBlock.value[1] as asn1js.BitString;
  return {
    oid: (alg.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
    params: alg.valueBlock.value[1],
    key: new Uint8Array(bits.valueBlock.valueHexView),
  };
}

function gostKeyOf(parts: SpkiParts): GostPublicKey {
  const params = parts.params as asn1js.Sequence | undefined;
  const setOid = (params?.valueBlock.value[0] as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
  const set = setOid ? gostParamSet(setOid) : undefined;
  if (!set) throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported GOST parameter set ${setOid ?? '(none)'}`);
  const expectedBits = parts.oid === OID.gost3410_2012_256 ? 256 : 512;
  if (set.bits !== expectedBits)
    throw new PkiError('UNSUPPORTED_ALGORITHM', 'GOST key size and parameter set disagree');
  const inner = parseDer(parts.key);
  if (!(inner instanceof asn1js.OctetString)) throw new Error('GOST public key is not an OCTET STRING');
  return GostPublicKey.fromBytes(set, new Uint8Array(inner.valueBlock.valueHexView));
}

/**
 * Describes a SubjectPublicKeyInfo.
 *
 * @example
 * ```ts
 * describePublicKey(spki).name; // 'GOST R 34.10-2012 256 (cryptopro-a)'
 * ```
 */
export function describePublicKey(spki: Uint8Array): PublicKeyDescription {
  const parts = spkiParts(spki);
  if (parts.oid === OID.gost3410_2012_256 || parts.oid === OID.gost3410_2012_512) {
    const setOid = (
      (parts.params as asn1js.Sequence | undefined)?.valueBlock.value[0] as asn1js.ObjectIdentifier | undefined
    )?.valueBlock.toString();
    const set = setOid ? gostParamSet(setOid) : undefined;
    const bits = parts.oid === OID.gost3410_2012_256 ? 256 : 512;
    return { name: `GOST R 34.10-2012 ${bits}${set ? ` (${set.name})` : ''}`, oid: parts.oid, gostParamSet: setOid };
  }
  if (parts.oid === OID.ecPublicKey) {
    const curve = (parts.params as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
    const name = curve === OID.p256 ? 'P-256' : curve === OID.p384 ? 'P-384' : (curve ?? 'unknown curve');
    return { name: `ECDSA ${name}`, oid: parts.oid };
  }
  if (parts.oid === OID.rsaEncryption || parts.oid === OID.rsaPss) {
    const rsa = parseDer(parts.key) as asn1js.Sequence;
    const n = rsa.valueBlock.value[0] as asn1js.Integer;
    let bytes = n.valueBlock.valueHexView.length;
    if (n.valueBlock.valueHexView[0] === 0) bytes--;
    return { name: `RSA ${bytes * 8}`, oid: parts.oid };
  }
  return { name: parts.oid, oid: parts.oid };
}

/** The human name of a signature algorithm as reported in verdicts, e.g. `GOST R 34.10-2012 256 / Streebog-256`. *
 * @example
 * ```ts
 * signatureAlgorithmName('1.2.643.7.1.1.1.1', '1.2.643.7.1.1.2.2'); // 'GOST R 34.10-2012 256 / Streebog-256'
 * ```
 */
export function signatureAlgorithmName(sigOid: string, digestOid: string | undefined): string {
  switch (sigOid) {
    case OID.gost3410_2012_256:
    case OID.signWithGost3411_2012_256:
      return 'GOST R 34.10-2012 256 / Streebog-256';
    case OID.gost3410_2012_512:
    case OID.signWithGost3411_2012_512:
      return 'GOST R 34.10-2012 512 / Streebog-512';
    case OID.ecdsaWithSha256:
      return 'ECDSA / SHA-256';
    case OID.ecdsaWithSha384:
      return 'ECDSA / SHA-384';
    case OID.ecdsaWithSha512:
      return 'ECDSA / SHA-512';
    case OID.sha256WithRsa:
      return 'RSA PKCS#1 v1.5 / SHA-256';
    case OID.sha384WithRsa:
      return 'RSA PKCS#1 v1.5 / SHA-384';
    case OID.sha512WithRsa:
      return 'RSA PKCS#1 v1.5 / SHA-512';
    case OID.rsaPss:
      return 'RSA-PSS';
    case OID.rsaEncryption:
      return `RSA PKCS#1 v1.5 / ${digestOid ? (digestName(digestOid) ?? digestOid) : '?'}`;
    case OID.ecPublicKey:
      return `ECDSA / ${digestOid ? (digestName(digestOid) ?? digestOid) : '?'}`;
    default:
      return sigOid;
  }
}

const HASH_NAMES: Record<string, string> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

/** ECDSA signatures are DER SEQUENCE { r, s }; WebCrypto wants r||s of fixed width. */
function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const seq = parseDer(der) as asn1js.Sequence;
    const out = new Uint8Array(size * 2);
    for (let i = 0; i < 2; i++) {
      const int = seq.valueBlock.value[i];
      if (!(int instanceof asn1js.Integer)) return undefined;
      let v = new Uint8Array(int.valueBlock.valueHexView);
      while (v.length > size && v[0] === 0) v = v.subarray(1);
      if (v.length > size) return undefined;
      out.set(v, i * size + (size - v.length));
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Verifies `signature` over `data` with the key of `spki` under signature algorithm `alg` (an X.509 signature
 * algorithm, or the key algorithm as CMS SignerInfos often name it, with `digestOid` then giving the hash).
 * Returns false for a wrong signature; throws PkiError `UNSUPPORTED_ALGORITHM` for an algorithm it does not know.
 *
 * @example
 * ```ts
 * const ok = await verifySignature(cert.publicKeyInfo, { oid: '1.2.643.7.1.1.3.2' }, tbs, signatureValue);
 * ```
 */
export async function verifySignature(
  spki: Uint8Array,
  alg: AlgorithmId,
  data: Uint8Array,
  signature: Uint8Array,
  digestOid?: string,
): Promise<boolean> {
  const parts = spkiParts(spki);
  const sigOid = alg.oid;
  if (parts.oid === OID.gost3410_2012_256 || parts.oid === OID.gost3410_2012_512) {
    const bits = parts.oid === OID.gost3410_2012_256 ? 256 : 512;
    const allowed: string[] =
      bits === 256
        ? [OID.gost3410_2012_256, OID.signWithGost3411_2012_256]
        : [OID.gost3410_2012_512, OID.signWithGost3411_2012_512];
    if (!allowed.includes(sigOid)) {
      throw new PkiError('UNSUPPORTED_ALGORITHM', `signature algorithm ${sigOid} does not fit a GOST ${bits} key`);
    }
    if (digestOid && digestOid !== (bits === 256 ? OID.gost3411_2012_256 : OID.gost3411_2012_512)) {
      throw new PkiError('UNSUPPORTED_ALGORITHM', `digest ${digestOid} does not fit a GOST ${bits} key`);
    }
    const key = gostKeyOf(parts);
    return gostVerifyDigest(key, bits === 256 ? streebog256(data) : streebog512(data), signature);
  }
  const subtle = webcrypto.subtle;
  if (parts.oid === OID.ecPublicKey) {
    const curveOid = (parts.params as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
    const namedCurve = curveOid === OID.p256 ? 'P-256' : curveOid === OID.p384 ? 'P-384' : undefined;
    if (!namedCurve) throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported EC curve ${curveOid ?? '(none)'}`);
    const hashOid =
      sigOid === OID.ecdsaWithSha256
        ? OID.sha256
        : sigOid === OID.ecdsaWithSha384
          ? OID.sha384
          : sigOid === OID.ecdsaWithSha512
            ? OID.sha512
            : sigOid === OID.ecPublicKey
              ? digestOid
              : undefined;
    const hash = hashOid ? HASH_NAMES[hashOid] : undefined;
    if (!hash) throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported ECDSA signature algorithm ${sigOid}`);
    const raw = ecdsaDerToRaw(signature, namedCurve === 'P-256' ? 32 : 48);
    if (!raw) return false;
    const key = await subtle.importKey('spki', toArrayBuffer(spki), { name: 'ECDSA', namedCurve }, false, ['verify']);
    return subtle.verify({ name: 'ECDSA', hash }, key, toArrayBuffer(raw), toArrayBuffer(data));
  }
  if (parts.oid === OID.rsaEncryption) {
    if (sigOid === OID.rsaPss) {
      const { hash, saltLength } = pssParams(alg);
      const key = await subtle.importKey('spki', toArrayBuffer(spki), { name: 'RSA-PSS', hash }, false, ['verify']);
      return subtle.verify({ name: 'RSA-PSS', saltLength }, key, toArrayBuffer(signature), toArrayBuffer(data));
    }
    const hashOid =
      sigOid === OID.sha256WithRsa
        ? OID.sha256
        : sigOid === OID.sha384WithRsa
          ? OID.sha384
          : sigOid === OID.sha512WithRsa
            ? OID.sha512
            : sigOid === OID.rsaEncryption
              ? digestOid
              : undefined;
    const hash = hashOid ? HASH_NAMES[hashOid] : undefined;
    if (!hash) throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported RSA signature algorithm ${sigOid}`);
    const key = await subtle.importKey('spki', toArrayBuffer(spki), { name: 'RSASSA-PKCS1-v1_5', hash }, false, [
      'verify',
    ]);
    return subtle.verify('RSASSA-PKCS1-v1_5', key, toArrayBuffer(signature), toArrayBuffer(data));
  }
  throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported public key algorithm ${parts.oid}`);
}

/** RSASSA-PSS-params (RFC 4055): hash (default SHA-1) and salt length (default 20). */
function pssParams(alg: AlgorithmId): { hash: string; saltLength: number } {
  let hash = 'SHA-1';
  let saltLength = 20;
  if (alg.params) {
    const seq = parseDer(alg.params) as asn1js.Sequence;
    for (const item of seq.valueBlock.value) {
      const tag = item.idBlock.tagNumber;
      const inner = (item as asn1js.Constructed).valueBlock.value[0];
      if (tag === 0 && inner instanceof asn1js.Sequence) {
        const oid = (inner.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
        const name = HASH_NAMES[oid];
        if (!name) throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported PSS hash ${oid}`);
        hash = name;
      } else if (tag === 2 && inner instanceof asn1js.Integer) {
        saltLength = inner.valueBlock.valueDec;
      }
    }
  }
  return { hash, saltLength };
}
