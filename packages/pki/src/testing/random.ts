/** A seeded byte source (xorshift128+ style, not cryptographic) so that test keys are the same on every run. */
export function seededRandom(seed: number): (length: number) => Uint8Array {
  let a = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let b = (seed * 0x85ebca6b) >>> 0 || 2;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      let t = a;
      const s = b;
      a = s;
      t ^= t << 11;
      t ^= t >>> 8;
      b = (t ^ s ^ (s >>> 19)) >>> 0;
      out[i] = (a + b) & 0xff;
    }
    return out;
  };
}
