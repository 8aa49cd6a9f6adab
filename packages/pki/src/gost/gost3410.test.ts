import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { describe, expect, it } from 'vitest';
import { peerSigner } from '../testing/peer.js';
import { seededRandom } from '../testing/random.js';
import {
  GostPublicKey,
  bigIntToBytesLE,
  gostKeyPairFromPrivate,
  gostSignDigest,
  gostSignInteger,
  gostVerifyDigest,
  gostVerifyInteger,
  generateGostKeyPair,
  gostHash,
} from './gost3410.js';
import { GOST_PARAM_SETS, gostParamSet } from './param-sets.js';

const set = (name: string) => {
  const s = gostParamSet(name);
  if (!s) throw new Error(name);
  return s;
};

describe('GOST R 34.10-2012 parameter sets', () => {
  it.each(GOST_PARAM_SETS.map((s) => [s.name, s] as const))('%s: G lies on the curve and q·G = O', (_, s) => {
    expect(mod(s.gy * s.gy - (s.gx ** 3n + s.a * s.gx + s.b), s.p)).toBe(0n);
    const P = weierstrass({ p: s.p, n: s.q, h: s.cofactor, a: s.a, b: s.b, Gx: s.gx, Gy: s.gy });
    expect(
      P.BASE.multiplyUnsafe(s.q - 1n)
        .add(P.BASE)
        .is0(),
    ).toBe(true);
  });

  it('finds sets by name, alias and OID', () => {
    expect(gostParamSet('1.2.643.7.1.2.1.1.2')?.name).toBe('cryptopro-a');
    expect(gostParamSet('1.2.643.2.2.36.0')?.name).toBe('cryptopro-a');
    expect(gostParamSet('1.2.643.2.2.36.1')?.name).toBe('cryptopro-c');
    expect(gostParamSet('tc26-256-c')?.name).toBe('cryptopro-b');
    expect(gostParamSet('1.2.643.7.1.2.1.2.3')?.name).toBe('tc26-512-c');
    expect(gostParamSet('1.2.3')).toBeUndefined();
  });
});

function mod(a: bigint, m: bigint): bigint {
  return ((a % m) + m) % m;
}

describe('GOST R 34.10-2012 signature (RFC 7091 examples)', () => {
  it('example 1 (256-bit test curve): key, signature and verification', () => {
    const s = set('test-256');
    const d = 0x7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28n;
    const e = 0x2dfbc1b372d89a1188c09c52e0eec61fce52032ab1022e8e67ece6672b043ee5n;
    const k = 0x77105c9b20bcd3122823c8cf6fcc7b956de33814e95b7fe64fed924594dceab3n;
    const pair = gostKeyPairFromPrivate(s, d);
    expect(pair.publicKey.point.x).toBe(0x7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80bn);
    expect(pair.publicKey.point.y).toBe(0x26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77dan);
    const sig = gostSignInteger(s, d, e, k);
    expect(sig?.r).toBe(0x41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493n);
    expect(sig?.s).toBe(0x01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40n);
    expect(gostVerifyInteger(s, pair.publicKey, e, sig!)).toBe(true);
    expect(gostVerifyInteger(s, pair.publicKey, e + 1n, sig!)).toBe(false);
    expect(gostVerifyInteger(s, pair.publicKey, e, { r: sig!.r, s: sig!.s + 1n })).toBe(false);
  });

  it('example 2 (512-bit test curve): key, signature and verification', () => {
    const s = set('test-512');
    const d =
      0xba6048aadae241ba40936d47756d7c93091a0e8514669700ee7508e508b102072e8123b2200a0563322dad2827e2714a2636b7bfd18aadfc62967821fa18dd4n;
    const e =
      0x3754f3cfacc9e0615c4f4a7c4d8dab531b09b6f9c170c533a71d147035b0c5917184ee536593f4414339976c647c5d5a407adedb1d560c4fc6777d2972075b8cn;
    const k =
      0x0359e7f4b1410feacc570456c6801496946312120b39d019d455986e364f365886748ed7a44b3e794434006011842286212273a6d14cf70ea3af71bb1ae679f1n;
    const pair = gostKeyPairFromPrivate(s, d);
    expect(pair.publicKey.point.x).toBe(
      0x115dc5bc96760c7b48598d8ab9e740d4c4a85a65be33c1815b5c320c854621dd5a515856d13314af69bc5b924c8b4ddff75c45415c1d9dd9dd33612cd530efe1n,
    );
    expect(pair.publicKey.point.y).toBe(
      0x37c7c90cd40b0f5621dc3ac1b751cfa0e2634fa0503b3d52639f5d7fb72afd61ea199441d943ffe7f0c70a2759a3cdb84c114e1f9339fdf27f35eca93677beecn,
    );
    const sig = gostSignInteger(s, d, e, k);
    expect(sig?.r).toBe(
      0x2f86fa60a081091a23dd795e1e3c689ee512a3c82ee0dcc2643c78eea8fcacd35492558486b20f1c9ec197c90699850260c93bcbcd9c5c3317e19344e173ae36n,
    );
    expect(sig?.s).toBe(
      0x1081b394696ffe8e6585e7a9362d26b6325f56778aadbc081c0bfbe933d52ff5823ce288e8c4f362526080df7f70ce406a6eeb1f56919cb92a9853bde73e5b4an,
    );
    expect(gostVerifyInteger(s, pair.publicKey, e, sig!)).toBe(true);
  });
});

describe('GOST R 34.10-2012 sign/verify on every parameter set', () => {
  const random = seededRandom(7);
  it.each(GOST_PARAM_SETS.map((s) => [s.name, s] as const))('%s', (_, s) => {
    const pair = generateGostKeyPair(s, random);
    const data = new TextEncoder().encode(`document for ${s.name}`);
    const digest = gostHash(s, data);
    const signature = gostSignDigest(s, pair.privateKey, digest);
    expect(signature.length).toBe(s.bits / 4);
    // Deterministic nonce: the same input gives the same signature.
    expect(gostSignDigest(s, pair.privateKey, digest)).toEqual(signature);
    const key = GostPublicKey.fromBytes(s, pair.publicKey.toBytes());
    expect(gostVerifyDigest(key, digest, signature)).toBe(true);
    const flipped = signature.slice();
    flipped[5] = (flipped[5] as number) ^ 1;
    expect(gostVerifyDigest(key, digest, flipped)).toBe(false);
    expect(gostVerifyDigest(key, gostHash(s, Uint8Array.of(1)), signature)).toBe(false);
  });

  it('rejects public keys that are not curve points', () => {
    const s = set('cryptopro-a');
    const pair = generateGostKeyPair(s, seededRandom(1));
    const bytes = pair.publicKey.toBytes();
    bytes[0] = (bytes[0] as number) ^ 1;
    expect(() => GostPublicKey.fromBytes(s, bytes)).toThrow(RangeError);
    expect(() => GostPublicKey.fromBytes(s, bytes.subarray(1))).toThrow(RangeError);
  });
});

describe('interoperability with @wavesenterprise/crypto-gost-js', () => {
  const cases = [
    ['cryptopro-a', 'S-256-A', 256],
    ['cryptopro-b', 'S-256-B', 256],
    ['cryptopro-c', 'S-256-C', 256],
    ['tc26-512-a', 'T-512-A', 512],
    ['tc26-512-b', 'T-512-B', 512],
  ] as const;
  it.each(cases)("%s: the peer verifies our signatures and we verify the peer's", (name, peerCurve, bits) => {
    const s = set(name);
    const peer = peerSigner(peerCurve, bits);
    const pair = generateGostKeyPair(s, seededRandom(bits));
    const data = new TextEncoder().encode('interoperability of key and signature encodings');
    const ours = gostSignDigest(s, pair.privateKey, gostHash(s, data));
    expect(peer.verify(pair.publicKey.toBytes(), ours, data)).toBe(true);
    const privateLE = bigIntToBytesLE(pair.privateKey, bits / 8);
    const theirs = new Uint8Array(peer.sign(privateLE, data));
    expect(gostVerifyDigest(pair.publicKey, gostHash(s, data), theirs)).toBe(true);
    const other = new TextEncoder().encode('another document');
    expect(gostVerifyDigest(pair.publicKey, gostHash(s, other), theirs)).toBe(false);
  });
});

describe('verification paths', () => {
  it('a fresh key (one-shot multiplication) and a cached, precomputed key give the same answers', () => {
    const s = set('tc26-512-a');
    const pair = generateGostKeyPair(s, seededRandom(99));
    const bytes = pair.publicKey.toBytes();
    const digest = gostHash(s, Uint8Array.of(9, 9, 9));
    const sig = gostSignDigest(s, pair.privateKey, digest);
    const bad = gostSignDigest(s, pair.privateKey, gostHash(s, Uint8Array.of(8)));
    for (let i = 0; i < 3; i++) {
      const key = GostPublicKey.fromBytes(s, bytes);
      expect(key.precomputed).toBe(i >= 1);
      expect(gostVerifyDigest(key, digest, sig)).toBe(true);
      expect(gostVerifyDigest(key, digest, bad)).toBe(false);
    }
    const fresh = GostPublicKey.fromBytes(s, bytes, { cache: false });
    expect(fresh.precomputed).toBe(false);
    expect(gostVerifyDigest(fresh, digest, sig)).toBe(true);
  });
});

describe('one-pass double-scalar multiplication (fresh keys)', () => {
  it('verifies what it should and rejects what it should, for random keys and messages', async () => {
    const fc = (await import('fast-check')).default;
    for (const name of ['cryptopro-a', 'tc26-256-a', 'tc26-512-c']) {
      const s = set(name);
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 0, maxLength: 100 }),
          fc.integer({ min: 1, max: 2 ** 31 }),
          (msg, seed) => {
            const pair = generateGostKeyPair(s, seededRandom(seed));
            const key = GostPublicKey.fromBytes(s, pair.publicKey.toBytes(), { cache: false });
            const digest = gostHash(s, msg);
            const sig = gostSignDigest(s, pair.privateKey, digest);
            expect(gostVerifyDigest(key, digest, sig)).toBe(true);
            const other = gostHash(s, Uint8Array.from([...msg, 1]));
            expect(gostVerifyDigest(key, other, sig)).toBe(false);
          },
        ),
        { numRuns: 12, seed: 7 },
      );
    }
  });
});

describe('verification of cached, precomputed keys on a cofactor-4 curve (x ≥ q is common there)', () => {
  it('accepts the signatures and refuses tampered ones, like a fresh key', () => {
    const s = set('tc26-256-a');
    for (let seed = 1; seed <= 6; seed++) {
      const pair = generateGostKeyPair(s, seededRandom(1000 + seed));
      const bytes = pair.publicKey.toBytes();
      GostPublicKey.fromBytes(s, bytes);
      const key = GostPublicKey.fromBytes(s, bytes); // second use: precomputed
      expect(key.precomputed).toBe(true);
      const fresh = GostPublicKey.fromBytes(s, bytes, { cache: false });
      for (let m = 0; m < 4; m++) {
        const digest = gostHash(s, Uint8Array.of(seed, m));
        const sig = gostSignDigest(s, pair.privateKey, digest);
        const tampered = sig.slice();
        tampered[40] = (tampered[40] as number) ^ 0x10;
        for (const k of [key, fresh]) {
          expect(gostVerifyDigest(k, digest, sig)).toBe(true);
          expect(gostVerifyDigest(k, digest, tampered)).toBe(false);
          expect(gostVerifyDigest(k, gostHash(s, Uint8Array.of(seed, m, 0)), sig)).toBe(false);
        }
      }
    }
  });
});
