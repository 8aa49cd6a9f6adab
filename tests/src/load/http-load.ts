import { Agent, request } from 'undici';

/** Result of a closed-loop HTTP load run. */
export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Sends POST requests in a closed loop from `concurrency` workers for `durationMs` (bounded in time and count),
 * keeping connections alive, and reports throughput and latency percentiles. Loopback targets only.
 *
 * @example
 * ```ts
 * const r = await runHttpLoad({ url, body: JSON.stringify({ query: '{ __typename }' }), headers, concurrency: 32, durationMs: 5000 });
 * ```
 */
export async function runHttpLoad(options: {
  url: string;
  body: string | (() => string);
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
  maxRequests?: number;
}): Promise<LoadResult> {
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))
    throw new Error('load runs only against loopback');
  const agent = new Agent({ connections: options.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  let errors = 0;
  const maxRequests = options.maxRequests ?? 1_000_000;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && latencies.length + errors < maxRequests) {
      const t0 = performance.now();
      try {
        const res = await request(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: typeof options.body === 'function' ? options.body() : options.body,
          dispatcher: agent,
        });
        const text = await res.body.text();
        if (res.statusCode !== 200 || text.includes('"errors"')) errors++;
        else latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: pct(50),
    p99Ms: pct(99),
  };
}
