/**
 * A pre-parse guard over the decoded text: refuses DTD constructs (DOCTYPE, ENTITY, …) before any parser sees
 * them and measures element nesting without building anything. Written by hand: fast-xml-parser has neither a
 * depth limit nor a way to refuse a DOCTYPE before it reads the entity declarations.
 */

/** Why the guard refused a text, or null when it passed. */
export type ScanProblem = {
  readonly code: 'MCHD_FORBIDDEN_DTD' | 'MCHD_TOO_DEEP' | 'MCHD_MALFORMED_XML';
  readonly message: string;
} | null;

/**
 * Scans `text` once: every `<!…` other than a comment or CDATA section is a DTD construct and refused; element
 * depth above `maxDepth` is refused. Malformed markup is left for the parser to report.
 *
 * @example
 * ```ts
 * scanXml('<!DOCTYPE a [<!ENTITY x "y">]><a/>', 64); // { code: 'MCHD_FORBIDDEN_DTD', … }
 * ```
 */
export function scanXml(text: string, maxDepth: number): ScanProblem {
  let depth = 0;
  let i = text.indexOf('<');
  const n = text.length;
  while (i !== -1 && i < n) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end === -1) return null;
        const body = text.slice(i + 4, end);
        // fast-xml-parser accepts these; XML 1.0 §2.5 does not.
        if (body.includes('--') || body.endsWith('-')) {
          return { code: 'MCHD_MALFORMED_XML', message: "'--' inside a comment" };
        }
        i = text.indexOf('<', end + 3);
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) return null;
        i = text.indexOf('<', end + 3);
        continue;
      }
      return { code: 'MCHD_FORBIDDEN_DTD', message: 'DOCTYPE and entity declarations are not accepted' };
    }
    if (c === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return null;
      const target = /^[^\s?]*/.exec(text.slice(i + 2, end))?.[0] ?? '';
      if (target.toLowerCase() === 'xml' && i !== (text.charCodeAt(0) === 0xfeff ? 1 : 0)) {
        return { code: 'MCHD_MALFORMED_XML', message: 'an XML declaration (or a PI named xml) not at the start' };
      }
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (c === 0x2f /* / */) {
      depth--;
      i = text.indexOf('<', i + 2);
      continue;
    }
    // A start tag: find its end, skipping quoted attribute values (they may hold '>').
    let j = i + 1;
    let quote = 0;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (quote) {
        if (d === quote) quote = 0;
      } else if (d === 0x22 || d === 0x27) quote = d;
      else if (d === 0x3e /* > */ || d === 0x3c /* < */) break;
    }
    if (j >= n || text.charCodeAt(j) === 0x3c) return null; // malformed: the parser reports it
    if (text.charCodeAt(j - 1) !== 0x2f /* / */) {
      depth++;
      if (depth > maxDepth) {
        return { code: 'MCHD_TOO_DEEP', message: `elements are nested deeper than ${maxDepth}` };
      }
    }
    i = text.indexOf('<', j + 1);
  }
  return null;
}
