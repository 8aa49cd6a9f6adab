/**
 * z1·G + z2·Q for signature verification, in Jacobian coordinates (x = X/Z², y = Y/Z³) over {@link PrimeField}.
 *
 * Hand-written because @noble/curves offers no double-scalar multiplication, and its point addition uses the
 * complete projective formulas (Renes–Costello–Batina: 12 multiplications and about 20 modular additions per
 * addition, with no saving when an operand has Z = 1). The classic Jacobian formulas used here cost 8M + 3S for an
 * addition of an affine point (the base point's table), 12M + 4S for a general addition and 3M + 5S for a doubling
 * (4M + 4S on curves with a = −3, such as CryptoPro-A): about half the field multiplications per verification.
 * These formulas are not complete: the exceptional cases (adding a point to itself or to its negation, the point at
 * infinity) are tested for explicitly, which is fine here since verification handles only public data.
 */
import { type PrimeField } from './field.js';

/** A point in Jacobian coordinates; Z = 0 is the point at infinity. */
export interface Jac {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

/** An affine point (the base point's precomputed odd multiples). */
export interface Affine {
  readonly x: bigint;
  readonly y: bigint;
}

/** The Jacobian point arithmetic of y² = x³ + ax + b over F. */
class JacobianCurve {
  private readonly aIsMinus3: boolean;

  constructor(
    readonly F: PrimeField,
    readonly a: bigint,
  ) {
    this.aIsMinus3 = a === F.ORDER - 3n;
  }

  double(P: Jac): Jac {
    const F = this.F;
    const { X, Y, Z } = P;
    if (Z === 0n || Y === 0n) return { X: 1n, Y: 1n, Z: 0n };
    const YY = F.sqr(Y);
    const ZZ = F.sqr(Z);
    const XYY = F.mul(X, YY);
    const S = F.add(F.add(XYY, XYY), F.add(XYY, XYY)); // 4·X·Y²
    let M: bigint;
    if (this.aIsMinus3) {
      const t = F.mul(F.sub(X, ZZ), F.add(X, ZZ)); // X² − Z⁴
      M = F.add(F.add(t, t), t);
    } else {
      const XX = F.sqr(X);
      M = F.add(F.add(F.add(XX, XX), XX), F.mul(this.a, F.sqr(ZZ)));
    }
    const X3 = F.sub(F.sqr(M), F.add(S, S));
    const YYYY = F.sqr(YY);
    const Y8 = F.add(YYYY, YYYY);
    const Y8b = F.add(Y8, Y8);
    const Y3 = F.sub(F.mul(M, F.sub(S, X3)), F.add(Y8b, Y8b));
    const YZ = F.mul(Y, Z);
    return { X: X3, Y: Y3, Z: F.add(YZ, YZ) };
  }

  /** P + (x2, y2). */
  addAffine(P: Jac, x2: bigint, y2: bigint): Jac {
    const F = this.F;
    const { X, Y, Z } = P;
    if (Z === 0n) return { X: x2, Y: y2, Z: 1n };
    const ZZ = F.sqr(Z);
    const H = F.sub(F.mul(x2, ZZ), X);
    const r = F.sub(F.mul(y2, F.mul(Z, ZZ)), Y);
    if (H === 0n) return r === 0n ? this.double(P) : { X: 1n, Y: 1n, Z: 0n };
    return this.finish(r, H, X, Y, F.mul(Z, H));
  }

  /** P1 + P2. */
  add(P1: Jac, P2: Jac): Jac {
    const F = this.F;
    if (P1.Z === 0n) return P2;
    if (P2.Z === 0n) return P1;
    const Z1Z1 = F.sqr(P1.Z);
    const Z2Z2 = F.sqr(P2.Z);
    const U1 = F.mul(P1.X, Z2Z2);
    const S1 = F.mul(P1.Y, F.mul(P2.Z, Z2Z2));
    const H = F.sub(F.mul(P2.X, Z1Z1), U1);
    const r = F.sub(F.mul(P2.Y, F.mul(P1.Z, Z1Z1)), S1);
    if (H === 0n) return r === 0n ? this.double(P1) : { X: 1n, Y: 1n, Z: 0n };
    return this.finish(r, H, U1, S1, F.mul(F.mul(P1.Z, P2.Z), H));
  }

  private finish(r: bigint, H: bigint, U1: bigint, S1: bigint, Z3: bigint): Jac {
    const F = this.F;
    const HH = F.sqr(H);
    const HHH = F.mul(H, HH);
    const V = F.mul(U1, HH);
    const X3 = F.sub(F.sub(F.sqr(r), HHH), F.add(V, V));
    const Y3 = F.sub(F.mul(r, F.sub(V, X3)), F.mul(S1, HHH));
    return { X: X3, Y: Y3, Z: Z3 };
  }

  neg(P: Jac): Jac {
    return { X: P.X, Y: this.F.neg(P.Y), Z: P.Z };
  }
}

/**
 * Width-w non-adjacent form of k, least significant digit first: odd digits in (-2^(w-1), 2^(w-1)), at least w-1
 * zeros after each non-zero digit. Computed on the bits as JS numbers (BigInt steps per bit would cost more).
 * Widths 2 to 8 (the digits are stored as Int8).
 *
 * @example
 * ```ts
 * wnafDigits(7n, 2); // -1, 0, 0, 1, then zero padding: 7 = 8 - 1
 * ```
 */
export function wnafDigits(k: bigint, w: number): Int8Array {
  if (!Number.isInteger(w) || w < 2 || w > 8) throw new RangeError('wNAF width must be 2 to 8');
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

/** The base point's odd multiples G, 3G, … in affine form, and their negations. */
export interface AffineTable {
  readonly pos: readonly Affine[];
  readonly neg: readonly Affine[];
}

/**
 * z1·G + z2·Q in Jacobian coordinates (Z = 0 for the point at infinity). `baseTable` holds the odd multiples of G for
 * wNAF width `baseWindow`; Q must be a point of the curve (affine, validated by the caller).
 *
 * @example
 * ```ts
 * const R = doubleScalarMultiply(Fp, set.a, baseTable, 8, z1, { x, y }, z2, 5);
 * const ok = jacobianXModQEquals(Fp, R, set.q, r);
 * ```
 */
export function doubleScalarMultiply(
  F: PrimeField,
  a: bigint,
  baseTable: AffineTable,
  baseWindow: number,
  z1: bigint,
  Q: Affine,
  z2: bigint,
  keyWindow: number,
): Jac {
  const curve = new JacobianCurve(F, a);
  // Odd multiples of Q, left in Jacobian form: normalizing them would cost an inversion, about what it saves.
  const q1: Jac = { X: Q.x, Y: Q.y, Z: 1n };
  const qPos: Jac[] = [q1];
  const twice = curve.double(q1);
  for (let i = 1; i < 1 << (keyWindow - 2); i++) qPos.push(curve.add(qPos[i - 1] as Jac, twice));
  const qNeg = qPos.map((P) => curve.neg(P));

  const d1 = wnafDigits(z1, baseWindow);
  const d2 = wnafDigits(z2, keyWindow);
  let top = Math.max(d1.length, d2.length) - 1;
  while (top >= 0 && !d1[top] && !d2[top]) top--;
  let R: Jac = { X: 1n, Y: 1n, Z: 0n };
  for (let i = top; i >= 0; i--) {
    R = curve.double(R);
    const u = d1[i] ?? 0;
    if (u) {
      const t = (u > 0 ? baseTable.pos[(u - 1) >> 1] : baseTable.neg[(-u - 1) >> 1]) as Affine;
      R = curve.addAffine(R, t.x, t.y);
    }
    const v = d2[i] ?? 0;
    if (v) R = curve.add(R, (v > 0 ? qPos[(v - 1) >> 1] : qNeg[(-v - 1) >> 1]) as Jac);
  }
  return R;
}

/**
 * The affine x-coordinate of {@link doubleScalarMultiply}'s result, or undefined for the point at infinity.
 *
 * @example
 * ```ts
 * const x = doubleScalarMultiplyX(Fp, set.a, baseTable, 8, z1, { x, y }, z2, 5);
 * ```
 */
export function doubleScalarMultiplyX(
  F: PrimeField,
  a: bigint,
  baseTable: AffineTable,
  baseWindow: number,
  z1: bigint,
  Q: Affine,
  z2: bigint,
  keyWindow: number,
): bigint | undefined {
  const R = doubleScalarMultiply(F, a, baseTable, baseWindow, z1, Q, z2, keyWindow);
  return R.Z === 0n ? undefined : F.mul(R.X, F.inv(F.sqr(R.Z)));
}

/**
 * Whether x mod q = r for the affine x-coordinate x = X/D of a point (D = Z² in Jacobian coordinates, D = Z in
 * noble's homogeneous projective ones; D ≠ 0), without inverting D: x ≡ r (mod q) with 0 ≤ x < p means
 * x = r + j·q for some j ≥ 0, and x = X/D is the same as X = x·D, so each candidate costs one multiplication
 * (one or two candidates when q is close to p, up to five on the cofactor-4 curves).
 *
 * @example
 * ```ts
 * const ok = xModQEquals(Fp, C.X, C.Z, set.q, r); // C: a noble projective point
 * ```
 */
export function xModQEquals(F: PrimeField, X: bigint, D: bigint, q: bigint, r: bigint): boolean {
  for (let x = r; x < F.ORDER; x += q) if (F.mul(x, D) === X) return true;
  return false;
}

/**
 * {@link xModQEquals} for a Jacobian point; false for the point at infinity.
 *
 * @example
 * ```ts
 * const ok = jacobianXModQEquals(Fp, R, set.q, r);
 * ```
 */
export function jacobianXModQEquals(F: PrimeField, R: Jac, q: bigint, r: bigint): boolean {
  return R.Z !== 0n && xModQEquals(F, R.X, F.sqr(R.Z), q, r);
}
