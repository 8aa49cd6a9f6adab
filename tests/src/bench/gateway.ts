/**
 * Gateway overhead: the same small query sent through the gateway and straight to the person subgraph, in one run
 * on the real stack (each part its own process, as `npm start` runs it). `npm run bench -- gateway`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevelopmentToken } from '@mchd/auth';
import { startStack } from '@mchd/gateway';
import { freePort } from '../e2e/stack-fixture.js';
import { runHttpLoad } from '../load/http-load.js';
import type { BenchResult } from './result.js';

export async function bench(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mchd-bench-gw-'));
  const ports = {
    gateway: await freePort(),
    person: await freePort(),
    certificate: await freePort(),
    'power-of-attorney': await freePort(),
  };
  const stack = await startStack({ dataDir, ports, env: { LOG_LEVEL: 'error' }, log: () => undefined });
  try {
    const token = await issueDevelopmentToken({ dataDir }, { roles: ['auditor'], ttlSeconds: 3600 });
    const headers = { authorization: `Bearer ${token}` };
    const body = JSON.stringify({ query: 'query { organizations(first: 1) { totalCount } }' });
    const params = { concurrency: 32, durationMs: 5000 };
    const direct = `http://127.0.0.1:${ports.person}/graphql`;
    // warm both paths (JIT, caches, connections)
    await runHttpLoad({ url: stack.url, body, headers, concurrency: 8, durationMs: 1000 });
    await runHttpLoad({ url: direct, body, headers, concurrency: 8, durationMs: 1000 });
    const viaGateway = await runHttpLoad({ url: stack.url, body, headers, ...params });
    const straight = await runHttpLoad({ url: direct, body, headers, ...params });
    if (viaGateway.errors || straight.errors) {
      throw new Error(`errors during the run: gateway ${viaGateway.errors}, subgraph ${straight.errors}`);
    }
    return [
      {
        name: 'gateway.simple-query.throughput',
        value: viaGateway.perSecond,
        unit: 'req/s',
        baseline: { name: 'person subgraph direct', value: straight.perSecond },
        ratio: straight.perSecond / viaGateway.perSecond,
        params: { ...params, query: 'organizations(first: 1) { totalCount }' },
      },
      {
        name: 'gateway.simple-query.p99',
        value: viaGateway.p99Ms,
        unit: 'ms',
        baseline: { name: 'person subgraph direct p99', value: straight.p99Ms },
        ratio: viaGateway.p99Ms / straight.p99Ms,
        params,
      },
    ];
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
