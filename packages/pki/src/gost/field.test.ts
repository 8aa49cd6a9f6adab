import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.js';
import { PrimeField } from './field.js';
import { GOST_PARAM_SETS, gostParamSet } from './param-sets.js';
import { bytesToBigIntLE } from './gost3410.js';

function mod(a: bigint, m: bigint): bigint {
  return ((a % m) + m) % m;
}

describe('PrimeField', () => {
  it('recognizes the pseudo-Mersenne primes 2^k − c and only those', () => {
    const c = (name: string) => new PrimeField(gostParamSet(name)!.p).c;
    expect(c('cryptopro-a')).toBe(617n);
    expect(c('tc26-256-a')).toBe(617n);
    expect(c('tc26-512-a')).toBe(569n);
    expect(c('tc26-512-c')).toBe(569n);
    for (const name of ['test-256', 'cryptopro-b', 'cryptopro-c', 'test-512', 'tc26-512-b']) expect(c(name)).toBe(0n);
  });

  it.each(GOST_PARAM_SETS.map((s) => [s.name, s.p] as const))(
    '%s: mul, sqr, add, sub and neg agree with BigInt %',
    (_, p) => {
      const F = new PrimeField(p);
      const random = seededRandom(Number(p % 1000003n));
      const bytes = (p.toString(2).length + 7) >> 3;
      const k = BigInt(p.toString(2).length);
      // Edge values: 0, 1, p − 1, p − 2, and values just below 2^k (where the folding needs its final subtraction).
      const values = [0n, 1n, 2n, p - 1n, p - 2n, p >> 1n, (1n << (k - 1n)) - 1n, (1n << (k - 1n)) % p];
      for (let i = 0; i < 40; i++) values.push(mod(bytesToBigIntLE(random(bytes + 8)), p));
      for (const a of values) {
        expect(F.sqr(a)).toBe(mod(a * a, p));
        expect(F.neg(a)).toBe(mod(-a, p));
        for (const b of values.slice(0, 16)) {
          expect(F.mul(a, b)).toBe(mod(a * b, p));
          expect(F.add(a, b)).toBe(mod(a + b, p));
          expect(F.sub(a, b)).toBe(mod(a - b, p));
        }
      }
      // Out-of-range inputs are still reduced correctly (noble's create and div paths may pass them).
      for (const x of [
        p,
        p + 1n,
        2n * p - 1n,
        (p - 1n) ** 3n,
        -1n,
        -(p ** 2n) - 5n,
        (1n << (2n * k)) - 1n,
        1n << (2n * k),
      ]) {
        expect(F.reduce(x)).toBe(mod(x, p));
        expect(F.create(x)).toBe(mod(x, p));
        expect(F.add(x, 1n)).toBe(mod(x + 1n, p));
        expect(F.sub(x, 1n)).toBe(mod(x - 1n, p));
      }
      expect(F.mul(F.inv(12345n), 12345n)).toBe(1n);
      expect(F.div(1n, 3n)).toBe(F.inv(3n));
    },
  );
});
