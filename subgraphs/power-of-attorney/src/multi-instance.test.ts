import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLedger, loadDevelopmentIdentities } from '@mchd/ledger';
import { postGraphQL, testDatabases, testSubgraphConfig, type TestSubgraphConfig } from '@mchd/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PowerOfAttorneyEventRow } from './entities.js';
import { b64, Fixtures, principalInnOf, type SignedDocument } from './fixtures.test-support.js';
import { createPowerOfAttorneySubgraph, type PowerOfAttorneySubgraph } from './power-of-attorney-subgraph.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const REGISTER = `mutation($d: Base64!, $s: Base64!) { registerPowerOfAttorney(input: { document: $d, signature: $s }) { guid } }`;
const CHECK = `query($g: GUID!, $p: String!) { checkPowerOfAttorney(guid: $g, principalInn: $p) { status } }`;

/**
 * Two instances of the subgraph on one database and one ledger: one of them (the lease holder) writes the
 * projection, both answer, each sees the other's changes, and the other takes over when the writer stops.
 */
describe.each(testDatabases())('two power-of-attorney instances on one %s database', (database) => {
  const now = new Date('2026-03-01T09:00:00.000Z');
  const clock = () => now;
  const ledgerDir = mkdtempSync(join(tmpdir(), 'mchd-poa-ledger-'));
  let ledger: EmbeddedLedger;
  let fx: Fixtures;
  const tests: TestSubgraphConfig[] = [];
  const instances: { subgraph: PowerOfAttorneySubgraph; url: string; stopped: boolean }[] = [];

  beforeAll(async () => {
    fx = await Fixtures.create(clock);
    ledger = await EmbeddedLedger.open({ directory: ledgerDir, clock });
    const identity = (await loadDevelopmentIdentities(join(ledgerDir, 'identities.json')))['registry.registrar'];
    const first = testSubgraphConfig('power-of-attorney', database);
    const second = testSubgraphConfig('power-of-attorney', database, {
      dataDir: first.dataDir,
      auth: first.config.auth,
      ...(first.config.databaseSchema ? { databaseSchema: first.config.databaseSchema } : {}),
    });
    tests.push(first, second);
    for (const t of tests) {
      const subgraph = createPowerOfAttorneySubgraph(t.config, {
        ledger,
        ledgerIdentity: identity,
        clock,
        trustStore: fx.trustStore,
        personFeed: false,
        eventPollMs: 20,
        leaseMs: 900,
        env: {},
      });
      const { url } = await subgraph.start();
      instances.push({ subgraph, url, stopped: false });
    }
  }, 60_000);

  afterAll(async () => {
    const [a] = instances;
    if (a?.subgraph.config.databaseSchema) {
      await a.subgraph.orm.em
        .getConnection()
        .execute(`drop schema if exists "${a.subgraph.config.databaseSchema}" cascade`)
        .catch(() => undefined);
    }
    for (const i of instances) if (!i.stopped) await i.subgraph.stop();
    await ledger?.close();
    for (const t of tests) t.cleanup();
    rmSync(ledgerDir, { recursive: true, force: true });
  });

  const eventually = async <T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (ok(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('register and revoke through either instance; one writer logs each event once, in ledger order', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    await eventually(
      async () => [a.subgraph.parts.projection.isWriter, b.subgraph.parts.projection.isWriter],
      ([x, y]) => x !== y,
    );
    expect([a, b].filter((i) => i.subgraph.parts.projection.isWriter)).toHaveLength(1);

    const docs: SignedDocument[] = [];
    for (let i = 0; i < 4; i++) docs.push(await fx.document({ seed: 300 + i }));
    for (const [i, doc] of docs.entries()) {
      const via = i % 2 === 0 ? a : b;
      const token = await tests[0]!.token(['registrar'], [principalInnOf(doc.doc)]);
      const r = await postGraphQL<Data>(via.url, REGISTER, { d: b64(doc.xml), s: b64(doc.signature) }, token);
      expect(r.body.errors).toBeUndefined();
    }
    const operator = await tests[0]!.token(['operator']);
    const target = docs[0]!;
    const inn = principalInnOf(target.doc);
    // Both instances cache the ACTIVE answer first.
    for (const i of [a, b]) {
      const r = await postGraphQL<Data>(i.url, CHECK, { g: target.doc.guid, p: inn }, operator);
      expect(r.body.data!.checkPowerOfAttorney.status).toBe('ACTIVE');
    }
    const registrar = await tests[0]!.token(['registrar'], [inn]);
    const revoke = await postGraphQL<Data>(
      b.url,
      'mutation($i: RevokePowerOfAttorneyInput!) { revokePowerOfAttorney(input: $i) { guid } }',
      { i: { guid: target.doc.guid, reason: 'проверка' } },
      registrar,
    );
    expect(revoke.body.errors).toBeUndefined();
    // The instance that did not revoke learns it through the shared event log.
    for (const i of [a, b]) {
      const status = await eventually(
        async () =>
          (await postGraphQL<Data>(i.url, CHECK, { g: target.doc.guid, p: inn }, operator)).body.data!
            .checkPowerOfAttorney.status,
        (s) => s === 'REVOKED',
      );
      expect(status).toBe('REVOKED');
    }
    const events = await eventually(
      () => a.subgraph.orm.em.fork().find(PowerOfAttorneyEventRow, {}, { orderBy: { seq: 'asc' } }),
      (rows) => rows.length >= 5,
    );
    expect(events.map((e) => [e.type, e.guid])).toEqual([
      ...docs.map((d) => ['REGISTERED', d.doc.guid]),
      ['REVOKED', target.doc.guid],
    ]);
    const blocks = events.map((e) => e.blockNumber as number);
    expect([...blocks].sort((x, y) => x - y)).toEqual(blocks);
  }, 60_000);

  it('the other instance takes over the projection when the writer stops', async () => {
    const writer = instances.find((i) => i.subgraph.parts.projection.isWriter)!;
    const other = instances.find((i) => i !== writer)!;
    await writer.subgraph.stop();
    writer.stopped = true;
    const doc = await fx.document({ seed: 310 });
    const token = await tests[0]!.token(['registrar'], [principalInnOf(doc.doc)]);
    const r = await postGraphQL<Data>(other.url, REGISTER, { d: b64(doc.xml), s: b64(doc.signature) }, token);
    expect(r.body.errors).toBeUndefined();
    const logged = await eventually(
      () => other.subgraph.orm.em.fork().find(PowerOfAttorneyEventRow, { guid: doc.doc.guid }),
      (rows) => rows.length > 0,
    );
    expect(logged.map((e) => e.type)).toEqual(['REGISTERED']);
    expect(other.subgraph.parts.projection.isWriter).toBe(true);
  }, 60_000);
});
