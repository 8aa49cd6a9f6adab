/**
 * Writing a power of attorney: the model back to XML bytes that the official schema accepts (for a model that
 * satisfies it; the builder does not validate — read the result back to check it).
 */
import { MchdFormatError } from './errors.js';
import { write002 } from './format002/format002.js';
import { EMCHD_NAMESPACE, writeEmchd } from './mapping/emchd.js';
import type { PowerOfAttorneyDocument } from './model.js';
import { encodeXml, NOT_XML, type XmlEncoding } from './xml/decode.js';
import { writeXml } from './xml/write.js';

/** Options of {@link buildPowerOfAttorneyXml}. */
export interface BuildOptions {
  /** `utf-8` (default) or `windows-1251`; characters windows-1251 lacks are written as character references. */
  readonly encoding?: XmlEncoding;
}

/**
 * Builds the XML bytes of `doc` in its format (EMCHD_1 or 002).
 *
 * @throws {MchdFormatError} `MCHD_MALFORMED_XML` when a text holds characters XML cannot carry, or
 *   `MCHD_UNSUPPORTED_FORMAT` when the 002 format cannot express the model.
 *
 * @example
 * ```ts
 * const bytes = buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 1 }), { encoding: 'windows-1251' });
 * readPowerOfAttorney(bytes).valid; // true
 * ```
 */
export function buildPowerOfAttorneyXml(doc: PowerOfAttorneyDocument, options: BuildOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'utf-8';
  let text: string;
  if (doc.format === '002') {
    try {
      text = writeXml(write002(doc), encoding);
    } catch (e) {
      if (e instanceof RangeError) throw new MchdFormatError('MCHD_UNSUPPORTED_FORMAT', '/Файл', e.message);
      throw e;
    }
  } else {
    text = writeXml(writeEmchd(doc), encoding, EMCHD_NAMESPACE);
  }
  const bad = NOT_XML.exec(text);
  if (bad) {
    throw new MchdFormatError(
      'MCHD_MALFORMED_XML',
      '/',
      `U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} cannot be written in XML 1.0`,
    );
  }
  return encodeXml(text, encoding);
}
