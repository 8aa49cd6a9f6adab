import { describe, expect, it } from 'vitest';
import { toArrayBuffer } from './der.js';

describe('toArrayBuffer', () => {
  it('copies exactly the bytes of a view, also of a small Node Buffer from the shared pool', () => {
    const pooled = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x07]);
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    expect([...new Uint8Array(toArrayBuffer(pooled))]).toEqual([0x30, 0x03, 0x02, 0x01, 0x07]);
    const view = new Uint8Array([9, 9, 1, 2, 9]).subarray(2, 4);
    expect([...new Uint8Array(toArrayBuffer(view))]).toEqual([1, 2]);
  });
});
