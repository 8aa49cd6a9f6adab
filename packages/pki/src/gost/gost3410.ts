/**
 * GOST R 34.10-2012 digital signatures (RFC 7091) over the curves of `param-sets.ts`.
 *
 * Keys, signing and the verification of repeat signers use @noble/curves' audited short-Weierstrass points;
 * written here by hand is what no maintained library offers: the GOST signature equation (s = rd + ke mod q; verification through
 * z1 = s/e, z2 = -r/e), the reading of a Streebog digest as a little-endian integer, and the key and signature
 * encodings of RFC 4491 / RFC 9215 (public key X||Y with each coordinate little-endian; signature s||r with each
 * half big-endian).
 *
 * For speed, noble's curves run over `field.ts` (cheap reductions, notably for the pseudo-Mersenne primes 2^256 − 617 and
 * 2^512 − 569), and a fresh key's verification uses the Jacobian double-scalar multiplication of `jacobian.ts`;
 * each file says why it is hand-written.
 */
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { PrimeField } from './field.js';
import { type AffineTable, doubleScalarMultiply, jacobianXModQEquals, xModQEquals } from './jacobian.js';
import { type GostParamSet } from './param-sets.js';
import { streebog256, streebog512 } from './streebog.js';

const curves = new Map<string, WeierstrassPointCons<bigint>>();

function curveOf(set: GostParamSet): WeierstrassPointCons<bigint> {
  let c = curves.get(set.name);
  if (!c) {
    c = weierstrass(
      { p: set.p, n: set.q, h: set.cofactor, a: set.a, b: set.b, Gx: set.gx, Gy: set.gy },
      { Fp: new PrimeField(set.p) },
    );
    curves.set(set.name, c);
  }
  return c;
}

/** A source of random bytes; tests inject a seeded one. */
export type RandomBytes = (length: number) => Uint8Array;

const defaultRandom: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function invert(a: bigint, m: bigint): bigint {
  // Extended Euclid; a and m coprime (m prime).
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

/** Reads bytes as a little-endian unsigned integer (how GOST reads a digest, keys and coordinates). */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] as number);
  return v;
}

/** Writes an unsigned integer as `length` little-endian bytes. */
export function bigIntToBytesLE(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function bytesToBigIntBE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function bigIntToBytesBE(value: bigint, length: number): Uint8Array {
  return bigIntToBytesLE(value, length).reverse();
}

/** The integer e of the standard from a digest: the digest read little-endian, reduced mod q, 0 replaced by 1. *
 * @example
 * ```ts
 * const e = gostDigestToInteger(set, streebog256(data));
 * ```
 */
export function gostDigestToInteger(set: GostParamSet, digest: Uint8Array): bigint {
  const e = mod(bytesToBigIntLE(digest), set.q);
  return e === 0n ? 1n : e;
}

/** A GOST R 34.10-2012 signature as the pair of integers (r, s). */
export interface GostSignatureValue {
  readonly r: bigint;
  readonly s: bigint;
}

/**
 * Signs the integer e (see {@link gostDigestToInteger}) with private key d and nonce k: the equation of
 * GOST R 34.10-2012, section 6.1. `k` must be secret and unique per signature; returns undefined when k gives
 * r = 0 or s = 0 (the caller picks another k).
 *
 * @example
 * ```ts
 * const sig = gostSignInteger(set, d, e, k); // RFC 7091 example: fixed k
 * ```
 */
export function gostSignInteger(set: GostParamSet, d: bigint, e: bigint, k: bigint): GostSignatureValue | undefined {
  const q = set.q;
  if (k <= 0n || k >= q) throw new RangeError('nonce k must be in [1, q-1]');
  const C = curveOf(set).BASE.multiply(k);
  const r = mod(C.x, q);
  if (r === 0n) return undefined;
  const s = mod(r * d + k * e, q);
  if (s === 0n) return undefined;
  return { r, s };
}

/**
 * Checks (r, s) on integer e against public key point Q: GOST R 34.10-2012, section 6.2.
 *
 * @example
 * ```ts
 * const ok = gostVerifyInteger(set, publicKey, e, { r, s });
 * ```
 */
export function gostVerifyInteger(
  set: GostParamSet,
  publicKey: GostPublicKey,
  e: bigint,
  sig: GostSignatureValue,
): boolean {
  const q = set.q;
  const { r, s } = sig;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const v = invert(e, q);
  const z1 = mod(s * v, q);
  const z2 = mod(-r * v, q);
  const Point = curveOf(set);
  const Fp = Point.Fp as PrimeField;
  if (publicKey.precomputed) {
    const C = Point.BASE.multiply(z1).add(publicKey.point.multiplyUnsafe(z2));
    if (C.is0()) return false;
    // noble's points are homogeneous projective (x = X/Z): compare without the inversion of C.x.
    return xModQEquals(Fp, C.X, C.Z, q, r);
  }
  // Straus–Shamir with wNAF digits (width 8 for G, whose multiples are computed once per curve; width 5 for Q) in
  // Jacobian coordinates: see jacobian.ts.
  const Q = publicKey.point.toAffine();
  const R = doubleScalarMultiply(Fp, set.a, baseTableOf(set, Point), BASE_WINDOW, z1, Q, z2, KEY_WINDOW);
  return jacobianXModQEquals(Fp, R, q, r);
}

const BASE_WINDOW = 8;
const KEY_WINDOW = 5;
const baseTables = new Map<string, AffineTable>();

/** The base point's odd multiples G, 3G, …, (2^(BASE_WINDOW-1) - 1)G, affine (one batch inversion, once per curve). */
function baseTableOf(set: GostParamSet, Point: WeierstrassPointCons<bigint>): AffineTable {
  let t = baseTables.get(set.name);
  if (!t) {
    const raw: WeierstrassPoint<bigint>[] = [Point.BASE];
    const twice = Point.BASE.double();
    for (let i = 1; i < 1 << (BASE_WINDOW - 2); i++) raw.push((raw[i - 1] as WeierstrassPoint<bigint>).add(twice));
    const pos = normalizeZ(Point, raw).map((P) => ({ x: P.x, y: P.y }));
    t = { pos, neg: pos.map(({ x, y }) => ({ x, y: Point.Fp.neg(y) })) };
    baseTables.set(set.name, t);
  }
  return t;
}

/** Public keys seen recently (LRU), so that a repeat signer's precomputed multiples are reused. */
const keyCache = new Map<string, { key: GostPublicKey; uses: number }>();
const KEY_CACHE_SIZE = 256;
const PRECOMPUTE_WINDOW = 6;

/** A parsed and validated GOST public key: a point of the curve in the base point's subgroup. *
 * @example
 * ```ts
 * const key = GostPublicKey.fromBytes(gostParamSet('cryptopro-a')!, keyBytes);
 * const ok = gostVerifyDigest(key, streebog256(data), signature);
 * ```
 */
export class GostPublicKey {
  private hasTable = false;

  private constructor(
    readonly paramSet: GostParamSet,
    /** The curve point (a @noble/curves point). */
    readonly point: WeierstrassPoint<bigint>,
  ) {}

  /**
   * Reads the encoding of RFC 4491 / RFC 9215 (the contents of the OCTET STRING inside subjectPublicKey): X then Y,
   * each little-endian, 64 bytes for 256-bit keys and 128 for 512-bit ones. Throws RangeError when the bytes are
   * not a valid point of the subgroup. Parsed keys are kept in a small LRU cache (`cache: false` bypasses it);
   * from its second use a key's point multiples are precomputed, which makes verification about 4× faster.
   *
   * @example
   * ```ts
   * const key = GostPublicKey.fromBytes(set, keyBytes);
   * ```
   */
  static fromBytes(set: GostParamSet, bytes: Uint8Array, options: { cache?: boolean } = {}): GostPublicKey {
    if (options.cache === false) return GostPublicKey.parse(set, bytes);
    const id = `${set.name}:${Buffer.from(bytes).toString('hex')}`;
    const hit = keyCache.get(id);
    if (hit) {
      keyCache.delete(id);
      keyCache.set(id, hit);
      hit.uses++;
      // A key seen twice is likely to be seen again (an organization's signatory): precompute its multiples so
      // that the variable-base multiplication of verification costs a quarter as much.
      if (hit.uses === 2) {
        hit.key.point.precompute(PRECOMPUTE_WINDOW, false);
        hit.key.hasTable = true;
      }
      return hit.key;
    }
    const key = GostPublicKey.parse(set, bytes);
    keyCache.set(id, { key, uses: 1 });
    if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
    return key;
  }

  private static parse(set: GostParamSet, bytes: Uint8Array): GostPublicKey {
    const len = set.bits / 8;
    if (bytes.length !== 2 * len) throw new RangeError(`GOST public key must be ${2 * len} bytes`);
    const x = bytesToBigIntLE(bytes.subarray(0, len));
    const y = bytesToBigIntLE(bytes.subarray(len));
    if (x >= set.p || y >= set.p) throw new RangeError('GOST public key coordinate out of range');
    const Point = curveOf(set);
    let point: WeierstrassPoint<bigint>;
    try {
      point = Point.fromAffine({ x, y });
      point.assertValidity();
    } catch {
      throw new RangeError('GOST public key is not a point of the curve');
    }
    if (point.is0()) throw new RangeError('GOST public key is the point at infinity');
    if (
      set.cofactor !== 1n &&
      !point
        .multiplyUnsafe(set.q - 1n)
        .add(point)
        .is0()
    ) {
      throw new RangeError('GOST public key is not in the subgroup of the base point');
    }
    return new GostPublicKey(set, point);
  }

  /** @internal from a point computed here. */
  static fromPoint(set: GostParamSet, point: WeierstrassPoint<bigint>): GostPublicKey {
    return new GostPublicKey(set, point);
  }

  /** Whether the point's window table has been computed (by the key cache, from the key's second use). */
  get precomputed(): boolean {
    return this.hasTable;
  }

  /** The RFC 4491 encoding: X || Y, little-endian. */
  toBytes(): Uint8Array {
    const len = this.paramSet.bits / 8;
    const out = new Uint8Array(2 * len);
    out.set(bigIntToBytesLE(this.point.x, len), 0);
    out.set(bigIntToBytesLE(this.point.y, len), len);
    return out;
  }
}

/** Encodes (r, s) as in CMS and X.509 (RFC 4491, 2.2.2): s then r, each big-endian of the key's byte length. *
 * @example
 * ```ts
 * const bytes = encodeGostSignature(set, { r, s }); // s || r
 * ```
 */
export function encodeGostSignature(set: GostParamSet, sig: GostSignatureValue): Uint8Array {
  const len = set.bits / 8;
  const out = new Uint8Array(2 * len);
  out.set(bigIntToBytesBE(sig.s, len), 0);
  out.set(bigIntToBytesBE(sig.r, len), len);
  return out;
}

/** Decodes s||r (see {@link encodeGostSignature}); undefined when the length is wrong. *
 * @example
 * ```ts
 * const { r, s } = decodeGostSignature(set, signatureBytes)!;
 * ```
 */
export function decodeGostSignature(set: GostParamSet, bytes: Uint8Array): GostSignatureValue | undefined {
  const len = set.bits / 8;
  if (bytes.length !== 2 * len) return undefined;
  return { s: bytesToBigIntBE(bytes.subarray(0, len)), r: bytesToBigIntBE(bytes.subarray(len)) };
}

/** The Streebog of the key's size: Streebog-256 for 256-bit keys, Streebog-512 for 512-bit ones. *
 * @example
 * ```ts
 * const digest = gostHash(gostParamSet('tc26-512-a')!, data); // Streebog-512
 * ```
 */
export function gostHash(set: GostParamSet, data: Uint8Array): Uint8Array {
  return set.bits === 256 ? streebog256(data) : streebog512(data);
}

/** A GOST key pair: the private scalar d and its public key. */
export interface GostKeyPair {
  readonly paramSet: GostParamSet;
  readonly privateKey: bigint;
  readonly publicKey: GostPublicKey;
}

/**
 * Makes a key pair; `random` (default: the platform CSPRNG) supplies the bytes of d, so a seeded source gives the
 * same key every time.
 *
 * @example
 * ```ts
 * const pair = generateGostKeyPair(gostParamSet('cryptopro-a')!);
 * ```
 */
export function generateGostKeyPair(set: GostParamSet, random: RandomBytes = defaultRandom): GostKeyPair {
  for (;;) {
    const d = mod(bytesToBigIntLE(random(set.bits / 8 + 8)), set.q);
    if (d !== 0n) return gostKeyPairFromPrivate(set, d);
  }
}

/**
 * The key pair of private scalar d.
 *
 * @example
 * ```ts
 * const pair = gostKeyPairFromPrivate(set, d);
 * ```
 */
export function gostKeyPairFromPrivate(set: GostParamSet, d: bigint): GostKeyPair {
  if (d <= 0n || d >= set.q) throw new RangeError('GOST private key must be in [1, q-1]');
  return { paramSet: set, privateKey: d, publicKey: GostPublicKey.fromPoint(set, curveOf(set).BASE.multiply(d)) };
}

/**
 * Signs a digest (Streebog of the key's size) with private key d. The nonce k is derived deterministically from
 * d and the digest (HMAC-SHA-512, in the spirit of RFC 6979) unless `random` is given, so test fixtures are
 * reproducible. Returns the s||r encoding of RFC 4491.
 *
 * @example
 * ```ts
 * const signature = gostSignDigest(set, d, streebog256(data));
 * ```
 */
export function gostSignDigest(set: GostParamSet, d: bigint, digest: Uint8Array, random?: RandomBytes): Uint8Array {
  const e = gostDigestToInteger(set, digest);
  const len = set.bits / 8;
  const key = bigIntToBytesBE(d, len);
  for (let counter = 0; ; counter++) {
    let seed: Uint8Array;
    if (random) {
      seed = random(len + 8);
    } else {
      const msg = new Uint8Array(digest.length + 4);
      msg.set(digest);
      new DataView(msg.buffer).setUint32(digest.length, counter);
      const h1 = hmac(sha512, key, msg);
      seed = set.bits === 256 ? h1 : concat(h1, hmac(sha512, key, concat(msg, Uint8Array.of(1))));
    }
    const k = mod(bytesToBigIntBE(seed), set.q - 1n) + 1n;
    const sig = gostSignInteger(set, d, e, k);
    if (sig) return encodeGostSignature(set, sig);
  }
}

/**
 * Verifies an s||r signature on a digest.
 *
 * @example
 * ```ts
 * const ok = gostVerifyDigest(publicKey, streebog256(data), signature);
 * ```
 */
export function gostVerifyDigest(publicKey: GostPublicKey, digest: Uint8Array, signature: Uint8Array): boolean {
  const set = publicKey.paramSet;
  const sig = decodeGostSignature(set, signature);
  if (!sig) return false;
  return gostVerifyInteger(set, publicKey, gostDigestToInteger(set, digest), sig);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
