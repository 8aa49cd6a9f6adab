/** Small helpers shared by the mapping modules: reading a parsed tree and writing an output tree. */
import type { OutElement } from '../xml/write.js';
import type { XmlElement } from '../xml/tree.js';

/** The first child called `name`, if any. */
export const child = (el: XmlElement, name: string): XmlElement | undefined => {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
};

/** All children called `name`. */
export const children = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);

/** An attribute's value, if present. */
export const attr = (el: XmlElement, name: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(el.attrs, name) ? el.attrs[name] : undefined;

/** An attribute that the schema makes required (the mapping only runs on schema-valid trees). */
export const req = (el: XmlElement, name: string): string => attr(el, name) ?? '';

/** The text of the child `name`, if present. */
export const childText = (el: XmlElement, name: string): string | undefined => child(el, name)?.text;

/** Drops keys whose value is undefined, so that absent fields are absent rather than `undefined`. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** An output element; attributes with undefined values and undefined children are skipped. */
export function E(
  name: string,
  attrs: Record<string, string | undefined> = {},
  kids: ReadonlyArray<OutElement | undefined | readonly OutElement[]> = [],
): OutElement {
  const a: [string, string][] = [];
  for (const k of Object.keys(attrs)) {
    const v = attrs[k];
    if (v !== undefined) a.push([k, v]);
  }
  const c: OutElement[] = [];
  for (const k of kids) {
    if (k === undefined) continue;
    if (Array.isArray(k)) c.push(...(k as OutElement[]));
    else c.push(k as OutElement);
  }
  return { name, attrs: a, children: c };
}

/** A text-only output element, or undefined when `text` is. */
export const T = (name: string, text: string | undefined): OutElement | undefined =>
  text === undefined ? undefined : { name, attrs: [], children: [], text };

/** Maps a code to a model value and back. */
export class Codes<M extends string> {
  private readonly toModel: Map<string, M>;
  private readonly toXml: Map<M, string>;
  constructor(pairs: ReadonlyArray<readonly [string, M]>) {
    this.toModel = new Map(pairs);
    this.toXml = new Map(pairs.map(([x, m]) => [m, x]));
  }
  read(code: string): M {
    return this.toModel.get(code) as M;
  }
  write(value: M): string {
    const x = this.toXml.get(value);
    if (x === undefined) throw new RangeError(`no code for ${value}`);
    return x;
  }
}

/** '0'/'1' flags as booleans. */
export const flag = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === '1');
export const unflag = (v: boolean | undefined): string | undefined => (v === undefined ? undefined : v ? '1' : '0');
