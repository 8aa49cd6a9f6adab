import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Base64Scalar } from './scalars.js';

describe('Base64 scalar', () => {
  it('serializes bytes (also a view) as base64 text, and passes base64 text through', () => {
    expect(Base64Scalar.serialize(Buffer.from([1, 2, 3]))).toBe('AQID');
    expect(Base64Scalar.serialize(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4))).toBe('AQID');
    expect(Base64Scalar.serialize('AQID')).toBe('AQID');
    expect(() => Base64Scalar.serialize('not base64!')).toThrow();
  });

  it('parses padded standard base64 into bytes and refuses anything else', () => {
    expect([...Base64Scalar.parseValue('AQID')]).toEqual([1, 2, 3]);
    expect([...Base64Scalar.parseLiteral({ kind: Kind.STRING, value: 'AQI=' })]).toEqual([1, 2]);
    for (const bad of ['AQI', 'AQ-D', 'AQIDx', 42, null]) expect(() => Base64Scalar.parseValue(bad)).toThrow(/base64/);
  });
});
