/**
 * Key pairs of the algorithms the test CA issues with: GOST R 34.10-2012 (256 and 512), ECDSA P-256/P-384 and
 * RSA. Private keys serialize to PKCS#8 (DER or PEM); public keys to SubjectPublicKeyInfo.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
  type KeyObject,
} from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import * as asn1js from 'asn1js';
import { encode, parseDer, toArrayBuffer, toPem } from './der.js';
import { PkiError } from './errors.js';
import {
  bigIntToBytesLE,
  bytesToBigIntLE,
  generateGostKeyPair,
  gostHash,
  gostKeyPairFromPrivate,
  gostSignDigest,
  type GostKeyPair,
  type RandomBytes,
} from './gost/gost3410.js';
import { gostParamSet, type GostParamSet } from './gost/param-sets.js';
import { OID } from './oids.js';

/** The key algorithms of the test CA. */
export type KeyAlgorithm = 'gost256' | 'gost512' | 'ecdsa-p256' | 'ecdsa-p384' | 'rsa';

/** An algorithm identifier: OID and optional DER-encoded parameters. */
export interface AlgorithmId {
  readonly oid: string;
  /** DER of the parameters; absent for none (GOST signature OIDs, ECDSA). */
  readonly params?: Uint8Array;
}

/** Options of {@link generateKeyPair}. */
export interface KeyGenerationOptions {
  /** For GOST keys: the parameter set (name or OID); default `cryptopro-a` (256) or `tc26-512-a` (512). */
  readonly paramSet?: string;
  /** A seed that makes GOST and ECDSA keys reproducible. RSA keys are always random (platform generator). */
  readonly seed?: string | Uint8Array;
  /** RSA modulus length, default 2048. */
  readonly modulusLength?: number;
}

/** A deterministic byte stream from a seed (HMAC-SHA-512 in counter mode). *
 * @example
 * ```ts
 * const random = seededBytes('fixture'); const bytes = random(32); // the same on every run
 * ```
 */
export function seededBytes(seed: string | Uint8Array): RandomBytes {
  const key = typeof seed === 'string' ? new TextEncoder().encode(seed) : seed;
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    let o = 0;
    while (o < length) {
      const block = hmac(sha512, key, Uint8Array.of(counter >>> 24, counter >>> 16, counter >>> 8, counter));
      counter++;
      out.set(block.subarray(0, Math.min(64, length - o)), o);
      o += 64;
    }
    return out;
  };
}

function gostKeyAlgorithm(set: GostParamSet): AlgorithmId {
  // RFC 9215, 4.1: 512-bit keys and the tc26-256-A set carry only the curve; other 256-bit keys also the digest.
  const params: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: set.oid })];
  if (set.bits === 256 && set.oid !== OID.tc26Gost256ParamSetA) {
    params.push(new asn1js.ObjectIdentifier({ value: OID.gost3411_2012_256 }));
  }
  return {
    oid: set.bits === 256 ? OID.gost3410_2012_256 : OID.gost3410_2012_512,
    params: encode(new asn1js.Sequence({ value: params })),
  };
}

function algorithmSchema(alg: AlgorithmId): asn1js.Sequence {
  const value: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: alg.oid })];
  if (alg.params) value.push(parseDer(alg.params));
  return new asn1js.Sequence({ value });
}

/** DER of an AlgorithmIdentifier. */
export function encodeAlgorithmId(alg: AlgorithmId): Uint8Array {
  return encode(algorithmSchema(alg));
}

/**
 * A private key with what signing needs: the signature and digest algorithm identifiers, the public key as
 * SubjectPublicKeyInfo, and `sign` producing the encoding X.509 and CMS expect (GOST s||r, ECDSA DER, RSA raw).
 *
 * @example
 * ```ts
 * const key = generateKeyPair('gost256', { seed: 'signer' });
 * const pem = key.toPem();
 * const again = PrivateKey.fromPkcs8(pem);
 * ```
 */
export class PrivateKey {
  private constructor(
    readonly algorithm: KeyAlgorithm,
    private readonly gost: GostKeyPair | undefined,
    private readonly ecSecret: Uint8Array | undefined,
    private readonly node: KeyObject | undefined,
  ) {}

  /** @internal */
  static ofGost(pair: GostKeyPair): PrivateKey {
    return new PrivateKey(pair.paramSet.bits === 256 ? 'gost256' : 'gost512', pair, undefined, undefined);
  }

  /** @internal */
  static ofEc(algorithm: 'ecdsa-p256' | 'ecdsa-p384', secret: Uint8Array): PrivateKey {
    return new PrivateKey(algorithm, undefined, secret, undefined);
  }

  /** @internal */
  static ofRsa(key: KeyObject): PrivateKey {
    return new PrivateKey('rsa', undefined, undefined, key);
  }

  /**
   * Reads a PKCS#8 private key (DER or PEM) of any algorithm this package issues.
   *
   * @example
   * ```ts
   * const key = PrivateKey.fromPkcs8(readFileSync('key.pem'));
   * ```
   */
  static fromPkcs8(data: Uint8Array | string): PrivateKey {
    const der =
      typeof data === 'string' || (data[0] !== 0x30 && Buffer.from(data).toString('latin1').includes('-----BEGIN'))
        ? new Uint8Array(
            createPrivateKeyDerFromPem(typeof data === 'string' ? data : Buffer.from(data).toString('latin1')),
          )
        : data;
    let seq: asn1js.Sequence;
    try {
      seq = parseDer(der) as asn1js.Sequence;
    } catch (e) {
      throw new PkiError('KEY_MALFORMED', `private key is not DER: ${(e as Error).message}`);
    }
    const alg = seq.valueBlock.value[1] as asn1js.Sequence | undefined;
    const oid = (alg?.valueBlock.value[0] as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
    if (oid === OID.gost3410_2012_256 || oid === OID.gost3410_2012_512) {
      const params = alg?.valueBlock.value[1] as asn1js.Sequence;
      const setOid = (params.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
      const set = gostParamSet(setOid);
      if (!set) throw new PkiError('UNSUPPORTED_ALGORITHM', `unknown GOST parameter set ${setOid}`);
      const outer = seq.valueBlock.value[2] as asn1js.OctetString;
      const inner = asn1js.fromBER(outer.valueBlock.valueHexView.slice().buffer).result;
      // RFC 9215 allows the key as OCTET STRING (little-endian) or INTEGER; accept both.
      const d =
        inner instanceof asn1js.Integer
          ? BigInt(`0x${Buffer.from(inner.valueBlock.valueHexView).toString('hex') || '0'}`)
          : bytesToBigIntLE(
              inner instanceof asn1js.OctetString ? inner.valueBlock.valueHexView : outer.valueBlock.valueHexView,
            );
      return PrivateKey.ofGost(gostKeyPairFromPrivate(set, d));
    }
    const key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType === 'rsa') return PrivateKey.ofRsa(key);
    if (key.asymmetricKeyType === 'ec') {
      const jwk = key.export({ format: 'jwk' });
      const secret = new Uint8Array(Buffer.from(jwk.d as string, 'base64url'));
      if (jwk.crv === 'P-256') return PrivateKey.ofEc('ecdsa-p256', secret);
      if (jwk.crv === 'P-384') return PrivateKey.ofEc('ecdsa-p384', secret);
    }
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported private key algorithm ${oid ?? key.asymmetricKeyType}`);
  }

  /** The GOST parameter set, for GOST keys. */
  get paramSet(): GostParamSet | undefined {
    return this.gost?.paramSet;
  }

  /** The public key as SubjectPublicKeyInfo DER. */
  publicKeyInfo(): Uint8Array {
    if (this.gost) {
      const alg = gostKeyAlgorithm(this.gost.paramSet);
      const key = encode(new asn1js.OctetString({ valueHex: toArrayBuffer(this.gost.publicKey.toBytes()) }));
      return encode(
        new asn1js.Sequence({ value: [algorithmSchema(alg), new asn1js.BitString({ valueHex: toArrayBuffer(key) })] }),
      );
    }
    if (this.ecSecret) return new Uint8Array(createPublicKey(this.nodeKey()).export({ format: 'der', type: 'spki' }));
    return new Uint8Array(createPublicKey(this.nodeKey()).export({ format: 'der', type: 'spki' }));
  }

  /** PKCS#8 DER. GOST keys as RFC 9215 describes (the scalar little-endian in an OCTET STRING). */
  toPkcs8(): Uint8Array {
    if (this.gost) {
      const set = this.gost.paramSet;
      const alg = gostKeyAlgorithm(set);
      const inner = encode(
        new asn1js.OctetString({ valueHex: toArrayBuffer(bigIntToBytesLE(this.gost.privateKey, set.bits / 8)) }),
      );
      return encode(
        new asn1js.Sequence({
          value: [
            new asn1js.Integer({ value: 0 }),
            algorithmSchema(alg),
            new asn1js.OctetString({ valueHex: toArrayBuffer(inner) }),
          ],
        }),
      );
    }
    return new Uint8Array(this.nodeKey().export({ format: 'der', type: 'pkcs8' }));
  }

  /** PKCS#8 PEM ("PRIVATE KEY"). */
  toPem(): string {
    return toPem('PRIVATE KEY', this.toPkcs8());
  }

  /** The signature algorithm identifier certificates and CRLs signed with this key carry. */
  signatureAlgorithm(): AlgorithmId {
    switch (this.algorithm) {
      case 'gost256':
        return { oid: OID.signWithGost3411_2012_256 };
      case 'gost512':
        return { oid: OID.signWithGost3411_2012_512 };
      case 'ecdsa-p256':
        return { oid: OID.ecdsaWithSha256 };
      case 'ecdsa-p384':
        return { oid: OID.ecdsaWithSha384 };
      case 'rsa':
        return { oid: OID.sha256WithRsa, params: encode(new asn1js.Null()) };
    }
  }

  /** The digest algorithm that goes with {@link signatureAlgorithm}. */
  digestAlgorithm(): AlgorithmId {
    switch (this.algorithm) {
      case 'gost256':
        return { oid: OID.gost3411_2012_256 };
      case 'gost512':
        return { oid: OID.gost3411_2012_512 };
      case 'ecdsa-p384':
        return { oid: OID.sha384 };
      default:
        return { oid: OID.sha256 };
    }
  }

  /** The algorithm a CMS SignerInfo names (for GOST the key algorithm, as CryptoPro and RFC 9215 do). */
  cmsSignatureAlgorithm(): AlgorithmId {
    if (this.algorithm === 'gost256') return { oid: OID.gost3410_2012_256 };
    if (this.algorithm === 'gost512') return { oid: OID.gost3410_2012_512 };
    return this.signatureAlgorithm();
  }

  /** Digest of data with {@link digestAlgorithm}. */
  digest(data: Uint8Array): Uint8Array {
    if (this.gost) return gostHash(this.gost.paramSet, data);
    return new Uint8Array(
      createHash(this.algorithm === 'ecdsa-p384' ? 'sha384' : 'sha256')
        .update(data)
        .digest(),
    );
  }

  /**
   * Signs `data` (hashing it with {@link digestAlgorithm}). Deterministic for GOST and ECDSA.
   *
   * @example
   * ```ts
   * const signature = key.sign(tbsBytes);
   * ```
   */
  sign(data: Uint8Array): Uint8Array {
    if (this.gost) return gostSignDigest(this.gost.paramSet, this.gost.privateKey, this.digest(data));
    if (this.ecSecret) {
      const curve = this.algorithm === 'ecdsa-p256' ? p256 : p384;
      return curve.sign(this.digest(data), this.ecSecret, { prehash: false, format: 'der' });
    }
    return new Uint8Array(nodeSign('sha256', data, this.nodeKey()));
  }

  private nodeKey(): KeyObject {
    if (this.node) return this.node;
    if (this.ecSecret) {
      const curve = this.algorithm === 'ecdsa-p256' ? p256 : p384;
      const pub = curve.getPublicKey(this.ecSecret, false);
      const len = this.ecSecret.length;
      return createPrivateKey({
        format: 'jwk',
        key: {
          kty: 'EC',
          crv: this.algorithm === 'ecdsa-p256' ? 'P-256' : 'P-384',
          d: Buffer.from(this.ecSecret).toString('base64url'),
          x: Buffer.from(pub.subarray(1, 1 + len)).toString('base64url'),
          y: Buffer.from(pub.subarray(1 + len)).toString('base64url'),
        },
      });
    }
    throw new PkiError('UNSUPPORTED_ALGORITHM', 'no platform key for a GOST key');
  }
}

function createPrivateKeyDerFromPem(pem: string): Uint8Array {
  const m = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem);
  if (!m) throw new PkiError('KEY_MALFORMED', 'no "PRIVATE KEY" PEM block');
  return new Uint8Array(Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64'));
}

/**
 * Generates a key pair. GOST and ECDSA keys are reproducible from `seed`; without one they are random.
 *
 * @example
 * ```ts
 * const key = generateKeyPair('gost256', { seed: 'alice' });
 * const spki = key.publicKeyInfo();
 * ```
 */
export function generateKeyPair(algorithm: KeyAlgorithm, options: KeyGenerationOptions = {}): PrivateKey {
  const random: RandomBytes =
    options.seed !== undefined ? seededBytes(options.seed) : (n) => crypto.getRandomValues(new Uint8Array(n));
  switch (algorithm) {
    case 'gost256':
    case 'gost512': {
      const name = options.paramSet ?? (algorithm === 'gost256' ? 'cryptopro-a' : 'tc26-512-a');
      const set = gostParamSet(name);
      if (!set) throw new PkiError('UNSUPPORTED_ALGORITHM', `unknown GOST parameter set ${name}`);
      if ((set.bits === 256) !== (algorithm === 'gost256')) {
        throw new PkiError('UNSUPPORTED_ALGORITHM', `parameter set ${name} is not for ${algorithm}`);
      }
      return PrivateKey.ofGost(generateGostKeyPair(set, random));
    }
    case 'ecdsa-p256':
    case 'ecdsa-p384': {
      const curve = algorithm === 'ecdsa-p256' ? p256 : p384;
      const len = algorithm === 'ecdsa-p256' ? 32 : 48;
      const n = curve.Point.CURVE().n;
      const seedBytes = random(len + 16);
      let v = 0n;
      for (const b of seedBytes) v = (v << 8n) | BigInt(b);
      const d = (v % (n - 1n)) + 1n;
      const secret = new Uint8Array(len);
      let x = d;
      for (let i = len - 1; i >= 0; i--) {
        secret[i] = Number(x & 0xffn);
        x >>= 8n;
      }
      return PrivateKey.ofEc(algorithm, secret);
    }
    case 'rsa': {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: options.modulusLength ?? 2048 });
      return PrivateKey.ofRsa(privateKey);
    }
    default:
      throw new PkiError('UNSUPPORTED_ALGORITHM', `unknown key algorithm ${String(algorithm)}`);
  }
}
