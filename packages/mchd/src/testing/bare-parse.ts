import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false });

/**
 * fast-xml-parser's plain parse of the bytes (default options, attributes kept): the baseline the format
 * benchmark compares `readPowerOfAttorney` with.
 *
 * @example
 * ```ts
 * bareParse(bytes);
 * ```
 */
export function bareParse(bytes: Uint8Array): unknown {
  return parser.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
