/**
 * Element trees to XML text. Written by hand rather than with fast-xml-parser's XMLBuilder because round trips
 * need exact escaping: tabs, line feeds and carriage returns in attribute values must become character
 * references (or the reader's attribute-value normalization turns them into spaces), and characters the target
 * encoding cannot hold must be written as references.
 */
import { cp1251Has, type XmlEncoding } from './decode.js';

/** An element to write: attributes in order, then children or text. */
export interface OutElement {
  readonly name: string;
  readonly attrs: ReadonlyArray<readonly [string, string]>;
  readonly children: readonly OutElement[];
  readonly text?: string;
}

const ATTR_ESC: Record<string, string> = {
  '<': '&lt;',
  '&': '&amp;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
  '>': '&gt;',
};
const TEXT_ESC: Record<string, string> = { '<': '&lt;', '&': '&amp;', '>': '&gt;', '\r': '&#13;' };

const cp1251Cache = new Map<string, boolean>();

function escapeFor(value: string, table: Record<string, string>, re: RegExp, encoding: XmlEncoding): string {
  let out = value.replace(re, (c) => table[c] ?? c);
  if (encoding === 'windows-1251' && /[^\t\n\r -~]/.test(out)) {
    out = out.replace(/[^\t\n\r -~]/gu, (ch) => {
      let ok = cp1251Cache.get(ch);
      if (ok === undefined) {
        ok = cp1251Has(ch);
        cp1251Cache.set(ch, ok);
      }
      return ok ? ch : `&#${ch.codePointAt(0)};`;
    });
  }
  return out;
}

/**
 * Serializes `root` with an XML declaration naming `encoding` (the text still has to be encoded).
 *
 * @example
 * ```ts
 * writeXml({ name: 'a', attrs: [['x', '1']], children: [] }, 'utf-8'); // '<?xml …?>\n<a x="1"/>'
 * ```
 */
export function writeXml(root: OutElement, encoding: XmlEncoding, namespace?: string): string {
  const parts: string[] = [`<?xml version="1.0" encoding="${encoding === 'utf-8' ? 'UTF-8' : 'windows-1251'}"?>\n`];
  const write = (el: OutElement, ns?: string): void => {
    parts.push('<', el.name);
    if (ns) parts.push(' xmlns="', ns, '"');
    for (const [k, v] of el.attrs) parts.push(' ', k, '="', escapeFor(v, ATTR_ESC, /[<&"\t\n\r>]/g, encoding), '"');
    if (el.children.length === 0 && (el.text === undefined || el.text === '')) {
      parts.push(el.text === undefined ? '/>' : `></${el.name}>`);
      return;
    }
    parts.push('>');
    if (el.text !== undefined) parts.push(escapeFor(el.text, TEXT_ESC, /[<&>\r]/g, encoding));
    for (const c of el.children) write(c);
    parts.push('</', el.name, '>');
  };
  write(root, namespace);
  return parts.join('');
}
