/**
 * The prime field of a GOST curve, as a @noble/curves `IField<bigint>`, with cheaper reductions than noble's generic
 * `Field()`. Hand-written because noble's generic field reduces every product and every sum with BigInt `%` (a
 * long division), and no maintained library offers a BigInt field specialized for pseudo-Mersenne primes:
 *
 * - products: for p = 2^k − c with small c (CryptoPro-A and TC26-256-A: 2^256 − 617; TC26-512-A and -C:
 *   2^512 − 569), x = hi·2^k + lo ≡ lo + c·hi (mod p), folded until x < 2^k, then one conditional subtraction:
 *   shifts, a mask and a small multiplication instead of a division. Other primes keep `%`.
 * - sums and differences of reduced operands: one comparison and at most one addition or subtraction of p.
 *
 * Everything else (square roots, inversion, byte encodings) is delegated to noble's own `Field()`.
 */
import { Field, type IField } from '@noble/curves/abstract/modular.js';

/** The c of p = 2^k − c when c < 2^32 (a pseudo-Mersenne prime), else 0n. */
function pseudoMersenneC(p: bigint): bigint {
  const k = BigInt(p.toString(2).length);
  const c = (1n << k) - p;
  return c > 0n && c < 1n << 32n ? c : 0n;
}

/** A prime field for curve arithmetic; see the module comment. */
export class PrimeField implements IField<bigint> {
  readonly ORDER: bigint;
  readonly BYTES: number;
  readonly BITS: number;
  readonly isLE: boolean;
  readonly ZERO = 0n;
  readonly ONE = 1n;
  /** c of p = 2^k − c, or 0n when p is not of that form (then products are reduced with `%`). */
  readonly c: bigint;
  private readonly k: bigint;
  private readonly mask: bigint;
  /** 2^2k − 1: the largest input {@link reduce} folds. */
  private readonly limit: bigint;
  private readonly base: IField<bigint>;

  /**
   * @example
   * ```ts
   * const Fp = new PrimeField(2n ** 256n - 617n);
   * Fp.mul(Fp.ORDER - 1n, Fp.ORDER - 1n); // 1n
   * ```
   */
  constructor(p: bigint) {
    this.base = Field(p);
    this.ORDER = p;
    this.BYTES = this.base.BYTES;
    this.BITS = this.base.BITS;
    this.isLE = this.base.isLE;
    this.c = pseudoMersenneC(p);
    this.k = BigInt(this.BITS);
    this.mask = (1n << this.k) - 1n;
    this.limit = (1n << (2n * this.k)) - 1n;
  }

  /** x mod p for any integer x (negative included). */
  create(x: bigint): bigint {
    const r = x % this.ORDER;
    return r < 0n ? r + this.ORDER : r;
  }

  /** x mod p for any integer x: the pseudo-Mersenne folding when p allows it and 0 ≤ x < 2^2k (any product of two
   * reduced elements), else {@link create}. */
  reduce(x: bigint): bigint {
    const c = this.c;
    if (c === 0n || x < 0n || x > this.limit) return this.create(x);
    const k = this.k;
    const mask = this.mask;
    // Two folds, unrolled (a loop costs a fifth more): x < 2^2k gives x < 2^k·(1 + c), then x < 2^k + c·(c + 1).
    x = (x & mask) + c * (x >> k);
    if (x > mask) x = (x & mask) + c * (x >> k);
    // x − p < c² + 2c < p, so one subtraction is enough.
    return x >= this.ORDER ? x - this.ORDER : x;
  }

  mul(a: bigint, b: bigint): bigint {
    return this.reduce(a * b);
  }

  sqr(a: bigint): bigint {
    return this.reduce(a * a);
  }

  /** a + b for reduced a, b (anything else goes through {@link create}). */
  add(a: bigint, b: bigint): bigint {
    const s = a + b;
    const p = this.ORDER;
    if (s >= p) return s - p < p ? s - p : this.create(s);
    return s >= 0n ? s : this.create(s);
  }

  /** a − b for reduced a, b (anything else goes through {@link create}). */
  sub(a: bigint, b: bigint): bigint {
    const d = a - b;
    const p = this.ORDER;
    if (d < 0n) return d + p >= 0n ? d + p : this.create(d);
    return d < p ? d : this.create(d);
  }

  neg(a: bigint): bigint {
    return a === 0n ? 0n : this.sub(0n, a);
  }

  isValid(x: bigint): boolean {
    return this.base.isValid(x);
  }
  is0(x: bigint): boolean {
    return x === 0n;
  }
  isValidNot0(x: bigint): boolean {
    return x !== 0n && this.base.isValid(x);
  }
  isOdd(x: bigint): boolean {
    return (x & 1n) === 1n;
  }
  eql(a: bigint, b: bigint): boolean {
    return a === b;
  }
  inv(x: bigint): bigint {
    return this.base.inv(x);
  }
  div(a: bigint, b: bigint): bigint {
    return this.mul(a, this.base.inv(b));
  }
  pow(x: bigint, e: bigint): bigint {
    return this.base.pow(x, e);
  }
  sqrt(x: bigint): bigint {
    return this.base.sqrt(x);
  }
  addN(a: bigint, b: bigint): bigint {
    return a + b;
  }
  subN(a: bigint, b: bigint): bigint {
    return a - b;
  }
  mulN(a: bigint, b: bigint): bigint {
    return a * b;
  }
  sqrN(a: bigint): bigint {
    return a * a;
  }
  invertBatch(xs: bigint[]): bigint[] {
    return this.base.invertBatch(xs);
  }
  toBytes(x: bigint): Uint8Array {
    return this.base.toBytes(x);
  }
  fromBytes(bytes: Uint8Array, skipValidation?: boolean): bigint {
    return this.base.fromBytes(bytes, skipValidation);
  }
  cmov(a: bigint, b: bigint, condition: boolean): bigint {
    return condition ? b : a;
  }
}
