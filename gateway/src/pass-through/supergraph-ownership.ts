import {
  getNamedType,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** Directives an operation may carry and still be sent to a subgraph unchanged (the subgraph applies them). */
const PASSABLE_DIRECTIVES = new Set(['skip', 'include']);

function argument(directive: ConstDirectiveNode, name: string): unknown {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const v = arg.value;
  if (v.kind === Kind.ENUM || v.kind === Kind.STRING) return v.value;
  if (v.kind === Kind.BOOLEAN) return v.value;
  return null;
}

/**
 * Which subgraph can resolve which field, read from the supergraph's `@join__*` directives, and the question the
 * gateway's pass-through lane asks of it: can this whole operation be answered by one subgraph, exactly as the
 * client wrote it? Hand-written: the query planners of Hive Gateway and Apollo answer a broader question (a whole
 * plan) and do not expose this one cheaply.
 *
 * A field is resolvable in a graph when the graph declares it (`@join__field(graph:)` without `external`,
 * `requires` or `usedOverridden`), or, for a field without `@join__field`, in every graph that declares its type.
 *
 * @example
 * ```ts
 * const ownership = SupergraphOwnership.fromSupergraphSdl(supergraphSdl);
 * ownership.singleSubgraphOf(apiSchema, parse('{ checkPowerOfAttorney(guid: "…", principalInn: "…") { status } }'));
 * // → 'power-of-attorney'
 * ```
 */
export class SupergraphOwnership {
  private constructor(
    /** `Type.field` → the subgraph names that resolve it by themselves. */
    private readonly fields: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  /** Reads the ownership of every object field from a composed supergraph SDL. */
  static fromSupergraphSdl(supergraphSdl: string): SupergraphOwnership {
    const document = parse(supergraphSdl);
    const graphNames = new Map<string, string>();
    for (const def of document.definitions) {
      if (def.kind === Kind.ENUM_TYPE_DEFINITION && def.name.value === 'join__Graph') {
        for (const value of def.values ?? []) {
          const joinGraph = value.directives?.find((d) => d.name.value === 'join__graph');
          const name = joinGraph ? argument(joinGraph, 'name') : undefined;
          if (typeof name === 'string') graphNames.set(value.name.value, name);
        }
      }
    }
    const graphOf = (d: ConstDirectiveNode): string | undefined => {
      const graph = argument(d, 'graph');
      return typeof graph === 'string' ? graphNames.get(graph) : undefined;
    };
    const fields = new Map<string, Set<string>>();
    for (const def of document.definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const typeGraphs = new Set<string>();
      for (const d of def.directives ?? []) {
        const graph = d.name.value === 'join__type' ? graphOf(d) : undefined;
        if (graph) typeGraphs.add(graph);
      }
      for (const field of def.fields ?? []) {
        const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
        const graphs = new Set<string>();
        if (joins.length === 0) {
          for (const g of typeGraphs) graphs.add(g);
        } else {
          for (const join of joins) {
            const graph = graphOf(join);
            const resolvesAlone =
              argument(join, 'external') !== true &&
              argument(join, 'usedOverridden') !== true &&
              argument(join, 'requires') === undefined;
            if (graph && resolvesAlone) graphs.add(graph);
          }
        }
        fields.set(`${def.name.value}.${field.name.value}`, graphs);
      }
    }
    return new SupergraphOwnership(fields);
  }

  /** The subgraphs that resolve `typeName.fieldName` by themselves (empty when unknown). */
  graphsOf(typeName: string, fieldName: string): ReadonlySet<string> {
    return this.fields.get(`${typeName}.${fieldName}`) ?? new Set();
  }

  /**
   * The one subgraph that can answer the query operation `operationName` of `document` unchanged: every field it
   * selects, at every level, resolvable there; only object types (no abstract type, whose members other
   * subgraphs may add); no introspection beyond `__typename`; no directives but `@skip` and `@include`. Null
   * when any of that does not hold, or for mutations and subscriptions. `schema` is the gateway's API schema.
   */
  singleSubgraphOf(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): string | null {
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName
      ? operations.find((o) => o.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    if (!operation || operation.operation !== 'query' || (operation.directives?.length ?? 0) > 0) return null;
    const root = schema.getQueryType();
    if (!root) return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of document.definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }

    let candidates: Set<string> | null = null;
    const narrow = (graphs: ReadonlySet<string>): boolean => {
      candidates = candidates ? new Set([...candidates].filter((g) => graphs.has(g))) : new Set(graphs);
      return candidates.size > 0;
    };
    const passable = (directives: readonly { name: { value: string } }[] | undefined): boolean =>
      (directives ?? []).every((d) => PASSABLE_DIRECTIVES.has(d.name.value));

    const visit = (type: GraphQLObjectType, set: SelectionSetNode, spread: ReadonlySet<string>): boolean => {
      for (const selection of set.selections) {
        if (!passable(selection.directives)) return false;
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          if (name === '__typename') continue;
          if (name.startsWith('__')) return false;
          const field = type.getFields()[name];
          if (!field || !narrow(this.graphsOf(type.name, name))) return false;
          const child = getNamedType(field.type);
          if (selection.selectionSet) {
            if (!isObjectType(child) || !visit(child, selection.selectionSet, spread)) return false;
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const on = selection.typeCondition?.name.value;
          if (on !== undefined && on !== type.name) return false;
          if (!visit(type, selection.selectionSet, spread)) return false;
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || spread.has(fragment.name.value)) return false;
          if (fragment.typeCondition.name.value !== type.name || !passable(fragment.directives)) return false;
          if (!visit(type, fragment.selectionSet, new Set([...spread, fragment.name.value]))) return false;
        }
      }
      return true;
    };
    if (!visit(root, operation.selectionSet, new Set())) return null;
    const chosen = [...((candidates as Set<string> | null) ?? [])].sort();
    return chosen[0] ?? null;
  }
}
