import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  validate,
} from 'graphql';
import { createRequire } from 'node:module';
import type * as QueryComplexity from 'graphql-query-complexity';

// graphql-query-complexity's ESM build imports `graphql/index.mjs` while every other package loads graphql's
// CommonJS `index.js`: two graphql instances and failing `instanceof` checks. Its CommonJS build shares ours.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  'graphql-query-complexity',
) as typeof QueryComplexity;

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
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode, seen: Set<string>): number => {
      let max = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          max = Math.max(max, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, seen) : 0));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(sel.selectionSet, seen));
        } else {
          const fragment = fragments.get(sel.name.value);
          if (fragment && !seen.has(sel.name.value)) {
            max = Math.max(max, depthOf(fragment.selectionSet, new Set([...seen, sel.name.value])));
          }
        }
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the limit ${maxDepth}`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_DEEP', depth, limit: maxDepth },
            }),
          );
        }
      },
    };
  };
}

/**
 * Throws `QUERY_TOO_DEEP` when an operation of `document` nests fields deeper than `maxDepth`.
 *
 * @example
 * ```ts
 * assertDepth(parse('{ a { b { c } } }'), 2); // throws
 * ```
 */
export function assertDepth(schema: GraphQLSchema, document: DocumentNode, maxDepth: number): void {
  const errors = validate(schema, document, [depthLimitRule(maxDepth)]);
  if (errors[0]) throw errors[0];
}

/**
 * The cost of an operation by graphql-query-complexity: 1 per field unless a field sets its own
 * `complexity` (type-graphql `@Field({ complexity })`); list fields with `first` multiply their children.
 */
export function operationCost(
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
    estimators: [
      fieldExtensionsEstimator(),
      ({ args, childComplexity }) => {
        const first = typeof args.first === 'number' ? args.first : null;
        return first !== null ? 1 + first * Math.max(childComplexity, 1) : undefined;
      },
      simpleEstimator({ defaultComplexity: 1 }),
    ],
  });
}

/** Throws `QUERY_TOO_COMPLEX` when the operation costs more than `maxCost`. */
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
