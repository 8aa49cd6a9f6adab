import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { PassThroughLane } from '../pass-through/pass-through-lane.js';
import type { SupergraphOwnership } from '../pass-through/supergraph-ownership.js';

interface ParamsContext {
  readonly params?: { readonly query?: unknown; readonly operationName?: unknown };
}

/**
 * Teaches the {@link PassThroughLane} which operation texts it may serve: when the full pipeline is about to execute
 * an operation (so it has parsed, validated and passed every limit), the operation text is recorded with the one
 * subgraph that answers it alone, or with none.
 *
 * @example
 * ```ts
 * plugins: () => [useAuthentication(verifier), ...useQueryLimits(limits), usePassThroughLearning(lane, ownership)]
 * ```
 */
export function usePassThroughLearning(lane: PassThroughLane, ownership: SupergraphOwnership): GatewayPlugin {
  return {
    onExecute({ args }) {
      const params = (args.contextValue as ParamsContext | undefined)?.params;
      const query = params?.query;
      const operationName = typeof params?.operationName === 'string' ? params.operationName : undefined;
      if (typeof query !== 'string' || lane.knows(query, operationName)) return;
      lane.learn(query, operationName, ownership.singleSubgraphOf(args.schema, args.document, args.operationName));
    },
  };
}
