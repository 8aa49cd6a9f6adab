/**
 * The compiled form of an XML Schema: the subset of XSD 1.0 the MCHD schemas use (elements, sequences, choices,
 * attributes and restrictions of xs:string, xs:date, xs:integer and xs:decimal with their facets). Plain data, so
 * that it can be generated once from the official XSD and checked at run time without an XSD engine.
 */

/** A simple type: a built-in base plus facets. */
export interface SimpleTypeDef {
  readonly base: 'string' | 'date' | 'integer' | 'decimal';
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** XSD regular expressions (all must be matched by one of them: XSD ORs patterns of one restriction step). */
  readonly patterns?: readonly string[];
  readonly enumeration?: readonly string[];
  readonly totalDigits?: number;
  readonly fractionDigits?: number;
  readonly minInclusive?: string;
  readonly maxInclusive?: string;
}

/** An attribute declaration; `type` indexes {@link CompiledSchema.simpleTypes}. */
export interface AttributeDef {
  readonly name: string;
  readonly required: boolean;
  readonly type: number;
}

/** A particle of a content model. `max` is -1 for unbounded. */
export type Particle =
  | {
      readonly kind: 'element';
      readonly name: string;
      readonly min: number;
      readonly max: number;
      readonly type: number;
    }
  | {
      readonly kind: 'sequence' | 'choice';
      readonly min: number;
      readonly max: number;
      readonly particles: readonly Particle[];
    };

/**
 * An element's type: either simple content (`simple` indexes the simple types) or element-only content with
 * attributes (`content` is null for an empty content model).
 */
export interface TypeDef {
  readonly simple?: number;
  readonly attributes: readonly AttributeDef[];
  readonly content: Particle | null;
}

/** A whole compiled schema: the root element's name and type (an index into `types`). */
export interface CompiledSchema {
  readonly targetNamespace: string;
  readonly root: { readonly name: string; readonly type: number };
  readonly types: readonly TypeDef[];
  readonly simpleTypes: readonly SimpleTypeDef[];
}
