/** Small helpers around asn1js shared by the modules of this package (internal). */
import * as asn1js from 'asn1js';

/** An owned copy of bytes as an ArrayBuffer (asn1js and pkijs want ArrayBuffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  // A copy of exactly these bytes: a Node Buffer's `.slice()` is a view into a shared pool, whose `.buffer` holds
  // other data too.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** Parses DER; throws Error when the bytes are not one complete ASN.1 value. */
export function parseDer(bytes: Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  if (parsed.offset === -1 || parsed.result.error)
    throw new Error(`malformed DER: ${parsed.result.error || 'unknown'}`);
  if (parsed.offset !== bytes.length) throw new Error('malformed DER: trailing bytes');
  return parsed.result;
}

/** DER encoding of an asn1js value as bytes. */
export function encode(value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array {
  return new Uint8Array(value.toBER(false));
}

/** Hex of bytes, lower case. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Constant-shape equality of two byte arrays. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** PEM armour of DER bytes. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block of `text` with its label, in order. */
export function pemBlocks(text: string): { label: string; der: Uint8Array }[] {
  const out: { label: string; der: Uint8Array }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({
      label: m[1] as string,
      der: new Uint8Array(Buffer.from((m[2] as string).replace(/\s+/g, ''), 'base64')),
    });
  }
  return out;
}

/**
 * Reads bytes that may be DER, PEM or base64 text into DER. Returns undefined when none of them fits.
 */
export function decodeBinaryOrText(bytes: Uint8Array, pemLabels?: readonly string[]): Uint8Array | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes[0] === 0x30) return bytes;
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const block = pemBlocks(text).find((b) => !pemLabels || pemLabels.includes(b.label));
    return block?.der;
  }
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/=_-]+$/.test(compact)) return undefined;
  const der = new Uint8Array(Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  return der.length > 0 && der[0] === 0x30 ? der : undefined;
}
