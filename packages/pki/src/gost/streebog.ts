/**
 * GOST R 34.11-2012 "Streebog" (RFC 6986), 256- and 512-bit digests.
 *
 * Written by hand: @noble/hashes has no Streebog, and the npm ports of it are unmaintained. Table-driven: the
 * three transformations S (substitution), P (byte transposition) and L (linear map) of one round are merged into
 * eight tables of 256 64-bit entries, one per byte position, so that a round is 64 table look-ups and XORs on
 * 32-bit halves (no BigInt).
 */
import { STREEBOG_A, STREEBOG_C, STREEBOG_PI } from './streebog-constants.js';

/** LPS tables: entry (j, b) is L(P(S(x))) contribution of byte value b at byte j of a 64-bit row, as [lo, hi]. */
const TABLE = buildTable();
/** The iteration constants C1…C12 as 16 little-endian 32-bit words each. */
const ROUND_C: Uint32Array[] = STREEBOG_C.map((hex) => wordsFromBigEndianHex(hex));

function buildTable(): Uint32Array {
  const aLo = new Uint32Array(64);
  const aHi = new Uint32Array(64);
  STREEBOG_A.forEach((hex, i) => {
    aHi[i] = parseInt(hex.slice(0, 8), 16) >>> 0;
    aLo[i] = parseInt(hex.slice(8), 16) >>> 0;
  });
  const table = new Uint32Array(8 * 256 * 2);
  for (let j = 0; j < 8; j++) {
    for (let b = 0; b < 256; b++) {
      const v = STREEBOG_PI[b] as number;
      let lo = 0;
      let hi = 0;
      for (let k = 0; k < 8; k++) {
        if ((v >>> k) & 1) {
          // Bit number 8j+k of the row (counting from the least significant) selects row 63-(8j+k) of A.
          const row = 63 - (8 * j + k);
          lo ^= aLo[row] as number;
          hi ^= aHi[row] as number;
        }
      }
      table[(j * 256 + b) * 2] = lo >>> 0;
      table[(j * 256 + b) * 2 + 1] = hi >>> 0;
    }
  }
  return table;
}

function wordsFromBigEndianHex(hex: string): Uint32Array {
  const words = new Uint32Array(16);
  for (let i = 0; i < 16; i++) {
    // word i holds bytes 4i..4i+3 counted from the least significant end of the number.
    const end = hex.length - i * 8;
    words[i] = parseInt(hex.slice(end - 8, end), 16) >>> 0;
  }
  return words;
}

/** out = LPS(x ^ y). `out` may alias `x` or `y`. */
function xlps(x: Uint32Array, y: Uint32Array, out: Uint32Array, tmp: Uint32Array): void {
  for (let i = 0; i < 16; i++) tmp[i] = (x[i] as number) ^ (y[i] as number);
  const t = TABLE;
  for (let i = 0; i < 8; i++) {
    // Output row i takes byte i of every input row j (transposition P).
    const w = i >> 2;
    const sh = (i & 3) << 3;
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < 8; j++) {
      const b = ((tmp[2 * j + w] as number) >>> sh) & 0xff;
      const idx = ((j << 8) | b) << 1;
      lo ^= t[idx] as number;
      hi ^= t[idx + 1] as number;
    }
    out[2 * i] = lo;
    out[2 * i + 1] = hi;
  }
}

/** h = g_N(h, m) (RFC 6986, 7). */
function compress(h: Uint32Array, n: Uint32Array, m: Uint32Array, w: Workspace): void {
  const { k, s, tmp } = w;
  xlps(h, n, k, tmp); // K1 = LPS(h ^ N)
  xlps(k, m, s, tmp); // LPS(K1 ^ m)
  for (let i = 0; i < 11; i++) {
    xlps(k, ROUND_C[i] as Uint32Array, k, tmp); // K(i+2)
    xlps(s, k, s, tmp);
  }
  xlps(k, ROUND_C[11] as Uint32Array, k, tmp); // K13
  for (let i = 0; i < 16; i++) h[i] = (h[i] as number) ^ (s[i] as number) ^ (k[i] as number) ^ (m[i] as number);
}

/** a = (a + b) mod 2^512, little-endian words. */
function add512(a: Uint32Array, b: Uint32Array): void {
  let carry = 0;
  for (let i = 0; i < 16; i++) {
    const sum = (a[i] as number) + (b[i] as number) + carry;
    a[i] = sum >>> 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

interface Workspace {
  k: Uint32Array;
  s: Uint32Array;
  tmp: Uint32Array;
}

const ZERO = new Uint32Array(16);
const BLOCK_BITS = (() => {
  const w = new Uint32Array(16);
  w[0] = 512;
  return w;
})();

function loadBlock(data: Uint8Array, offset: number, out: Uint32Array): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    out[i] =
      ((data[o] as number) |
        ((data[o + 1] as number) << 8) |
        ((data[o + 2] as number) << 16) |
        ((data[o + 3] as number) << 24)) >>>
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
  private readonly h = new Uint32Array(16);
  private readonly n = new Uint32Array(16);
  private readonly sigma = new Uint32Array(16);
  private readonly m = new Uint32Array(16);
  private readonly buffer = new Uint8Array(64);
  private buffered = 0;
  private finished = false;
  private readonly w: Workspace = { k: new Uint32Array(16), s: new Uint32Array(16), tmp: new Uint32Array(16) };

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
    const bits = new Uint32Array(16);
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
