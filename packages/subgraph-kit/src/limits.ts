import {
  getVariableValues,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { createRequire } from 'node:module';
import type * as QueryComplexity from 'graphql-query-complexity';

// graphql-query-complexity's ESM build imports `graphql/index.mjs` while every other package loads graphql's
// CommonJS `index.js`: two graphql instances and failing `instanceof` checks. Its CommonJS build shares ours.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  'graphql-query-complexity',
) as typeof QueryComplexity;

/** The depth of one operation of a document (fields nested below it, through fragments; `__` fields not counted). */
interface OperationDepth {
  readonly operation: OperationDefinitionNode;
  readonly depth: number;
}

/**
 * Depths per document. Apollo Server caches parsed documents by query text, so a repeated operation brings the
 * same `DocumentNode` object and its depth is measured once; documents are immutable, and the depth depends on the
 * document alone (not on the schema or the limit).
 */
const depthsByDocument = new WeakMap<DocumentNode, readonly OperationDepth[]>();

function selectionDepth(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      max = Math.max(max, 1 + (sel.selectionSet ? selectionDepth(sel.selectionSet, fragments, seen) : 0));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, selectionDepth(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      const fragment = fragments.get(name);
      if (fragment && !seen.has(name)) {
        // A fragment counts once per path: a cycle (invalid anyway) cannot recurse forever.
        seen.add(name);
        max = Math.max(max, selectionDepth(fragment.selectionSet, fragments, seen));
        seen.delete(name);
      }
    }
  }
  return max;
}

function operationDepths(document: DocumentNode): readonly OperationDepth[] {
  const cached = depthsByDocument.get(document);
  if (cached) return cached;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const depths: OperationDepth[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) {
      depths.push({ operation: def, depth: selectionDepth(def.selectionSet, fragments, new Set()) });
    }
  }
  depthsByDocument.set(document, depths);
  return depths;
}

function tooDeep(operation: OperationDefinitionNode, depth: number, maxDepth: number): GraphQLError {
  return new GraphQLError(`query depth ${depth} exceeds the limit ${maxDepth}`, {
    nodes: [operation],
    extensions: { code: 'QUERY_TOO_DEEP', depth, limit: maxDepth },
  });
}

/**
 * A validation rule refusing operations nested deeper than `maxDepth` fields (`QUERY_TOO_DEEP`).
 * Written by hand: it is a few lines over graphql-js, and the maintained depth-limit packages pull in
 * graphql 15-era peers.
 *
 * @example
 * ```ts
 * validate(schema, document, [...specifiedRules, depthLimitRule(15)]);
 * ```
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const depths = operationDepths(context.getDocument());
    return {
      OperationDefinition(node) {
        const depth = depths.find((d) => d.operation === node)?.depth ?? 0;
        if (depth > maxDepth) context.reportError(tooDeep(node, depth, maxDepth));
      },
    };
  };
}

/**
 * Throws `QUERY_TOO_DEEP` (the error {@link depthLimitRule} reports) for the first operation of `document` that
 * nests fields deeper than `maxDepth`. The depths of a document are measured once and kept while the document
 * object lives (Apollo Server hands the same object for the same query text), so a repeated operation costs a
 * lookup, not a validation pass.
 *
 * @example
 * ```ts
 * assertDepth(schema, parse('{ a { b { c } } }'), 2); // throws QUERY_TOO_DEEP: depth 3
 * ```
 */
export function assertDepth(schema: GraphQLSchema, document: DocumentNode, maxDepth: number): void {
  for (const { operation, depth } of operationDepths(document)) {
    if (depth > maxDepth) throw tooDeep(operation, depth, maxDepth);
  }
}

const ESTIMATORS: QueryComplexity.ComplexityEstimator[] = [
  fieldExtensionsEstimator(),
  ({ args, childComplexity }) => {
    const first = typeof args.first === 'number' ? args.first : null;
    return first !== null ? 1 + first * Math.max(childComplexity, 1) : undefined;
  },
  simpleEstimator({ defaultComplexity: 1 }),
];

/** The cost by graphql-query-complexity, computed afresh. */
function computeCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    ...(operationName ? { operationName } : {}),
    variables: variables ?? {},
    estimators: ESTIMATORS,
  });
}

/** Known costs of one document: by the values of the only variables the cost can depend on. */
interface DocumentCosts {
  /** Names of those variables; `null`: all of an operation's variables (see {@link costVariables}). */
  readonly variables: ReadonlySet<string> | null;
  readonly costs: Map<string, number>;
}

/** Past this many variable combinations of one document its known costs are forgotten (a bound, not an LRU). */
const MAX_COSTS_PER_DOCUMENT = 256;

const costsBySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentCosts>>();
const computedComplexity = new WeakMap<GraphQLSchema, boolean>();

/** Whether a field of the schema sets its cost by a function (of its arguments, which may be any variables). */
function hasComputedComplexity(schema: GraphQLSchema): boolean {
  let known = computedComplexity.get(schema);
  if (known === undefined) {
    known = Object.values(schema.getTypeMap()).some(
      (type) =>
        (isObjectType(type) || isInterfaceType(type)) &&
        Object.values(type.getFields()).some((field) => typeof field.extensions?.complexity === 'function'),
    );
    computedComplexity.set(schema, known);
  }
  return known;
}

function addVariables(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const item of value.values) addVariables(item, into);
  else if (value.kind === Kind.OBJECT) for (const field of value.fields) addVariables(field.value, into);
}

/**
 * The variables a document's cost can depend on: those in `first` arguments (the list estimator multiplies by
 * them) and in `@skip`/`@include` conditions (a skipped field costs nothing). Every other argument leaves the cost
 * alone, unless the schema has a field whose `complexity` is a function: then all of them count.
 */
function costVariables(schema: GraphQLSchema, document: DocumentNode): ReadonlySet<string> | null {
  if (hasComputedComplexity(schema)) return null;
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.name.value === 'first') addVariables(node.value, names);
    },
    Directive(node) {
      if (node.name.value === 'skip' || node.name.value === 'include') {
        for (const arg of node.arguments ?? []) addVariables(arg.value, names);
      }
    },
  });
  return names;
}

/**
 * The cache key of one request: the operation name and the coerced values (defaults applied) of the variables the
 * cost depends on, or `null` when the variables do not coerce (the uncached computation then reports the error as
 * before) or a value has no stable JSON form.
 */
function costKey(
  schema: GraphQLSchema,
  document: DocumentNode,
  known: DocumentCosts,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined,
): string | null {
  const parts: string[] = [operationName ?? ''];
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (typeof operationName === 'string' && operationName && def.name?.value !== operationName) continue;
    const definitions = def.variableDefinitions ?? [];
    const coerced = getVariableValues(schema, definitions, variables ?? {});
    if (coerced.errors) return null;
    for (const definition of definitions) {
      const name = definition.variable.name.value;
      if (known.variables && !known.variables.has(name)) continue;
      const value = coerced.coerced[name];
      if (!(name in coerced.coerced)) parts.push(`${name}:`);
      else {
        let json: string | undefined;
        try {
          json = JSON.stringify(value);
        } catch {
          return null;
        }
        if (json === undefined) return null;
        parts.push(`${name}=${json}`);
      }
    }
  }
  return JSON.stringify(parts);
}

/**
 * The cost of an operation by graphql-query-complexity: 1 per field unless a field sets its own
 * `complexity` (type-graphql `@Field({ complexity })`); list fields with `first` multiply their children.
 *
 * Costs are kept per schema and document object, keyed by the operation name and the values of just the variables
 * the cost depends on (`first` arguments, `@skip`/`@include` conditions): an operation without such variables is
 * costed once, however many different values its other variables take.
 *
 * @example
 * ```ts
 * operationCost(schema, parse('query($n: Int) { list(first: $n) { name } }'), null, { n: 10 }); // 11
 * ```
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined,
): number {
  let bySchema = costsBySchema.get(schema);
  if (!bySchema) costsBySchema.set(schema, (bySchema = new WeakMap()));
  let known = bySchema.get(document);
  if (!known) bySchema.set(document, (known = { variables: costVariables(schema, document), costs: new Map() }));
  const key = costKey(schema, document, known, operationName, variables);
  if (key !== null) {
    const cost = known.costs.get(key);
    if (cost !== undefined) return cost;
  }
  const cost = computeCost(schema, document, operationName, variables);
  if (key !== null) {
    if (known.costs.size >= MAX_COSTS_PER_DOCUMENT) known.costs.clear();
    known.costs.set(key, cost);
  }
  return cost;
}

/**
 * Throws `QUERY_TOO_COMPLEX` when the operation costs more than `maxCost` (by {@link operationCost}, so a
 * repeated operation is costed once).
 *
 * @example
 * ```ts
 * assertCost(schema, document, request.operationName, request.variables, 10_000);
 * ```
 */
export function assertCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Record<string, unknown> | undefined,
  maxCost: number,
): void {
  const cost = operationCost(schema, document, operationName, variables);
  if (cost > maxCost) {
    throw new GraphQLError(`query cost ${cost} exceeds the limit ${maxCost}`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', cost, limit: maxCost },
    });
  }
}
