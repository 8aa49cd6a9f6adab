import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { print, type DocumentNode, type ExecutionResult } from 'graphql';
import { SharedSubscription } from '../subscriptions/shared-subscription.js';
import type { AuthenticatedContext } from './use-authentication.js';

type Upstream = AsyncIterableIterator<ExecutionResult> | ExecutionResult;

const printed = new WeakMap<DocumentNode, string>();
function textOf(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
}

function isAsyncIterator(value: Upstream): value is AsyncIterableIterator<ExecutionResult> {
  return typeof (value as AsyncIterableIterator<ExecutionResult>)[Symbol.asyncIterator] === 'function';
}

/**
 * Shares one upstream subscription among clients that start the same one: same document, operation, variables and
 * bearer credential (so the same caller, who sees the same data), while it has not delivered anything yet. Five
 * thousand apps following the revocations of one MCHD then cost the subgraph and the gateway's delegation one
 * subscription instead of five thousand; each client still gets every event, its own copy of each result, and its
 * own end. A subscription that has delivered an event takes no newcomers (one resuming from a cursor must get what
 * came before), so a later client starts a new shared one.
 *
 * @example
 * ```ts
 * plugins: () => [useAuthentication(verifier), useSubscriptionSharing()]
 * ```
 */
export function useSubscriptionSharing(): GatewayPlugin {
  const open = new Map<string, Promise<SharedSubscription<ExecutionResult> | ExecutionResult>>();
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const authorization = (args.contextValue as Partial<AuthenticatedContext> | undefined)?.authorization;
      if (!authorization) return;
      const key = JSON.stringify([
        textOf(args.document),
        args.operationName ?? null,
        args.variableValues ?? {},
        authorization,
      ]);
      setSubscribeFn((async (subscribeArgs: Parameters<typeof subscribeFn>[0]) => {
        for (;;) {
          const existing = open.get(key);
          if (existing) {
            const shared = await existing;
            if (!(shared instanceof SharedSubscription)) return shared; // the same arguments fail the same way
            if (shared.joinable) return copies(shared.attach());
            if (open.get(key) === existing) open.delete(key);
            continue;
          }
          const starting = (async () => {
            const upstream = (await subscribeFn(subscribeArgs)) as Upstream;
            if (!isAsyncIterator(upstream)) return upstream;
            return new SharedSubscription<ExecutionResult>(upstream, () => {
              if (open.get(key) === starting) open.delete(key);
            });
          })();
          open.set(key, starting);
          let shared: SharedSubscription<ExecutionResult> | ExecutionResult;
          try {
            shared = await starting;
          } catch (e) {
            if (open.get(key) === starting) open.delete(key);
            throw e;
          }
          if (!(shared instanceof SharedSubscription)) {
            if (open.get(key) === starting) open.delete(key);
            return shared;
          }
          return copies(shared.attach());
        }
      }) as typeof subscribeFn);
    },
  };
}

/**
 * Each client gets its own result objects (later plugins may change them per client). A plain iterator rather than
 * an async generator: a generator's `return()` waits for a pending `next()`, so a client leaving a quiet
 * subscription would stay attached until the next event.
 */
function copies(source: AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      const step = await source.next();
      return step.done ? step : { value: { ...step.value }, done: false };
    },
    return: async () => (await source.return?.()) ?? { value: undefined, done: true },
    throw: async (error: unknown) => {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
