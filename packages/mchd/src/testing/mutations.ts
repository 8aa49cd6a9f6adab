/**
 * For tests, fuzzing and benches (`@mchd/format/testing`): systematic mutations of valid documents — a dropped required attribute or element, a value
 * that breaks a pattern, length, enumeration or date, an extra element or attribute, swapped or duplicated
 * siblings, a renamed element, a broken namespace — applied to the element tree and written back as XML.
 */
import { EMCHD_NAMESPACE } from '../mapping/emchd.js';
import { parseXmlTree, type XmlElement } from '../xml/tree.js';
import { writeXml, type OutElement } from '../xml/write.js';

interface M {
  name: string;
  attrs: [string, string][];
  children: M[];
  text?: string;
}

const toM = (el: XmlElement): M => ({
  name: el.name,
  attrs: Object.keys(el.attrs).map((k) => [k, el.attrs[k] as string]),
  children: el.children.map(toM),
  ...(el.children.length === 0 ? { text: el.text } : {}),
});

const all = (m: M, out: { el: M; parent: M | null }[] = [], parent: M | null = null) => {
  out.push({ el: m, parent });
  for (const c of m.children) all(c, out, m);
  return out;
};

/** The kinds of mutation, in the order `mutate` cycles through them. */
export const MUTATION_KINDS = [
  'drop-attribute',
  'bad-attribute-value',
  'long-attribute-value',
  'empty-attribute-value',
  'bad-date',
  'extra-attribute',
  'extra-element',
  'drop-element',
  'duplicate-element',
  'swap-siblings',
  'rename-element',
  'bad-text',
  'wrong-namespace',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

const pick = <T>(r: () => number, list: readonly T[]): T | undefined => list[Math.floor(r() * list.length)];

/**
 * Applies one mutation of `kind` to the XML `text` at a place chosen by `random`; returns the new text, or null
 * when the document has no place for that mutation.
 *
 * @example
 * ```ts
 * const broken = mutate(xml, 'drop-attribute', seededRandom(1));
 * ```
 */
export function mutate(text: string, kind: MutationKind, random: () => number): string | null {
  const parsed = parseXmlTree(text);
  if (!parsed.ok) return null;
  const root = toM(parsed.root);
  const nodes = all(root);
  const withAttrs = nodes.filter((n) => n.el.attrs.length > 0);
  let ns = EMCHD_NAMESPACE;
  switch (kind) {
    case 'drop-attribute':
    case 'bad-attribute-value':
    case 'long-attribute-value':
    case 'empty-attribute-value': {
      const n = pick(random, withAttrs);
      if (!n) return null;
      const i = Math.floor(random() * n.el.attrs.length);
      const attr = n.el.attrs[i] as [string, string];
      if (kind === 'drop-attribute') n.el.attrs.splice(i, 1);
      else if (kind === 'bad-attribute-value')
        attr[1] = pick(random, ['X', '7', 'ZZ-12', '12345678901234567890', '2024-02-30', '-1']) as string;
      else if (kind === 'long-attribute-value') attr[1] = 'ы'.repeat(pick(random, [11, 37, 256, 1001, 5001]) as number);
      else attr[1] = '';
      break;
    }
    case 'bad-date': {
      const dated = withAttrs.flatMap((n) => n.el.attrs.filter(([, v]) => /^\d{4}-\d{2}-\d{2}$/.test(v)));
      const attr = pick(random, dated);
      if (!attr) return null;
      attr[1] = pick(random, [
        '2023-02-29',
        '2023-13-01',
        '2023-00-10',
        '2023-04-31',
        '20230101',
        '1899-12-31',
        '2101-01-01',
        '0000-01-01',
      ]) as string;
      break;
    }
    case 'extra-attribute': {
      const n = pick(random, nodes);
      if (!n) return null;
      n.el.attrs.push([pick(random, ['Лишний', 'x', '__proto__']) as string, '1']);
      break;
    }
    case 'extra-element': {
      const n = pick(
        random,
        nodes.filter((x) => x.el.text === undefined || x.el.text === ''),
      );
      if (!n) return null;
      n.el.children.splice(Math.floor(random() * (n.el.children.length + 1)), 0, {
        name: 'Лишний',
        attrs: [],
        children: [],
      });
      delete n.el.text;
      break;
    }
    case 'drop-element': {
      const n = pick(
        random,
        nodes.filter((x) => x.parent),
      );
      if (!n || !n.parent) return null;
      n.parent.children.splice(n.parent.children.indexOf(n.el), 1);
      break;
    }
    case 'duplicate-element': {
      const n = pick(
        random,
        nodes.filter((x) => x.parent),
      );
      if (!n || !n.parent) return null;
      n.parent.children.splice(n.parent.children.indexOf(n.el), 0, structuredClone(n.el));
      break;
    }
    case 'swap-siblings': {
      const n = pick(
        random,
        nodes.filter((x) => x.el.children.length >= 2),
      );
      if (!n) return null;
      const i = Math.floor(random() * (n.el.children.length - 1));
      const c = n.el.children;
      [c[i], c[i + 1]] = [c[i + 1] as M, c[i] as M];
      break;
    }
    case 'rename-element': {
      const n = pick(
        random,
        nodes.filter((x) => x.parent),
      );
      if (!n) return null;
      const names = [...new Set(nodes.map((x) => x.el.name))];
      n.el.name = pick(random, names) as string;
      break;
    }
    case 'bad-text': {
      const n = pick(
        random,
        nodes.filter((x) => x.el.text !== undefined && x.el.text !== '' && x.el.children.length === 0),
      );
      if (!n) return null;
      n.el.text = pick(random, ['', 'ы'.repeat(1001), 'abc', '  ', '12345']) as string;
      break;
    }
    case 'wrong-namespace':
      ns = pick(random, ['urn://x-artefacts/EMCHD_2', '']) as string;
      break;
  }
  return writeXml(root as OutElement, 'utf-8', ns || undefined);
}

/**
 * One random mutation of a document's bytes: a structural one (well-formed XML, wrong content) or a byte-level
 * one (anything: replaced bytes, markup characters, truncation).
 *
 * @example
 * ```ts
 * const random = seededRandom(1);
 * const fuzzed = fuzzOnce(buildPowerOfAttorneyXml(examplePowerOfAttorney()), random);
 * ```
 */
export function fuzzOnce(base: Uint8Array, random: () => number): Uint8Array {
  const choice = random();
  if (choice < 0.4) {
    const kind = MUTATION_KINDS[Math.floor(random() * MUTATION_KINDS.length)] as (typeof MUTATION_KINDS)[number];
    const m = mutate(new TextDecoder().decode(base), kind, random);
    if (m !== null) return new TextEncoder().encode(m);
  }
  const bytes = new Uint8Array(base);
  const n = 1 + Math.floor(random() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(random() * bytes.length);
    const op = random();
    if (op < 0.5) bytes[at] = Math.floor(random() * 256);
    else if (op < 0.75) bytes[at] = '<>&"/=!?'.charCodeAt(Math.floor(random() * 8));
    else return bytes.subarray(0, at);
  }
  return bytes;
}
