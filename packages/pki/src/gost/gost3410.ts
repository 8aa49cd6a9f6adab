/**
 * GOST R 34.10-2012 digital signatures (RFC 7091) over the curves of `param-sets.ts`.
 *
 * The curve arithmetic is @noble/curves' audited short-Weierstrass implementation; written here by hand is only
 * what no maintained library offers: the GOST signature equation (s = rd + ke mod q; verification through
 * z1 = s/e, z2 = -r/e), the reading of a Streebog digest as a little-endian integer, and the key and signature
 * encodings of RFC 4491 / RFC 9215 (public key X||Y with each coordinate little-endian; signature s||r with each
 * half big-endian).
 */
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { type GostParamSet } from './param-sets.js';
import { streebog256, streebog512 } from './streebog.js';

const curves = new Map<string, WeierstrassPointCons<bigint>>();

function curveOf(set: GostParamSet): WeierstrassPointCons<bigint> {
  let c = curves.get(set.name);
  if (!c) {
    c = weierstrass({ p: set.p, n: set.q, h: set.cofactor, a: set.a, b: set.b, Gx: set.gx, Gy: set.gy });
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
  const C = publicKey.precomputed
    ? Point.BASE.multiply(z1).add(publicKey.point.multiplyUnsafe(z2))
    : doubleScalarMultiply(set, Point, z1, publicKey.point, z2);
  if (C.is0()) return false;
  return mod(C.x, q) === r;
}

/**
 * Width-w non-adjacent form of k, least significant digit first: odd digits in (-2^(w-1), 2^(w-1)), at least w-1
 * zeros after each non-zero digit. Computed on the bits as JS numbers (BigInt steps per bit would cost more).
 */
function wnafDigits(k: bigint, w: number): Int8Array {
  const bin = k.toString(2);
  const n = bin.length;
  const bits = new Uint8Array(n + w + 2);
  for (let i = 0; i < n; i++) bits[i] = bin.charCodeAt(n - 1 - i) - 48;
  const digits = new Int8Array(n + w + 2);
  const full = 1 << w;
  const half = full >> 1;
  let carry = 0;
  let i = 0;
  while (i < n || carry) {
    const cur = (bits[i] as number) + carry;
    if ((cur & 1) === 0) {
      carry = cur >> 1;
      i++;
      continue;
    }
    let win = carry;
    for (let j = 0; j < w; j++) win += (bits[i + j] as number) << j;
    let d = win & (full - 1);
    if (d >= half) d -= full;
    digits[i] = d;
    carry = (win - d) >> w; // the low w bits are now zero: continue after them
    i += w;
  }
  return digits;
}

/** Odd multiples P, 3P, …, (2^(w-1) - 1)P and their negations, for wNAF digits of width w. */
function oddMultiples(
  Point: WeierstrassPointCons<bigint>,
  P: WeierstrassPoint<bigint>,
  w: number,
  normalize: boolean,
): { pos: WeierstrassPoint<bigint>[]; neg: WeierstrassPoint<bigint>[] } {
  const raw: WeierstrassPoint<bigint>[] = [P];
  const twice = P.double();
  for (let i = 1; i < 1 << (w - 2); i++) raw.push((raw[i - 1] as WeierstrassPoint<bigint>).add(twice));
  // Z = 1 (one batch inversion): additions with an affine operand multiply by 1 instead of by a full-size Z. Worth it
  // for the base point's table, made once per curve; for a key used once the inversion costs what it saves.
  const pos = normalize ? normalizeZ(Point, raw) : raw;
  return { pos, neg: pos.map((q) => q.negate()) };
}

const BASE_WINDOW = 8;
const KEY_WINDOW = 5;
const baseTables = new Map<string, { pos: WeierstrassPoint<bigint>[]; neg: WeierstrassPoint<bigint>[] }>();

/**
 * z1·G + z2·Q in one pass of doublings (Straus–Shamir with wNAF digits: width 8 for the base point, whose odd
 * multiples are computed once per curve, width 5 for Q), over @noble/curves' group law. Written here because noble
 * offers no double-scalar multiplication, and its variable-base multiplication first builds a per-point window
 * table (about as costly as the multiplication itself), which pays off only for points used again.
 */
function doubleScalarMultiply(
  set: GostParamSet,
  Point: WeierstrassPointCons<bigint>,
  z1: bigint,
  Q: WeierstrassPoint<bigint>,
  z2: bigint,
): WeierstrassPoint<bigint> {
  let g = baseTables.get(set.name);
  if (!g) {
    g = oddMultiples(Point, Point.BASE, BASE_WINDOW, true);
    baseTables.set(set.name, g);
  }
  const q = oddMultiples(Point, Q, KEY_WINDOW, false);
  const d1 = wnafDigits(z1, BASE_WINDOW);
  const d2 = wnafDigits(z2, KEY_WINDOW);
  let top = Math.max(d1.length, d2.length) - 1;
  while (top >= 0 && !d1[top] && !d2[top]) top--;
  let R: WeierstrassPoint<bigint> | undefined;
  for (let i = top; i >= 0; i--) {
    if (R) R = R.double();
    const a = d1[i] ?? 0;
    if (a) {
      const t = (a > 0 ? g.pos[(a - 1) >> 1] : g.neg[(-a - 1) >> 1]) as WeierstrassPoint<bigint>;
      R = R ? R.add(t) : t;
    }
    const b = d2[i] ?? 0;
    if (b) {
      const t = (b > 0 ? q.pos[(b - 1) >> 1] : q.neg[(-b - 1) >> 1]) as WeierstrassPoint<bigint>;
      R = R ? R.add(t) : t;
    }
  }
  return R ?? Point.ZERO;
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
