import { describe, expect, it } from 'vitest';
import { Streebog, streebog256, streebog512 } from './streebog.js';
import { peerDigest } from '../testing/peer.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Windows-1251 for the basic Cyrillic letters RFC 6986's second example uses. */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0) as number;
      return c >= 0x410 && c <= 0x44f ? c - 0x410 + 0xc0 : c;
    }),
  );
}

// RFC 6986, 10.1 and 10.2: M1 is the ASCII digits "0123…012" (63 bytes); M2 the line of the Igor Tale in CP1251.
// The RFC prints messages and digests as numbers (last byte first); these are the byte strings.
const M1 = new TextEncoder().encode('012345678901234567890123456789012345678901234567890123456789012');
const M2 = cp1251('Се ветри, Стрибожи внуци, веютъ с моря стрелами на храбрыя плъкы Игоревы');

describe('Streebog (RFC 6986 test vectors)', () => {
  it('hashes M1 to the 512- and 256-bit results of the RFC', () => {
    expect(hex(streebog512(M1))).toBe(
      '1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa' +
        '00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48',
    );
    expect(hex(streebog256(M1))).toBe('9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500');
  });

  it('hashes M2 (72 bytes, two blocks) to the results of the RFC', () => {
    expect(M2.length).toBe(72);
    expect(hex(streebog512(M2))).toBe(
      '1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376' +
        '035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28',
    );
    expect(hex(streebog256(M2))).toBe('9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50');
  });

  it('hashes the empty message and a full zero block', () => {
    expect(hex(streebog256(new Uint8Array(0)))).toBe(
      '3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb',
    );
    expect(hex(streebog256(new Uint8Array(64)))).toBe(
      'df1fda9ce83191390537358031db2ecaa6aa54cd0eda241dc107105e13636b95',
    );
  });

  it('gives the same digest however the input is split', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    const whole = hex(streebog512(data));
    for (const cut of [0, 1, 63, 64, 65, 128, 200, 299, 300]) {
      const h = new Streebog(512);
      h.update(data.subarray(0, cut)).update(data.subarray(cut));
      expect(hex(h.digest())).toBe(whole);
    }
    const bytewise = new Streebog(512);
    for (const b of data) bytewise.update(Uint8Array.of(b));
    expect(hex(bytewise.digest())).toBe(whole);
  });

  it('agrees with the peer library on inputs of every length up to 200 bytes', () => {
    for (let n = 0; n <= 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff);
      expect(hex(streebog256(data))).toBe(hex(peerDigest(data, 256)));
      if (n % 7 === 0) expect(hex(streebog512(data))).toBe(hex(peerDigest(data, 512)));
    }
  });
});
