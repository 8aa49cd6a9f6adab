/**
 * Text to a small element tree: fast-xml-parser checks well-formedness and tokenizes; this module resolves
 * namespaces, decodes character and entity references exactly as XML 1.0 defines them (fast-xml-parser leaves
 * numeric references alone and would accept undefined ones) and keeps attributes in prototype-free objects.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element: local name, namespace URI (or null), attributes, child elements and its own text. */
export interface XmlElement {
  readonly name: string;
  readonly ns: string | null;
  /** Prototype-free: `__proto__` or `constructor` are ordinary keys here. Unprefixed attributes by local name. */
  readonly attrs: Record<string, string>;
  /** Attributes in a namespace (prefixed, other than xmlns), by `{uri}local`. */
  readonly foreignAttrs: readonly string[];
  readonly children: XmlElement[];
  /** The concatenated character data directly inside this element. */
  text: string;
}

/** The parsed root, or why the text is not well-formed XML. */
export type TreeResult =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly message: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: false,
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REF = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);/g;

class RefError extends Error {}

const isXmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/** Decodes references in raw character data; an undefined entity or a stray '&' is an error. */
function decodeRefs(raw: string): string {
  if (!raw.includes('&')) return raw;
  const out = raw.replace(REF, (_m, ref: string) => {
    if (ref.charCodeAt(0) === 0x23) {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlChar(cp)) throw new RefError(`character reference &${ref}; is not an XML character`);
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[ref];
    if (v === undefined) throw new RefError(`undefined entity &${ref};`);
    return v;
  });
  // A '&' that survived was not part of a reference; references produce '&' only from &amp; / &#38;.
  if (raw.replace(REF, '').includes('&')) throw new RefError("a '&' that starts no reference");
  return out;
}

type RawNode = Record<string, unknown>;

interface Scope {
  readonly prefixes: Record<string, string>;
}

const NAME_OF = (tag: string): string => (tag === '#__proto__' ? '__proto__' : tag);

function buildElement(
  tag: string,
  rawAttrs: Record<string, string> | undefined,
  rawChildren: unknown[],
  outer: Scope,
): XmlElement {
  let scope = outer;
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  const foreignAttrs: string[] = [];
  if (rawAttrs) {
    let prefixes: Record<string, string> | null = null;
    for (const key of Object.keys(rawAttrs)) {
      const name = NAME_OF(key);
      const raw = rawAttrs[key] ?? '';
      if (raw.includes('<')) throw new RefError(`'<' in the value of attribute ${name}`);
      // Attribute-value normalization (XML 1.0 §3.3.3): literal whitespace characters become spaces.
      const value = decodeRefs(raw.replace(/[\t\n\r]/g, ' '));
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        prefixes ??= Object.assign(Object.create(null) as Record<string, string>, outer.prefixes);
        prefixes[name === 'xmlns' ? '' : name.slice(6)] = value;
      } else if (name.includes(':')) {
        foreignAttrs.push(name);
      } else {
        attrs[name] = value;
      }
    }
    if (prefixes) scope = { prefixes };
  }
  const colon = tag.indexOf(':');
  const prefix = colon === -1 ? '' : tag.slice(0, colon);
  const ns = scope.prefixes[prefix];
  if (colon !== -1 && ns === undefined) throw new RefError(`undeclared namespace prefix "${prefix}"`);
  // Foreign attributes resolved to {uri}local so that xsi:* can be told from others.
  for (let k = 0; k < foreignAttrs.length; k++) {
    const a = foreignAttrs[k] as string;
    const p = a.slice(0, a.indexOf(':'));
    const uri = scope.prefixes[p];
    if (uri === undefined) throw new RefError(`undeclared namespace prefix "${p}"`);
    foreignAttrs[k] = `{${uri}}${a.slice(p.length + 1)}`;
  }
  const el: XmlElement = {
    name: NAME_OF(colon === -1 ? tag : tag.slice(colon + 1)),
    ns: ns === undefined || ns === '' ? null : ns,
    attrs,
    foreignAttrs,
    children: [],
    text: '',
  };
  let text = '';
  for (const item of rawChildren as RawNode[]) {
    let childTag: string | undefined;
    for (const k in item) {
      if (k !== ':@') {
        childTag = k;
        break;
      }
    }
    if (childTag === undefined) continue;
    if (childTag === '#text') {
      const raw = String(item['#text']);
      if (raw.includes(']]>')) throw new RefError("']]>' in character data");
      text += decodeRefs(raw);
    } else if (childTag === '#cdata') {
      for (const c of item['#cdata'] as RawNode[]) text += String(c['#text'] ?? '');
    } else {
      el.children.push(
        buildElement(childTag, item[':@'] as Record<string, string> | undefined, item[childTag] as unknown[], scope),
      );
    }
  }
  el.text = text;
  return el;
}

const ROOT_SCOPE: Scope = {
  prefixes: Object.assign(Object.create(null) as Record<string, string>, {
    xml: 'http://www.w3.org/XML/1998/namespace',
  }),
};

/**
 * Parses well-formed XML text (no DTD: the scan refused it before) into an element tree.
 *
 * @example
 * ```ts
 * const r = parseXmlTree('<a x="1"><b/></a>');
 * if (r.ok) console.log(r.root.children[0]?.name); // 'b'
 * ```
 */
export function parseXmlTree(text: string): TreeResult {
  const check = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (check !== true)
    return { ok: false, message: `${check.err.msg} (line ${check.err.line}, column ${check.err.col})` };
  let raw: RawNode[];
  try {
    raw = parser.parse(text) as RawNode[];
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  let root: XmlElement | null = null;
  try {
    for (const item of raw) {
      const tag = Object.keys(item).find((k) => k !== ':@');
      if (tag === undefined) continue;
      if (tag === '#text') {
        if (String(item['#text']).trim() !== '') return { ok: false, message: 'text outside the root element' };
        continue;
      }
      if (tag === '#cdata') return { ok: false, message: 'CDATA outside the root element' };
      if (root) return { ok: false, message: 'more than one root element' };
      root = buildElement(tag, item[':@'] as Record<string, string> | undefined, item[tag] as unknown[], ROOT_SCOPE);
    }
  } catch (e) {
    if (e instanceof RefError) return { ok: false, message: e.message };
    throw e;
  }
  return root ? { ok: true, root } : { ok: false, message: 'no root element' };
}
