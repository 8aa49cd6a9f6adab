/**
 * `npm run bench -- ledger`: registrations per second and p50/p99 commit latency (submission → durable ack) on the
 * embedded node and on a real Fabric network, measured in the same run with the same closed-loop load.
 *
 * Environment: `MCHD_BENCH_LEDGER_N` (registrations per target, default 20000 embedded / 3000 Fabric),
 * `MCHD_BENCH_LEDGER_FABRIC=0` to leave the Fabric network out.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddedLedger,
  FabricLedger,
  loadDevelopmentIdentities,
  type Ledger,
  type LedgerIdentity,
} from '@mchd/ledger';
import { MetadataFactory } from '../ledger/fixtures.js';
import type { BenchResult } from './result.js';

interface Run {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/** `concurrency` clients each registering one document after another until `count` are done. */
export async function measureRegistrations(
  ledger: Ledger,
  identity: LedgerIdentity,
  count: number,
  concurrency: number,
): Promise<Run> {
  const f = new MetadataFactory();
  const docs = Array.from({ length: count }, () => f.metadata());
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await ledger.register(docs[i]!, identity);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), count };
}

/** statusAt of a re-delegated MCHD (two records read per query), one query after another. */
async function measureStatusReads(ledger: Ledger, identity: LedgerIdentity, count: number): Promise<number> {
  const f = new MetadataFactory();
  const root = await ledger.register(f.metadata(), identity);
  const child = await ledger.register(f.metadata({ parentGuid: root.guid }), identity);
  const at = new Date('2026-06-01T00:00:00Z');
  const started = performance.now();
  for (let i = 0; i < count; i++) await ledger.statusAt(child.guid, at);
  return count / ((performance.now() - started) / 1000);
}

function results(target: string, run: Run, params: Record<string, string | number | boolean>): BenchResult[] {
  const p = { ...params, registrations: run.count };
  return [
    { name: `ledger.${target}.register`, value: run.perSecond, unit: 'registrations/s', params: p },
    { name: `ledger.${target}.commit-latency.p50`, value: run.p50, unit: 'ms', params: p },
    { name: `ledger.${target}.commit-latency.p99`, value: run.p99, unit: 'ms', params: p },
  ];
}

async function embedded(n: number): Promise<{ out: BenchResult[]; run: Run }> {
  const dir = await mkdtemp(join(tmpdir(), 'mchd-bench-ledger-'));
  try {
    const ids = await loadDevelopmentIdentities(join(dir, 'identities.json'));
    const ledger = await EmbeddedLedger.open({ directory: join(dir, 'ledger') });
    try {
      await measureRegistrations(ledger, ids['registry.registrar'], 500, 64); // warm-up
      const serial = await measureRegistrations(ledger, ids['registry.registrar'], Math.min(500, n), 1);
      const run = await measureRegistrations(ledger, ids['registry.registrar'], n, 512);
      const reads = await measureStatusReads(ledger, ids['registry.registrar'], 5_000);
      const out = [
        ...results('embedded', run, { concurrency: 512, durability: 'WAL synchronous=FULL' }),
        {
          name: 'ledger.embedded.register.batched-vs-serial',
          value: run.perSecond,
          unit: 'registrations/s',
          baseline: { name: 'ledger.embedded.register.serial (one client, one tx per block)', value: serial.perSecond },
          ratio: run.perSecond / serial.perSecond,
          params: { concurrency: 512 },
        },
        { name: 'ledger.embedded.status-at', value: reads, unit: 'queries/s', params: { chain: 'root → child' } },
      ];
      return { out, run };
    } finally {
      await ledger.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fabric(n: number): Promise<{ wide: Run; narrow: Run } | string> {
  const network = await import('@mchd/ledger-network').catch((e: unknown) => e);
  if (network instanceof Error || typeof network !== 'object' || network === null) {
    return `@mchd/ledger-network unavailable: ${String(network)}`;
  }
  const { ensureNetwork, findFreeBasePort } = network as typeof import('@mchd/ledger-network');
  const dir = await mkdtemp(join(tmpdir(), 'mchd-bench-fabric-'));
  let net;
  try {
    net = await ensureNetwork({
      dir,
      basePort: await findFreeBasePort(),
      log: (l) => process.stderr.write(`  ${l}\n`),
    });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    return `Fabric network did not start: ${String(e)}`;
  }
  const ledger = await FabricLedger.connect({ settings: net.settings });
  try {
    const registrar = net.settings.identities['registry.registrar'] as LedgerIdentity;
    await measureRegistrations(ledger, registrar, 100, 20); // warm-up
    const narrow = await measureRegistrations(ledger, registrar, Math.ceil(n / 3), 32);
    const wide = await measureRegistrations(ledger, registrar, n, 128);
    return { wide, narrow };
  } finally {
    await ledger.close();
    await net.purge();
  }
}

export async function bench(): Promise<BenchResult[]> {
  const env = process.env['MCHD_BENCH_LEDGER_N'];
  const { out, run } = await embedded(env ? Number(env) : 20_000);
  if (process.env['MCHD_BENCH_LEDGER_FABRIC'] === '0') return out;
  const f = await fabric(env ? Number(env) : 3_000);
  if (typeof f === 'string') {
    process.stderr.write(`bench ledger: Fabric part not measured: ${f}\n`);
    return out;
  }
  return [
    ...out,
    ...results('fabric', f.wide, { concurrency: 128 }),
    ...results('fabric.c32', f.narrow, { concurrency: 32 }),
    {
      name: 'ledger.embedded-vs-fabric.register',
      value: run.perSecond,
      unit: 'registrations/s',
      baseline: { name: 'ledger.fabric.register', value: f.wide.perSecond },
      ratio: run.perSecond / f.wide.perSecond,
    },
  ];
}
