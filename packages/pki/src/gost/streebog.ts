/**
 * GOST R 34.11-2012 "Streebog" (RFC 6986), 256- and 512-bit digests.
 *
 * Written by hand: @noble/hashes has no Streebog, and the npm ports of it are unmaintained. Table-driven: the
 * three transformations S (substitution), P (byte transposition) and L (linear map) of one round are merged into
 * eight tables of 256 64-bit entries, one per byte position, so that a round is 64 table look-ups and XORs on
 * 32-bit halves (no BigInt).
 */
import { STREEBOG_A, STREEBOG_C, STREEBOG_PI } from './streebog-constants.js';

/**
 * LPS tables, split into low and high 32-bit halves: entry j·256 + b is the contribution to an output row of byte
 * value b found at byte j of the input rows. Int32Array, not Uint32Array: V8 keeps int32 values unboxed.
 */
const [TLO, THI] = buildTables();
/** The iteration constants C1…C12 as 16 little-endian 32-bit words each. */
const ROUND_C: Int32Array[] = STREEBOG_C.map((hex) => wordsFromBigEndianHex(hex));

function buildTables(): [Int32Array, Int32Array] {
  const aLo = new Int32Array(64);
  const aHi = new Int32Array(64);
  STREEBOG_A.forEach((hex, i) => {
    aHi[i] = parseInt(hex.slice(0, 8), 16) | 0;
    aLo[i] = parseInt(hex.slice(8), 16) | 0;
  });
  const lo = new Int32Array(8 * 256);
  const hi = new Int32Array(8 * 256);
  for (let j = 0; j < 8; j++) {
    for (let b = 0; b < 256; b++) {
      const v = STREEBOG_PI[b] as number;
      let l = 0;
      let h = 0;
      for (let k = 0; k < 8; k++) {
        if ((v >>> k) & 1) {
          // Bit number 8j+k of the row (counting from the least significant) selects row 63-(8j+k) of A.
          const row = 63 - (8 * j + k);
          l ^= aLo[row] as number;
          h ^= aHi[row] as number;
        }
      }
      lo[j * 256 + b] = l;
      hi[j * 256 + b] = h;
    }
  }
  return [lo, hi];
}

function wordsFromBigEndianHex(hex: string): Int32Array {
  const words = new Int32Array(16);
  for (let i = 0; i < 16; i++) {
    // word i holds bytes 4i..4i+3 counted from the least significant end of the number.
    const end = hex.length - i * 8;
    words[i] = parseInt(hex.slice(end - 8, end), 16) | 0;
  }
  return words;
}

/** out = LPS(x ^ y). `out` may alias `x` or `y`: the input is read into locals first. */
function xlps(x: Int32Array, y: Int32Array, out: Int32Array): void {
  // Row j of the state is words (2j, 2j+1); P takes byte i of every row into output row i.
  const a0 = (x[0] as number) ^ (y[0] as number);
  const a1 = (x[1] as number) ^ (y[1] as number);
  const a2 = (x[2] as number) ^ (y[2] as number);
  const a3 = (x[3] as number) ^ (y[3] as number);
  const a4 = (x[4] as number) ^ (y[4] as number);
  const a5 = (x[5] as number) ^ (y[5] as number);
  const a6 = (x[6] as number) ^ (y[6] as number);
  const a7 = (x[7] as number) ^ (y[7] as number);
  const a8 = (x[8] as number) ^ (y[8] as number);
  const a9 = (x[9] as number) ^ (y[9] as number);
  const a10 = (x[10] as number) ^ (y[10] as number);
  const a11 = (x[11] as number) ^ (y[11] as number);
  const a12 = (x[12] as number) ^ (y[12] as number);
  const a13 = (x[13] as number) ^ (y[13] as number);
  const a14 = (x[14] as number) ^ (y[14] as number);
  const a15 = (x[15] as number) ^ (y[15] as number);
  const lo = TLO;
  const hi = THI;
  for (let i = 0; i < 8; i++) {
    const sh = (i & 3) << 3;
    const upper = i >= 4;
    const b0 = ((upper ? a1 : a0) >>> sh) & 0xff;
    const b1 = 256 | (((upper ? a3 : a2) >>> sh) & 0xff);
    const b2 = 512 | (((upper ? a5 : a4) >>> sh) & 0xff);
    const b3 = 768 | (((upper ? a7 : a6) >>> sh) & 0xff);
    const b4 = 1024 | (((upper ? a9 : a8) >>> sh) & 0xff);
    const b5 = 1280 | (((upper ? a11 : a10) >>> sh) & 0xff);
    const b6 = 1536 | (((upper ? a13 : a12) >>> sh) & 0xff);
    const b7 = 1792 | (((upper ? a15 : a14) >>> sh) & 0xff);
    out[2 * i] =
      (lo[b0] as number) ^
      (lo[b1] as number) ^
      (lo[b2] as number) ^
      (lo[b3] as number) ^
      (lo[b4] as number) ^
      (lo[b5] as number) ^
      (lo[b6] as number) ^
      (lo[b7] as number);
    out[2 * i + 1] =
      (hi[b0] as number) ^
      (hi[b1] as number) ^
      (hi[b2] as number) ^
      (hi[b3] as number) ^
      (hi[b4] as number) ^
      (hi[b5] as number) ^
      (hi[b6] as number) ^
      (hi[b7] as number);
  }
}

/** h = g_N(h, m) (RFC 6986, 7). */
function compress(h: Int32Array, n: Int32Array, m: Int32Array, w: Workspace): void {
  const { k, s } = w;
  xlps(h, n, k); // K1 = LPS(h ^ N)
  xlps(k, m, s); // LPS(K1 ^ m)
  for (let i = 0; i < 11; i++) {
    xlps(k, ROUND_C[i] as Int32Array, k); // K(i+2)
    xlps(s, k, s);
  }
  xlps(k, ROUND_C[11] as Int32Array, k); // K13
  for (let i = 0; i < 16; i++) h[i] = (h[i] as number) ^ (s[i] as number) ^ (k[i] as number) ^ (m[i] as number);
}

/** a = (a + b) mod 2^512, little-endian words. */
function add512(a: Int32Array, b: Int32Array): void {
  let carry = 0;
  for (let i = 0; i < 16; i++) {
    const sum = ((a[i] as number) >>> 0) + ((b[i] as number) >>> 0) + carry;
    a[i] = sum | 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

interface Workspace {
  k: Int32Array;
  s: Int32Array;
}

const ZERO = new Int32Array(16);
const BLOCK_BITS = (() => {
  const w = new Int32Array(16);
  w[0] = 512;
  return w;
})();

function loadBlock(data: Uint8Array, offset: number, out: Int32Array): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    out[i] =
      (data[o] as number) |
      ((data[o + 1] as number) << 8) |
      ((data[o + 2] as number) << 16) |
      ((data[o + 3] as number) << 24) |
      0;
  }
}

/**
 * An incremental Streebog computation, for content that arrives in pieces.
 *
 * @example
 * ```ts
 * const h = new Streebog(256);
 * h.update(part1).update(part2);
 * const digest = h.digest(); // 32 bytes
 * ```
 */
export class Streebog {
  private readonly h = new Int32Array(16);
  private readonly n = new Int32Array(16);
  private readonly sigma = new Int32Array(16);
  private readonly m = new Int32Array(16);
  private readonly buffer = new Uint8Array(64);
  private buffered = 0;
  private finished = false;
  private readonly w: Workspace = { k: new Int32Array(16), s: new Int32Array(16) };

  /** @param bits 256 or 512, the digest length. */
  constructor(readonly bits: 256 | 512) {
    if (bits !== 256 && bits !== 512) throw new RangeError('Streebog digest length must be 256 or 512');
    if (bits === 256) this.h.fill(0x01010101);
  }

  /** Adds bytes to the message. */
  update(data: Uint8Array): this {
    if (this.finished) throw new Error('Streebog: update after digest');
    let offset = 0;
    if (this.buffered > 0) {
      const take = Math.min(64 - this.buffered, data.length);
      this.buffer.set(data.subarray(0, take), this.buffered);
      this.buffered += take;
      offset = take;
      if (this.buffered === 64 && offset < data.length) {
        this.block(this.buffer, 0);
        this.buffered = 0;
      }
    }
    // Keep the last (possibly full) block buffered: the final block is processed differently.
    while (data.length - offset > 64) {
      this.block(data, offset);
      offset += 64;
    }
    if (offset < data.length) {
      if (this.buffered === 64) {
        this.block(this.buffer, 0);
        this.buffered = 0;
      }
      this.buffer.set(data.subarray(offset), this.buffered);
      this.buffered += data.length - offset;
    }
    return this;
  }

  private block(data: Uint8Array, offset: number): void {
    loadBlock(data, offset, this.m);
    compress(this.h, this.n, this.m, this.w);
    add512(this.n, BLOCK_BITS);
    add512(this.sigma, this.m);
  }

  /** Finishes the computation and returns the digest (32 or 64 bytes). */
  digest(): Uint8Array {
    if (this.finished) throw new Error('Streebog: digest called twice');
    this.finished = true;
    if (this.buffered === 64) {
      this.block(this.buffer, 0);
      this.buffered = 0;
    }
    // Stage 3: pad the remainder with a single 1 bit, then fold in the length and the checksum.
    const last = new Uint8Array(64);
    last.set(this.buffer.subarray(0, this.buffered));
    last[this.buffered] = 0x01;
    loadBlock(last, 0, this.m);
    compress(this.h, this.n, this.m, this.w);
    const bits = new Int32Array(16);
    bits[0] = this.buffered * 8;
    add512(this.n, bits);
    add512(this.sigma, this.m);
    compress(this.h, ZERO, this.n, this.w);
    compress(this.h, ZERO, this.sigma, this.w);
    const out = new Uint8Array(64);
    for (let i = 0; i < 16; i++) {
      const v = this.h[i] as number;
      out[4 * i] = v & 0xff;
      out[4 * i + 1] = (v >>> 8) & 0xff;
      out[4 * i + 2] = (v >>> 16) & 0xff;
      out[4 * i + 3] = (v >>> 24) & 0xff;
    }
    // The 256-bit digest is the most significant half of the final state.
    return this.bits === 256 ? out.slice(32) : out;
  }
}

/**
 * Streebog-256 of `data`: 32 bytes, in the byte order CryptoAPI and OpenSSL print (the reverse of how RFC 6986
 * writes its example results as numbers).
 *
 * @example
 * ```ts
 * const digest = streebog256(new TextEncoder().encode('hello'));
 * ```
 */
export function streebog256(data: Uint8Array): Uint8Array {
  return new Streebog(256).update(data).digest();
}

/**
 * Streebog-512 of `data`: 64 bytes.
 *
 * @example
 * ```ts
 * const digest = streebog512(bytes);
 * ```
 */
export function streebog512(data: Uint8Array): Uint8Array {
  return new Streebog(512).update(data).digest();
}
