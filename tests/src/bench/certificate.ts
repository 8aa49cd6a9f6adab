/**
 * `npm run bench -- certificate`: the expiring-certificates report (`expiringCertificates(withinDays: 30,
 * organizationInn, first: 20)`) on 100,000 certificates across 1,000 organizations, p50/p95 latency through the
 * gateway, side by side with the same requests straight to the certificate subgraph in the same run (aim: p95
 * under 100 ms through the gateway).
 *
 * The stack runs as `npm start` runs it (each part its own process). The certificates are seeded straight into the
 * certificate subgraph's SQLite file (`<data dir>/certificate.sqlite`, one transaction with a prepared statement,
 * then `ANALYZE`) after its migrations ran: issuing 100,000 certificates through the API would take the CA's
 * signing time, which is not what this measures. `notAfter` is spread evenly over [now − 30 days, now + 3 years),
 * so about 2.7 % of each organization's certificates fall into the 30-day window.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevelopmentToken } from '@mchd/auth';
import { startStack } from '@mchd/gateway';
import { generateInnLegal, generateInnPerson, seededRandom } from '@mchd/identifiers';
import Database from 'libsql';
import { freePort } from '../e2e/stack-fixture.js';
import type { BenchResult } from './result.js';

const ORGANIZATIONS = 1_000;
const PER_ORGANIZATION = 100;
const REQUESTS = 1_000;
const DAY = 86_400_000;
const CARRIERS = ['FILE_SYSTEM', 'PROTECTED_TOKEN', 'SMART_CARD', 'REGISTRY', 'CLOUD'];

const QUERY = `query($inn: String!) { expiringCertificates(withinDays: 30, organizationInn: $inn, first: 20) {
  totalCount edges { cursor node { id thumbprint serialNumber notAfter daysLeft status subject { commonName inn }
  carrier { type serialNumber insecure } } } pageInfo { hasNextPage endCursor } } }`;

function hex(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

/** Seeds the certificates in one transaction; returns the organizations' INNs. */
function seed(file: string, now: number): string[] {
  const random = seededRandom(100_000);
  const db = new Database(file);
  db.exec('pragma busy_timeout = 10000');
  const orgs = Array.from({ length: ORGANIZATIONS }, () => generateInnLegal(random));
  const insert = db.prepare(
    'insert into "certificate" ("id", "thumbprint", "serial_number", "not_before", "not_after", "issuer", ' +
      '"subject_common_name", "subject_inn", "subject_inn_le", "status", "created_at", "qualified", "key_usage", ' +
      '"organization_inn", "carrier_type", "carrier_serial", "source", "expired_notified", "renewal_requested") ' +
      "values (?, ?, ?, ?, ?, 'CN=Bench CA', ?, ?, ?, 'VALID', ?, 0, 'digitalSignature', ?, ?, ?, 'IMPORTED', 0, 0)",
  );
  db.exec('begin');
  let n = 0;
  for (const org of orgs) {
    for (let i = 0; i < PER_ORGANIZATION; i++, n++) {
      const notAfter = now - 30 * DAY + Math.floor(random() * 1125 * DAY);
      const carrier = CARRIERS[n % CARRIERS.length]!;
      insert.run(
        `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
        hex(random, 40),
        hex(random, 32).toUpperCase(),
        new Date(notAfter - 365 * DAY).toISOString(),
        new Date(notAfter).toISOString(),
        `Сотрудник ${n}`,
        generateInnPerson(random),
        org,
        new Date(notAfter - 365 * DAY).toISOString(),
        org,
        carrier,
        carrier === 'PROTECTED_TOKEN' ? `TK-${n}` : null,
      );
    }
  }
  db.exec('commit');
  db.exec('analyze');
  db.close();
  return orgs;
}

/** Latencies (ms) of `REQUESTS` report requests, each for another organization, after a warm-up. */
async function measure(url: string, token: string, orgs: string[]): Promise<{ times: number[]; rows: number }> {
  const post = async (inn: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables: { inn } }),
    });
    const body = (await res.json()) as {
      data?: { expiringCertificates: { totalCount: number } };
      errors?: unknown[];
    };
    if (body.errors || !body.data) throw new Error(`bench query failed: ${JSON.stringify(body.errors)}`);
    return body.data.expiringCertificates.totalCount;
  };
  for (let i = 0; i < 100; i++) await post(orgs[i % orgs.length]!); // warm-up
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    rows += await post(orgs[(i * 7919) % orgs.length]!);
    times.push(performance.now() - start);
  }
  return { times, rows: rows / REQUESTS };
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function bench(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mchd-cert-bench-'));
  const [gateway, person, certificate, poa] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const stack = await startStack({
    dataDir,
    ports: { gateway: gateway!, person: person!, certificate: certificate!, 'power-of-attorney': poa! },
    env: {
      LOG_LEVEL: 'warn',
      MCHD_PERSON_FEED_URL: `http://127.0.0.1:${person}`,
      MCHD_CERTIFICATE_SCHEDULER_MS: '0',
    },
    log: () => undefined,
    readyTimeoutMs: 60_000,
  });
  try {
    const orgs = seed(join(dataDir, 'certificate.sqlite'), Date.now());
    const auditor = await issueDevelopmentToken({ dataDir }, { roles: ['auditor'] });
    // Interleaved halves so that both paths see the same machine load.
    const direct = `http://127.0.0.1:${certificate}/graphql`;
    const gatewayTimes: number[] = [];
    const directTimes: number[] = [];
    let meanTotalCount = 0;
    for (let round = 0; round < 2; round++) {
      const g = await measure(stack.url, auditor, orgs);
      gatewayTimes.push(...g.times);
      meanTotalCount = g.rows;
      directTimes.push(...(await measure(direct, auditor, orgs)).times);
    }
    const params = {
      certificates: ORGANIZATIONS * PER_ORGANIZATION,
      organizations: ORGANIZATIONS,
      requestsPerPath: 2 * REQUESTS,
      withinDays: 30,
      first: 20,
      meanTotalCount: Number(meanTotalCount.toFixed(2)),
      database: 'sqlite',
      loadAverage: Number(loadavg()[0]!.toFixed(2)),
    };
    const figure = (p: number, label: string): BenchResult => {
      const value = percentile(gatewayTimes, p);
      const baseline = percentile(directTimes, p);
      return {
        name: `certificate.expiring-report.gateway.${label}`,
        value,
        unit: 'ms',
        baseline: { name: `certificate.expiring-report.subgraph.${label}`, value: baseline },
        ratio: value / baseline,
        params,
      };
    };
    return [figure(0.95, 'p95'), figure(0.5, 'p50')];
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
