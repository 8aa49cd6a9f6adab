import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import type { SubgraphEndpoint } from './config.js';

/** Composition failed, or a subgraph's SDL could not be read: the gateway must not start. */
export class CompositionError extends Error {
  readonly code = 'COMPOSITION_FAILED';
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(details.length ? `${message}:\n  - ${details.join('\n  - ')}` : message);
    this.name = 'CompositionError';
  }
}

/** A subgraph with the SDL it reported. */
export interface SubgraphSdl extends SubgraphEndpoint {
  readonly sdl: string;
}

/**
 * Reads each subgraph's SDL through the federation `_service { sdl }` query, retrying while the subgraph is not
 * yet up (until `timeoutMs`).
 *
 * @example
 * ```ts
 * const sdls = await fetchSubgraphSdls([{ name: 'person', url: 'http://127.0.0.1:4001/graphql' }]);
 * ```
 */
export async function fetchSubgraphSdls(
  subgraphs: readonly SubgraphEndpoint[],
  options: { timeoutMs?: number } = {},
): Promise<SubgraphSdl[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  return Promise.all(
    subgraphs.map(async (subgraph) => {
      let lastError: unknown;
      while (Date.now() < deadline) {
        try {
          const res = await fetch(subgraph.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ query: '{ _service { sdl } }' }),
          });
          const body = (await res.json()) as { data?: { _service?: { sdl?: string } }; errors?: unknown };
          const sdl = body.data?._service?.sdl;
          if (typeof sdl === 'string') return { ...subgraph, sdl };
          lastError = new Error(`no SDL in the answer: ${JSON.stringify(body.errors ?? body)}`);
        } catch (e) {
          lastError = e;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new CompositionError(`subgraph "${subgraph.name}" at ${subgraph.url} did not report its SDL`, [
        lastError instanceof Error ? lastError.message : String(lastError),
      ]);
    }),
  );
}

/**
 * Composes a Federation 2 supergraph from subgraph SDLs with @theguild/federation-composition; throws
 * {@link CompositionError} with every composition message when they do not compose.
 *
 * @example
 * ```ts
 * const supergraphSdl = composeSupergraph(await fetchSubgraphSdls(config.subgraphs));
 * ```
 */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors && result.errors.length > 0) {
    throw new CompositionError(
      'the subgraphs do not compose',
      result.errors.map((e) => e.message),
    );
  }
  if (!result.supergraphSdl) throw new CompositionError('composition produced no supergraph');
  return result.supergraphSdl;
}
