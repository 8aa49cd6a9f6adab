/**
 * Compiles an XSD document into a {@link CompiledSchema}. Used at development time (to generate
 * `emchd-schema.generated.ts` from the official XSD) and by the test that checks the generated table against the
 * XSD; never at run time. Written by hand: no maintained JavaScript library compiles XSD into checkable data
 * (libxml2 in WebAssembly validates, but is far too slow to run per document and ships a large binary).
 */
import { XMLParser } from 'fast-xml-parser';
import type { AttributeDef, CompiledSchema, Particle, SimpleTypeDef, TypeDef } from './schema-model.js';

interface XNode {
  readonly tag: string;
  readonly attrs: Record<string, string>;
  readonly children: XNode[];
}

type RawNode = Record<string, unknown>;

function toNodes(raw: unknown[]): XNode[] {
  const out: XNode[] = [];
  for (const item of raw as RawNode[]) {
    const tag = Object.keys(item).find((k) => k !== ':@');
    if (!tag || tag === '#text' || tag === '#comment') continue;
    out.push({
      tag: tag.replace(/^xs:/, ''),
      attrs: (item[':@'] as Record<string, string> | undefined) ?? {},
      children: toNodes(item[tag] as unknown[]),
    });
  }
  return out;
}

const facetNumber = (n: XNode): number => Number(n.attrs.value);

/**
 * Compiles the XSD text (one schema document, no imports) into plain data.
 *
 * @example
 * ```ts
 * const schema = compileXsd(readFileSync('ON_EMCHD_1_928_00_01_01_01.xsd', 'utf8'));
 * ```
 */
export function compileXsd(xsd: string): CompiledSchema {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
  });
  const [schemaNode] = toNodes(parser.parse(xsd) as unknown[]).filter((n) => n.tag === 'schema');
  if (!schemaNode) throw new Error('not an XSD: no xs:schema element');
  const namedComplex = new Map<string, XNode>();
  const namedSimple = new Map<string, XNode>();
  for (const c of schemaNode.children) {
    if (c.tag === 'complexType') namedComplex.set(c.attrs.name ?? '', c);
    if (c.tag === 'simpleType') namedSimple.set(c.attrs.name ?? '', c);
  }
  const simpleTypes: SimpleTypeDef[] = [];
  const simpleIndex = new Map<string, number>();
  const types: TypeDef[] = [];
  const complexIndex = new Map<XNode, number>();

  const addSimple = (def: SimpleTypeDef): number => {
    const key = JSON.stringify(def);
    let i = simpleIndex.get(key);
    if (i === undefined) {
      i = simpleTypes.length;
      simpleTypes.push(def);
      simpleIndex.set(key, i);
    }
    return i;
  };

  const builtIn = (name: string): SimpleTypeDef => {
    const base = name.replace(/^xs:/, '');
    if (base === 'string' || base === 'date' || base === 'integer' || base === 'decimal') return { base };
    throw new Error(`unsupported built-in type ${name}`);
  };

  const simpleDef = (node: XNode): SimpleTypeDef => {
    const restriction = node.children.find((c) => c.tag === 'restriction');
    if (!restriction) throw new Error('simpleType without restriction');
    const baseName = restriction.attrs.base ?? '';
    const base: Record<string, unknown> = {
      ...(baseName.startsWith('xs:') ? builtIn(baseName) : namedSimpleDef(baseName)),
    };
    const patterns: string[] = [];
    const enumeration: string[] = [];
    for (const f of restriction.children) {
      switch (f.tag) {
        case 'length':
        case 'minLength':
        case 'maxLength':
        case 'totalDigits':
        case 'fractionDigits':
          base[f.tag] = facetNumber(f);
          break;
        case 'minInclusive':
        case 'maxInclusive':
          base[f.tag] = f.attrs.value;
          break;
        case 'pattern':
          patterns.push(f.attrs.value ?? '');
          break;
        case 'enumeration':
          enumeration.push(f.attrs.value ?? '');
          break;
        case 'annotation':
          break;
        default:
          throw new Error(`unsupported facet ${f.tag}`);
      }
    }
    // Patterns of a derived step AND those of its base; this schema never derives a pattern from a pattern.
    if (patterns.length) base.patterns = patterns;
    if (enumeration.length) base.enumeration = enumeration;
    return base as unknown as SimpleTypeDef;
  };

  const namedSimpleDef = (name: string): SimpleTypeDef => {
    const node = namedSimple.get(name);
    if (!node) throw new Error(`unknown simple type ${name}`);
    return simpleDef(node);
  };

  const simpleRef = (typeName: string | undefined, inline: XNode | undefined): number => {
    if (inline) return addSimple(simpleDef(inline));
    if (!typeName) return addSimple({ base: 'string' });
    return addSimple(typeName.startsWith('xs:') ? builtIn(typeName) : namedSimpleDef(typeName));
  };

  const occurs = (n: XNode): { min: number; max: number } => ({
    min: n.attrs.minOccurs === undefined ? 1 : Number(n.attrs.minOccurs),
    max: n.attrs.maxOccurs === undefined ? 1 : n.attrs.maxOccurs === 'unbounded' ? -1 : Number(n.attrs.maxOccurs),
  });

  const particle = (n: XNode): Particle => {
    if (n.tag === 'element') return { kind: 'element', name: n.attrs.name ?? '', ...occurs(n), type: elementType(n) };
    if (n.tag === 'sequence' || n.tag === 'choice') {
      return {
        kind: n.tag,
        ...occurs(n),
        particles: n.children.filter((c) => c.tag !== 'annotation').map(particle),
      };
    }
    throw new Error(`unsupported particle ${n.tag}`);
  };

  const complexType = (node: XNode): number => {
    const known = complexIndex.get(node);
    if (known !== undefined) return known;
    const index = types.length;
    complexIndex.set(node, index);
    types.push({ attributes: [], content: null });
    const attributes: AttributeDef[] = [];
    let content: Particle | null = null;
    for (const c of node.children) {
      if (c.tag === 'attribute') {
        attributes.push({
          name: c.attrs.name ?? '',
          required: c.attrs.use === 'required',
          type: simpleRef(
            c.attrs.type,
            c.children.find((x) => x.tag === 'simpleType'),
          ),
        });
      } else if (c.tag === 'sequence' || c.tag === 'choice') {
        content = particle(c);
      } else if (c.tag !== 'annotation') {
        throw new Error(`unsupported complexType child ${c.tag}`);
      }
    }
    types[index] = { attributes, content };
    return index;
  };

  const elementType = (n: XNode): number => {
    const inlineComplex = n.children.find((c) => c.tag === 'complexType');
    if (inlineComplex) return complexType(inlineComplex);
    const inlineSimple = n.children.find((c) => c.tag === 'simpleType');
    const typeName = n.attrs.type;
    if (typeName && namedComplex.has(typeName)) return complexType(namedComplex.get(typeName) as XNode);
    const simple = simpleRef(typeName, inlineSimple);
    const index = types.length;
    types.push({ simple, attributes: [], content: null });
    return index;
  };

  const rootNode = schemaNode.children.find((c) => c.tag === 'element');
  if (!rootNode) throw new Error('XSD has no global element');
  const root = { name: rootNode.attrs.name ?? '', type: elementType(rootNode) };
  return { targetNamespace: schemaNode.attrs.targetNamespace ?? '', root, types, simpleTypes };
}
