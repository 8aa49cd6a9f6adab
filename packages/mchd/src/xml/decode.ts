/**
 * Bytes to text: the encoding comes from a byte-order mark or the XML declaration (UTF-8 when there is neither),
 * and decoding is exact — bytes that are invalid in the declared encoding are an error, never replaced.
 */
import iconv from 'iconv-lite';

/** The encodings MCHD files use. */
export type XmlEncoding = 'utf-8' | 'windows-1251';

/** The decoded text, or why it could not be decoded. */
export type DecodeResult =
  | { readonly ok: true; readonly text: string; readonly encoding: XmlEncoding }
  | { readonly ok: false; readonly message: string };

const DECL = /^<\?xml[\s\S]*?encoding\s*=\s*(["'])([A-Za-z0-9._-]+)\1/;
const UTF8_NAMES = new Set(['utf-8', 'utf8']);
const CP1251_NAMES = new Set(['windows-1251', 'cp1251', 'win1251', 'win-1251']);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/** Characters XML 1.0 forbids anywhere in a document (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF). */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
export const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** What a builder cannot write: forbidden characters and unpaired surrogates. */
export const NOT_XML = new RegExp(
  `${FORBIDDEN_CHAR.source}|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
);

/**
 * Detects the encoding and decodes `bytes` exactly.
 *
 * @example
 * ```ts
 * const r = decodeXml(bytes);
 * if (r.ok) console.log(r.encoding, r.text.length);
 * ```
 */
export function decodeXml(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xfe || bytes[0] === 0xff || bytes[0] === 0) {
    return { ok: false, message: 'UTF-16 and UTF-32 documents are not supported' };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // The declaration is ASCII in every encoding we accept; read at most its first 200 bytes.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + (hasBom ? 3 : 0), Math.min(200, bytes.length)).toString(
    'latin1',
  );
  const declared = DECL.exec(head)?.[2]?.toLowerCase();
  let text: string;
  let encoding: XmlEncoding;
  if (declared === undefined || UTF8_NAMES.has(declared)) {
    try {
      text = utf8.decode(bytes);
    } catch {
      return { ok: false, message: 'bytes that are not valid UTF-8' };
    }
    encoding = 'utf-8';
  } else if (CP1251_NAMES.has(declared)) {
    if (hasBom) return { ok: false, message: 'a UTF-8 byte-order mark on a windows-1251 document' };
    text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'win1251');
    // iconv-lite maps the one byte windows-1251 leaves undefined (0x98) to U+FFFD, which the encoding cannot hold.
    if (text.includes('\uFFFD')) return { ok: false, message: 'a byte that windows-1251 does not define (0x98)' };
    encoding = 'windows-1251';
  } else {
    return { ok: false, message: `unsupported encoding "${declared}" (UTF-8 and windows-1251 are supported)` };
  }
  if (FORBIDDEN_CHAR.test(text)) return { ok: false, message: 'a character XML 1.0 does not allow' };
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n'); // XML 1.0 §2.11 end-of-line handling
  return { ok: true, text, encoding };
}

/**
 * Encodes document text for writing. windows-1251 cannot hold every character: callers escape the others as
 * character references first (see the XML writer).
 */
export function encodeXml(text: string, encoding: XmlEncoding): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  return new Uint8Array(iconv.encode(text, 'win1251'));
}

/** Whether windows-1251 can write `ch` (one code point) as a byte. */
export function cp1251Has(ch: string): boolean {
  return iconv.decode(iconv.encode(ch, 'win1251'), 'win1251') === ch;
}
