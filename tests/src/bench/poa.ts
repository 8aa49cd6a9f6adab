/**
 * `npm run bench -- poa`: the power-of-attorney API under load, through the gateway of the real stack (three subgraph
 * processes and the gateway, as `npm start` runs them), on the embedded ledger.
 *
 * 1. `checkPowerOfAttorney` with 100,000 registered MCHDs: requests per second and p99 latency through the gateway,
 *    next to the same query sent straight to the power-of-attorney subgraph in the same run (gateway overhead as a
 *    ratio). Closed loop of `MCHD_BENCH_POA_CONNECTIONS` keep-alive connections (autocannon), each request a random
 *    one of the registered GUIDs with its principal. Beside it, both servers answering `{ __typename }`: the ceiling
 *    of the layers under the check (HTTP, bearer-token verification, GraphQL; the gateway answers it without a
 *    subgraph call).
 * 2. Subscription fan-out: `MCHD_BENCH_POA_SUBSCRIBERS` (default 5,000) graphql-ws clients through the gateway, each
 *    subscribed to the REVOKED events of one MCHD; one revocation; the time from sending `revokePowerOfAttorney`
 *    until each subscriber has the event (p50, p99, and the last one).
 *
 * Seeding (decided for the bench, documented here): the 100,000 MCHDs are registered straight on the embedded ledger
 * of the stack's data directory before the stack starts — the same `Register` transaction of the registry contract
 * the subgraph submits, signed by the same development identity (`registry.registrar`) — and the subgraph's own
 * projection then indexes them from the ledger's event stream when it starts (its catch-up rate is reported too).
 * What this skips is the per-document format and CMS checks of `registerPowerOfAttorney` (measured by the mchd and
 * pki benches); `checkPowerOfAttorney` reads only the index built from ledger records, which is the same either way.
 *
 * Environment: `MCHD_BENCH_POA_N` (MCHDs, default 100000), `MCHD_BENCH_POA_SECONDS` (per measured phase, default
 * 10), `MCHD_BENCH_POA_CONNECTIONS` (default 32), `MCHD_BENCH_POA_SUBSCRIBERS` (default 5000).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { issueDevelopmentToken, loadDevelopmentKey } from '@mchd/auth';
import { startStack, type RunningStack } from '@mchd/gateway';
import { generateInnLegal, generateInnPerson, generateSnils, seededRandom } from '@mchd/identifiers';
import {
  EmbeddedLedger,
  embeddedLedgerDirectory,
  loadDevelopmentIdentities,
  type PowerOfAttorneyMetadata,
} from '@mchd/ledger';
import { freePort } from '../e2e/stack-fixture.js';
import type { BenchResult } from './result.js';

const env = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

const TYPENAME = '{ __typename }';

const CHECK = `query Check($guid: GUID!, $principalInn: String!) {
  checkPowerOfAttorney(guid: $guid, principalInn: $principalInn) { status validUntil revokedAt checkedAt }
}`;

interface Seeded {
  readonly guid: string;
  readonly principalInn: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Registers `count` MCHDs on the embedded ledger under `dataDir` (100 per principal), 256 in flight. */
async function seedLedger(dataDir: string, count: number): Promise<{ seeded: Seeded[]; perSecond: number }> {
  const directory = embeddedLedgerDirectory(dataDir);
  const ledger = await EmbeddedLedger.open({ directory });
  const identities = await loadDevelopmentIdentities(join(directory, 'identities.json'));
  const registrar = identities['registry.registrar'];
  const random = seededRandom(6_100_000);
  const principals = Array.from({ length: Math.ceil(count / 100) }, () => generateInnLegal(random));
  const metadata = (i: number): PowerOfAttorneyMetadata => ({
    number: `BENCH-${i}`,
    format: 'EMCHD_1',
    issuedOn: '2026-01-15',
    validUntil: '2031-01-15',
    principals: [{ inn: principals[Math.floor(i / 100)]!, kpp: '773601001' }],
    representatives: [{ inn: generateInnPerson(random), snils: generateSnils(random) }],
    powers: ['KLASS_2.0_SIGN', '02.001'],
    redelegation: 'successive',
    kind: 'revocable',
    documentSha256: sha256(`bench-doc-${i}`),
    documentStreebog256: sha256(`bench-doc-gost-${i}`),
    signatureSha256: sha256(`bench-sig-${i}`),
    signatureStreebog256: sha256(`bench-sig-gost-${i}`),
    signerThumbprint: sha256(`bench-signer-${i}`).slice(0, 40),
  });
  const seeded: Seeded[] = new Array<Seeded>(count);
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: 256 }, async () => {
        for (let i = next++; i < count; i = next++) {
          const md = metadata(i);
          const r = await ledger.register(md, registrar);
          seeded[i] = { guid: r.guid, principalInn: md.principals[0]!.inn! };
        }
      }),
    );
  } finally {
    await ledger.close();
  }
  return { seeded, perSecond: count / ((performance.now() - started) / 1000) };
}

async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Waits (bounded) until the subgraph's index answers ACTIVE for the last seeded MCHD. */
async function waitIndexed(url: string, token: string, last: Seeded, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const data = await graphql<{ checkPowerOfAttorney: { status: string } }>(url, token, CHECK, {
      guid: last.guid,
      principalInn: last.principalInn,
    }).catch(() => undefined);
    if (data?.checkPowerOfAttorney.status === 'ACTIVE') return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error(`the index did not catch up in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface LoadRun {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly failures: number;
}

/** A closed loop of `connections` clients, each sending checks of random seeded MCHDs for `seconds`. */
async function load(
  url: string,
  token: string,
  seeded: readonly Seeded[],
  connections: number,
  seconds: number,
  query: string = CHECK,
): Promise<LoadRun> {
  const random = seededRandom(42);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req) => {
          const s = seeded[Math.floor(random() * seeded.length)]!;
          return {
            ...req,
            body: JSON.stringify({
              query,
              variables: query === CHECK ? { guid: s.guid, principalInn: s.principalInn } : {},
            }),
          };
        },
      },
    ],
  });
  return {
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** Opens `count` subscribers to the REVOKED events of `guid` after `cursor`, revokes it, times each delivery. */
async function fanOut(
  stack: RunningStack,
  target: Seeded,
  count: number,
): Promise<{
  p50: number;
  p99: number;
  max: number;
  first: number;
  /** When the revoking mutation was answered (ms after it was sent). */
  revokeAnswered: number;
  received: number;
  connected: number;
  failed: number;
  firstError: string;
}> {
  const operator = await issueDevelopmentToken({ dataDir: stack.dataDir }, { roles: ['operator'] });
  const registrar = await issueDevelopmentToken(
    { dataDir: stack.dataDir },
    { roles: ['registrar'], orgs: [target.principalInn] },
  );
  const clients: Client[] = [];
  const received: number[] = [];
  let revokedAt = 0;
  let revokeAnswered = NaN;
  let connected = 0;
  let failed = 0;
  let firstError: string | undefined;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  try {
    // The probe finds the cursor of the MCHD's REGISTERED event, so that every subscriber resumes after it: a
    // subscriber that is not set up when the revocation lands still gets it by replay (and counts as late).
    const probe = createClient({
      url: stack.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${operator}` },
    });
    clients.push(probe);
    const cursor = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no REGISTERED event for the fan-out target')), 60_000);
      probe.subscribe<{ powerOfAttorneyEvents: { cursor: string } }>(
        {
          query: `subscription($filter: PowerOfAttorneyEventFilter, $after: String) {
            powerOfAttorneyEvents(filter: $filter, after: $after) { cursor } }`,
          variables: { filter: { guid: target.guid, types: ['REGISTERED'] }, after: '0' },
        },
        {
          next: (v) => {
            const c = v.data?.powerOfAttorneyEvents.cursor;
            if (c) {
              clearTimeout(timer);
              resolve(c);
            }
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    for (let i = 0; i < count; i++) {
      const client = createClient({
        url: stack.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${operator}` },
        retryAttempts: 0,
        on: { connected: () => void connected++ },
      });
      clients.push(client);
      client.subscribe<{ powerOfAttorneyEvents: { type: string } }>(
        {
          query: `subscription($filter: PowerOfAttorneyEventFilter, $after: String) {
            powerOfAttorneyEvents(filter: $filter, after: $after) { type guid } }`,
          variables: { filter: { guid: target.guid, types: ['REVOKED'] }, after: cursor },
        },
        {
          next: () => {
            received.push(performance.now() - revokedAt);
            if (received.length === count) done();
          },
          error: (e: unknown) => {
            firstError ??= e instanceof Error ? e.message : JSON.stringify(e);
            failed++;
            if (received.length + failed === count) done();
          },
          complete: () => undefined,
        },
      );
      // Clients arrive at about 1,000 a second (bursts of 100), not all in one instant.
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 100));
    }
    const deadline = Date.now() + 120_000;
    while (connected < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Let the subscriptions reach the subgraph (bounded settle time after the last acknowledgement).
    await new Promise((r) => setTimeout(r, 3_000));
    revokedAt = performance.now();
    await graphql(
      stack.url,
      registrar,
      `
        mutation ($input: RevokePowerOfAttorneyInput!) {
          revokePowerOfAttorney(input: $input) {
            guid
          }
        }
      `,
      { input: { guid: target.guid, reason: 'fan-out bench' } },
    );
    revokeAnswered = performance.now() - revokedAt;
    await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
  const sorted = [...received].sort((a, b) => a - b);
  // Over all subscribers: one that never got the event (within 60 s) counts as 60 s late.
  const everyone = [...sorted, ...new Array<number>(count - sorted.length).fill(60_000)];
  const at = (p: number) => everyone[Math.min(everyone.length - 1, Math.floor((everyone.length * p) / 100))] ?? NaN;
  return {
    p50: at(50),
    p99: at(99),
    max: everyone.at(-1) ?? NaN,
    first: sorted[0] ?? NaN,
    revokeAnswered,
    received: sorted.length,
    connected,
    failed,
    firstError: firstError ?? '',
  };
}

export async function bench(): Promise<BenchResult[]> {
  const n = env('MCHD_BENCH_POA_N', 100_000);
  const seconds = env('MCHD_BENCH_POA_SECONDS', 10);
  const connections = env('MCHD_BENCH_POA_CONNECTIONS', 32);
  const subscribers = env('MCHD_BENCH_POA_SUBSCRIBERS', 5_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'mchd-bench-poa-'));
  let stack: RunningStack | undefined;
  try {
    await loadDevelopmentKey(dataDir);
    process.stderr.write(`poa: seeding ${n} MCHDs on the embedded ledger\n`);
    const { seeded, perSecond: seedRate } = await seedLedger(dataDir, n);
    const ports = {
      gateway: await freePort(),
      person: await freePort(),
      certificate: await freePort(),
      'power-of-attorney': await freePort(),
    };
    const logs: string[] = [];
    const stackStarted = performance.now();
    try {
      stack = await startStack({
        dataDir,
        ports,
        env: {
          LOG_LEVEL: 'warn',
          LEDGER: 'embedded',
          MCHD_PERSON_FEED_URL: `http://127.0.0.1:${ports.person}`,
        },
        log: (line) => logs.push(line),
        readyTimeoutMs: 300_000,
      });
    } catch (e) {
      process.stderr.write(`${logs.slice(-40).join('\n')}\n`);
      throw e;
    }
    const operator = await issueDevelopmentToken({ dataDir }, { roles: ['operator'] });
    process.stderr.write('poa: waiting for the projection to index them\n');
    await waitIndexed(stack.url, operator, seeded.at(-1)!, 30 * 60_000);
    // From starting the processes until the last seeded MCHD checks ACTIVE: start-up plus the projection's catch-up.
    const indexSeconds = (performance.now() - stackStarted) / 1000;
    const direct = `http://127.0.0.1:${ports['power-of-attorney']}/graphql`;
    // Correct answers first, both ways.
    for (const url of [stack.url, direct]) {
      const s = seeded[Math.floor(n / 2)]!;
      const a = await graphql<{ checkPowerOfAttorney: { status: string } }>(url, operator, CHECK, { ...s });
      if (a.checkPowerOfAttorney.status !== 'ACTIVE') throw new Error(`${url}: ${JSON.stringify(a)}`);
    }
    process.stderr.write('poa: warming up\n');
    await load(stack.url, operator, seeded, connections, 3);
    await load(direct, operator, seeded, connections, 3);
    process.stderr.write(`poa: ${seconds} s through the gateway, ${seconds} s straight to the subgraph\n`);
    const viaGateway = await load(stack.url, operator, seeded, connections, seconds);
    const straight = await load(direct, operator, seeded, connections, seconds);
    // The same servers answering `{ __typename }` (no resolver work): what the HTTP, auth and GraphQL layers cost.
    const typenameGateway = await load(stack.url, operator, seeded, connections, Math.ceil(seconds / 2), TYPENAME);
    const typenameDirect = await load(direct, operator, seeded, connections, Math.ceil(seconds / 2), TYPENAME);
    process.stderr.write(`poa: fan-out to ${subscribers} subscribers\n`);
    const fan = await fanOut(stack, seeded.at(-1)!, subscribers);

    const params = { mchds: n, connections, seconds, ledger: 'embedded', seeding: 'ledger Register + projection' };
    return [
      {
        name: 'poa.check.gateway',
        value: viaGateway.perSecond,
        unit: 'checks/s',
        baseline: { name: 'poa.check.subgraph-direct', value: straight.perSecond },
        ratio: viaGateway.perSecond / straight.perSecond,
        params: { ...params, requests: viaGateway.requests, failures: viaGateway.failures, aim: '>= 2000' },
      },
      {
        name: 'poa.check.gateway.p99',
        value: viaGateway.p99,
        unit: 'ms',
        baseline: { name: 'poa.check.subgraph-direct.p99', value: straight.p99 },
        ratio: viaGateway.p99 / straight.p99,
        params: { ...params, p50: viaGateway.p50, aim: '< 25' },
      },
      {
        name: 'poa.check.gateway-overhead',
        value: straight.perSecond / viaGateway.perSecond,
        unit: 'x (direct checks/s ÷ gateway checks/s)',
        baseline: { name: 'poa.check.subgraph-direct', value: straight.perSecond },
        params: { ...params, directFailures: straight.failures, directP50: straight.p50, aim: '< 1.5' },
      },
      {
        name: 'poa.typename.gateway',
        value: typenameGateway.perSecond,
        unit: 'requests/s',
        baseline: { name: 'poa.typename.subgraph-direct', value: typenameDirect.perSecond },
        ratio: typenameGateway.perSecond / typenameDirect.perSecond,
        params: {
          connections,
          query: '{ __typename }',
          p99: typenameGateway.p99,
          directP99: typenameDirect.p99,
          note: 'HTTP, bearer token and GraphQL layers without resolver work; the gateway answers __typename itself',
        },
      },
      {
        name: 'poa.subscription.fan-out.p99',
        value: fan.p99,
        unit: 'ms',
        params: {
          subscribers,
          received: fan.received,
          connected: fan.connected,
          subscriptionErrors: fan.failed,
          p50: fan.p50,
          first: fan.first,
          last: fan.max,
          revokeAnswered: fan.revokeAnswered,
          aim: '< 1000',
          note: 'from sending revokePowerOfAttorney to each delivery; a subscriber without it counts as 60 s',
        },
      },
      {
        name: 'poa.subscription.fan-out.delivered',
        value: fan.received,
        unit: 'subscribers',
        params: { subscribers, connected: fan.connected, subscriptionErrors: fan.failed, firstError: fan.firstError },
      },
      {
        name: 'poa.stack.ready-with-index',
        value: indexSeconds,
        unit: 's',
        params: {
          mchds: n,
          note: 'from starting the stack until the last seeded MCHD checks ACTIVE (start-up + projection catch-up)',
          ledgerSeedingPerSecond: seedRate,
        },
      },
    ];
  } finally {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
