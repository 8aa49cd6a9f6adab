import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.js';
import { PrimeField } from './field.js';
import { bytesToBigIntLE } from './gost3410.js';
import {
  type AffineTable,
  doubleScalarMultiply,
  doubleScalarMultiplyX,
  jacobianXModQEquals,
  wnafDigits,
} from './jacobian.js';
import { GOST_PARAM_SETS, type GostParamSet } from './param-sets.js';

/** noble's own curve (generic field, complete formulas): the reference. */
function reference(s: GostParamSet) {
  return weierstrass({ p: s.p, n: s.q, h: s.cofactor, a: s.a, b: s.b, Gx: s.gx, Gy: s.gy });
}

function tableOf(s: GostParamSet, w: number): AffineTable {
  const P = reference(s);
  const raw = [P.BASE];
  for (let i = 1; i < 1 << (w - 2); i++) raw.push(raw[i - 1]!.add(P.BASE.double()));
  const pos = normalizeZ(P, raw).map((p) => ({ x: p.x, y: p.y }));
  return { pos, neg: pos.map(({ x, y }) => ({ x, y: (s.p - y) % s.p })) };
}

describe('wnafDigits', () => {
  it('refuses widths its Int8 digits cannot hold', () => {
    expect(() => wnafDigits(5n, 9)).toThrow(RangeError);
    expect(() => wnafDigits(5n, 1)).toThrow(RangeError);
  });

  it('recomposes to the scalar, with odd bounded digits', () => {
    const random = seededRandom(5);
    for (const w of [2, 4, 5, 8]) {
      for (let i = 0; i < 50; i++) {
        const k = bytesToBigIntLE(random(1 + (i % 40))) + 1n;
        const d = wnafDigits(k, w);
        let v = 0n;
        for (let j = d.length - 1; j >= 0; j--) v = 2n * v + BigInt(d[j]!);
        expect(v).toBe(k);
        for (const x of d) if (x) expect(Math.abs(x) % 2 === 1 && Math.abs(x) < 1 << (w - 1)).toBe(true);
      }
    }
  });
});

describe('jacobianXModQEquals', () => {
  it('finds x ≥ q (x = r + j·q), which is common on the cofactor-4 curves', () => {
    for (const name of ['tc26-256-a', 'tc26-512-c']) {
      const s = GOST_PARAM_SETS.find((t) => t.name === name)!;
      const P = reference(s);
      const F = new PrimeField(s.p);
      let large = 0;
      for (let k = 1n; k < 40n; k++) {
        const A = P.BASE.multiply(k);
        // Any Jacobian representative: (x·λ², y·λ³, λ).
        const l = 1234567n + k;
        const R = { X: F.mul(A.x, F.sqr(l)), Y: F.mul(A.y, F.mul(l, F.sqr(l))), Z: l };
        if (A.x >= s.q) large++;
        expect(jacobianXModQEquals(F, R, s.q, A.x % s.q)).toBe(true);
        expect(jacobianXModQEquals(F, R, s.q, (A.x + 1n) % s.q)).toBe(false);
      }
      expect(large).toBeGreaterThan(10);
    }
  });
});

describe('doubleScalarMultiplyX (Jacobian Straus–Shamir)', () => {
  it.each(GOST_PARAM_SETS.map((s) => [s.name, s] as const))(
    '%s: x(z1·G + z2·Q) agrees with @noble/curves for random scalars and keys',
    (_, s) => {
      const P = reference(s);
      const F = new PrimeField(s.p);
      const table = tableOf(s, 6);
      const random = seededRandom(s.bits + Number(s.a % 997n));
      const scalar = () => (bytesToBigIntLE(random(s.bits / 8 + 8)) % (s.q - 1n)) + 1n;
      for (let i = 0; i < 6; i++) {
        const Q = P.BASE.multiply(scalar());
        const z1 = scalar();
        const z2 = scalar();
        const expected = P.BASE.multiply(z1).add(Q.multiply(z2));
        expect(doubleScalarMultiplyX(F, s.a, table, 6, z1, Q.toAffine(), z2, 4)).toBe(expected.x);
        // The inversion-free test of x mod q = r, on the same Jacobian result.
        const R = doubleScalarMultiply(F, s.a, table, 6, z1, Q.toAffine(), z2, 4);
        const r = expected.x % s.q;
        expect(jacobianXModQEquals(F, R, s.q, r)).toBe(true);
        expect(jacobianXModQEquals(F, R, s.q, (r + 1n) % s.q)).toBe(false);
        expect(jacobianXModQEquals(F, R, s.q, (r + s.q - 1n) % s.q)).toBe(false);
      }
    },
  );

  it.each(GOST_PARAM_SETS.map((s) => [s.name, s] as const))(
    '%s: exceptional cases (P + P, P + (−P), the point at infinity)',
    (_, s) => {
      const P = reference(s);
      const F = new PrimeField(s.p);
      const table = tableOf(s, 8);
      const G = P.BASE.toAffine();
      const run = (z1: bigint, Q: { x: bigint; y: bigint }, z2: bigint) =>
        doubleScalarMultiplyX(F, s.a, table, 8, z1, Q, z2, 5);
      // G + G: the general addition meets equal points.
      expect(run(1n, G, 1n)).toBe(P.BASE.double().x);
      // G + (−G) and k·G + (q − k)·G: the point at infinity.
      expect(run(1n, G, s.q - 1n)).toBeUndefined();
      const O = doubleScalarMultiply(F, s.a, table, 8, 1n, G, s.q - 1n, 5);
      expect(jacobianXModQEquals(F, O, s.q, 0n)).toBe(false);
      expect(run(12345n, G, s.q - 12345n)).toBeUndefined();
      expect(run(1n, P.BASE.negate().toAffine(), 1n)).toBeUndefined();
      // Q = G/2: after a doubling, R equals the table's G, so the affine addition meets equal points.
      const half = P.BASE.multiply((s.q + 1n) / 2n).toAffine();
      expect(run(1n, half, 2n)).toBe(P.BASE.double().x);
      // 3G + 3G, through the key's odd multiples.
      const threeG = P.BASE.multiply(3n);
      expect(run(3n, G, 3n)).toBe(threeG.double().x);
      expect(run(3n, threeG.toAffine(), s.q - 1n)).toBeUndefined();
    },
  );
});
