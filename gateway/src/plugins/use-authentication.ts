import { callerFromAuthorization, type Caller, type TokenVerifier, UnauthenticatedError } from '@mchd/auth';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { codedError } from '../errors.js';

/** What the gateway adds to each operation's context. */
export interface AuthenticatedContext {
  /** The verified caller. */
  readonly caller: Caller;
  /** The bearer credential as received, forwarded to subgraphs (which verify it again). */
  readonly authorization: string;
}

interface IncomingContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

/**
 * Requires a valid bearer JWT on every operation: from the `Authorization` header over HTTP, from
 * `connectionParams.authorization` over graphql-ws. Without one the operation fails with `UNAUTHENTICATED`
 * (HTTP 401); with one, `caller` and `authorization` join the context and the credential is forwarded to the
 * subgraphs.
 *
 * @example
 * ```ts
 * plugins: () => [useAuthentication(await createTokenVerifier(config.auth))]
 * ```
 */
export function useAuthentication(verifier: TokenVerifier): GatewayPlugin {
  return {
    async onContextBuilding({ context, extendContext }) {
      const incoming = context as IncomingContext;
      const fromHeader = incoming.request?.headers.get('authorization') ?? undefined;
      const fromParams = incoming.connectionParams?.['authorization'];
      const header = fromHeader ?? (typeof fromParams === 'string' ? fromParams : undefined);
      let caller: Caller | null;
      try {
        caller = await callerFromAuthorization(header, verifier);
      } catch (e) {
        throw codedError('UNAUTHENTICATED', e instanceof UnauthenticatedError ? e.message : 'invalid token', 401);
      }
      if (!caller || !header) throw codedError('UNAUTHENTICATED', 'a bearer token is required', 401);
      extendContext({ caller, authorization: header } satisfies AuthenticatedContext);
    },
  };
}
