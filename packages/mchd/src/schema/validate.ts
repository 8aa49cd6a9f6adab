/**
 * Validates an element tree against a {@link CompiledSchema}: element order and occurrences (sequences and
 * choices), required and unexpected attributes, simple-type facets, text where only elements may be. The checks
 * are compiled once per schema; a document is checked in one walk with no backtracking (XSD's unique particle
 * attribution rule makes greedy matching exact for these content models).
 */
import type { FindingList } from '../findings.js';
import type { XmlElement } from '../xml/tree.js';
import type { CompiledSchema, Particle, TypeDef } from './schema-model.js';
import { compileSimpleType, type SimpleCheck } from './simple-types.js';

const XSI = '{http://www.w3.org/2001/XMLSchema-instance}';
const ALLOWED_FOREIGN = new Set([`${XSI}schemaLocation`, `${XSI}noNamespaceSchemaLocation`]);

interface CompiledType {
  readonly def: TypeDef;
  readonly simple: SimpleCheck | null;
  readonly attributes: ReadonlyMap<string, { readonly required: boolean; readonly check: SimpleCheck }>;
  readonly required: readonly string[];
}

/** Called for every schema-valid attribute: the place for checks the schema cannot express (checksums). */
export type AttributeHook = (name: string, value: string, elementPath: string, findings: FindingList) => void;

/** A compiled validator for one schema. */
export class SchemaValidator {
  private readonly types: CompiledType[];
  private hook: AttributeHook | undefined;
  private readonly rootName: string;
  private readonly rootType: number;
  readonly namespace: string | null;

  constructor(schema: CompiledSchema) {
    const checks = schema.simpleTypes.map(compileSimpleType);
    this.types = schema.types.map((def) => {
      const attributes = new Map(
        def.attributes.map((a) => [a.name, { required: a.required, check: checks[a.type] as SimpleCheck }]),
      );
      return {
        def,
        simple: def.simple === undefined ? null : (checks[def.simple] as SimpleCheck),
        attributes,
        required: def.attributes.filter((a) => a.required).map((a) => a.name),
      };
    });
    this.rootName = schema.root.name;
    this.rootType = schema.root.type;
    this.namespace = schema.targetNamespace === '' ? null : schema.targetNamespace;
  }

  /**
   * Checks `root` and adds `MCHD_SCHEMA_VIOLATION` findings; returns whether it is valid.
   *
   * @example
   * ```ts
   * const ok = new SchemaValidator(EMCHD_SCHEMA).validate(root, findings);
   * ```
   */
  validate(root: XmlElement, findings: FindingList, onAttribute?: AttributeHook): boolean {
    this.hook = onAttribute;
    const before = findings.items.length;
    const path = `/${root.name}`;
    if (root.name !== this.rootName || root.ns !== this.namespace) {
      findings.add('MCHD_SCHEMA_VIOLATION', path, `the root must be ${this.rootName} in namespace ${this.namespace}`);
      return false;
    }
    this.element(root, this.rootType, path, findings);
    return findings.items.length === before;
  }

  private element(el: XmlElement, typeIndex: number, path: string, findings: FindingList): void {
    const type = this.types[typeIndex] as CompiledType;
    const attrs = el.attrs;
    for (const name in attrs) {
      const decl = type.attributes.get(name);
      if (!decl) {
        findings.add('MCHD_SCHEMA_VIOLATION', `${path}/@${name}`, `attribute ${name} is not allowed here`);
        continue;
      }
      const problem = decl.check(attrs[name] as string);
      if (problem) findings.add('MCHD_SCHEMA_VIOLATION', `${path}/@${name}`, `attribute ${name}: ${problem}`);
      else if (this.hook) this.hook(name, attrs[name] as string, path, findings);
    }
    for (const name of type.required) {
      if (!(name in attrs)) {
        findings.add('MCHD_SCHEMA_VIOLATION', `${path}/@${name}`, `required attribute ${name} is missing`);
      }
    }
    for (const f of el.foreignAttrs) {
      if (!ALLOWED_FOREIGN.has(f)) findings.add('MCHD_SCHEMA_VIOLATION', path, `attribute ${f} is not allowed here`);
    }
    if (type.simple) {
      if (el.children.length > 0) {
        findings.add('MCHD_SCHEMA_VIOLATION', path, `${el.name} holds text only, not elements`);
        return;
      }
      const problem = type.simple(el.text);
      if (problem) findings.add('MCHD_SCHEMA_VIOLATION', path, `${el.name}: ${problem}`);
      return;
    }
    if (el.text !== '' && el.text.trim() !== '') {
      findings.add('MCHD_SCHEMA_VIOLATION', path, `${el.name} holds elements only, not text`);
    }
    const children = el.children;
    const content = type.def.content;
    if (content === null) {
      if (children.length > 0) {
        findings.add('MCHD_SCHEMA_VIOLATION', `${path}/${children[0]?.name}`, `${el.name} must be empty`);
      }
      return;
    }
    const counts = new Map<string, number>();
    const pos = this.match(content, children, 0, path, counts, findings);
    if (pos < 0) return;
    if (pos < children.length) {
      const extra = children[pos] as XmlElement;
      findings.add('MCHD_SCHEMA_VIOLATION', `${path}/${extra.name}`, `element ${extra.name} is not expected here`);
    }
  }

  /** Matches `particle` from `pos`; returns the next position, or -1 after reporting a violation. */
  private match(
    p: Particle,
    children: readonly XmlElement[],
    pos: number,
    path: string,
    counts: Map<string, number>,
    findings: FindingList,
  ): number {
    if (p.kind === 'element') {
      let n = 0;
      while (pos < children.length && (p.max === -1 || n < p.max)) {
        const c = children[pos] as XmlElement;
        if (c.name !== p.name || c.ns !== this.namespace) break;
        const k = (counts.get(p.name) ?? 0) + 1;
        counts.set(p.name, k);
        this.element(c, p.type, p.max === 1 ? `${path}/${p.name}` : `${path}/${p.name}[${k}]`, findings);
        pos++;
        n++;
      }
      if (n < p.min) {
        const found = children[pos];
        findings.add(
          'MCHD_SCHEMA_VIOLATION',
          `${path}/${p.name}`,
          found ? `expected ${p.name}, found ${found.name}` : `required element ${p.name} is missing`,
        );
        return -1;
      }
      return pos;
    }
    if (p.kind === 'sequence') {
      for (let rep = 0; p.max === -1 || rep < p.max; rep++) {
        if (rep >= p.min && (pos >= children.length || !this.starts(p, children[pos] as XmlElement))) break;
        for (const sub of p.particles) {
          pos = this.match(sub, children, pos, path, counts, findings);
          if (pos < 0) return -1;
        }
        if (p.max === -1 && rep >= p.min) break;
      }
      return pos;
    }
    // choice
    for (let rep = 0; p.max === -1 || rep < p.max; rep++) {
      const c = children[pos];
      const branch = c ? p.particles.find((sub) => this.starts(sub, c)) : undefined;
      if (!branch) {
        if (rep < p.min && !p.particles.some((sub) => this.emptiable(sub))) {
          findings.add(
            'MCHD_SCHEMA_VIOLATION',
            c ? `${path}/${c.name}` : path,
            `expected one of ${p.particles.map((s) => this.firstNames(s).join('/')).join(', ')}${c ? `, found ${c.name}` : ''}`,
          );
          return -1;
        }
        return pos;
      }
      pos = this.match(branch, children, pos, path, counts, findings);
      if (pos < 0) return -1;
    }
    return pos;
  }

  private starts(p: Particle, el: XmlElement): boolean {
    if (el.ns !== this.namespace) return false;
    if (p.kind === 'element') return p.name === el.name;
    if (p.kind === 'choice') return p.particles.some((s) => this.starts(s, el));
    for (const s of p.particles) {
      if (this.starts(s, el)) return true;
      if (!this.emptiable(s)) return false;
    }
    return false;
  }

  private emptiable(p: Particle): boolean {
    if (p.min === 0) return true;
    if (p.kind === 'element') return false;
    if (p.kind === 'choice') return p.particles.some((s) => this.emptiable(s));
    return p.particles.every((s) => this.emptiable(s));
  }

  private firstNames(p: Particle): string[] {
    if (p.kind === 'element') return [p.name];
    return p.particles.flatMap((s) => this.firstNames(s));
  }
}
