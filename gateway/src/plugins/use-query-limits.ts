import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { GatewayLimits } from '../config.js';
import { codedError } from '../errors.js';

const recode =
  (code: string) =>
  (ctx: ValidationContext | null, error: GraphQLError): void => {
    const message = error.message.replace(/^Syntax Error: /, '');
    const coded = codedError(code, message, 400);
    if (ctx) ctx.reportError(coded);
    else throw coded;
  };

/**
 * Rejects operations that are too deep, too costly, too aliased or too long before they reach a subgraph, with
 * codes `QUERY_TOO_DEEP`, `QUERY_TOO_COSTLY`, `QUERY_TOO_MANY_ALIASES`, `QUERY_TOO_LONG`. Built on
 * graphql-armor's validation rules (introspection is not exempt from depth, so GraphiQL's introspection
 * query must fit: the default depth allows it).
 *
 * @example
 * ```ts
 * plugins: () => [useQueryLimits({ maxDepth: 12, maxCost: 5000, maxAliases: 30, maxTokens: 5000, maxBodyBytes: 4e6 })]
 * ```
 */
export function useQueryLimits(limits: GatewayLimits): GatewayPlugin[] {
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return [
    maxTokensPlugin({ ...common, n: limits.maxTokens, onReject: [recode('QUERY_TOO_LONG')] }),
    maxDepthPlugin({
      ...common,
      n: limits.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      onReject: [recode('QUERY_TOO_DEEP')],
    }),
    costLimitPlugin({
      ...common,
      maxCost: limits.maxCost,
      ignoreIntrospection: true,
      onReject: [recode('QUERY_TOO_COSTLY')],
    }),
    maxAliasesPlugin({ ...common, n: limits.maxAliases, onReject: [recode('QUERY_TOO_MANY_ALIASES')] }),
  ] as GatewayPlugin[];
}
