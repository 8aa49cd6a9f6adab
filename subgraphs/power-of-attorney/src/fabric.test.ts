/**
 * Two instances of the subgraph on one database and one real Hyperledger Fabric network (native processes from
 * `ensureNetwork`), each with its own Fabric Gateway connection (`LEDGER=fabric`): registrations and revocations
 * through either, one projection writer, the index rebuilt from Fabric.
 *
 * The network needs Fabric's binaries (FABRIC_BIN_DIR, the cache in .fabric/bin, or a `go install`). Where none can
 * be had, this file checks, as the ledger-network tests do, that starting the network fails fast with the typed
 * FABRIC_BINARIES_UNAVAILABLE error (MCHD_REQUIRE_FABRIC=1 makes a missing Fabric a failure).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureNetwork,
  FabricBinariesUnavailableError,
  findFreeBasePort,
  installFabricBinaries,
  type FabricNetwork,
} from '@mchd/ledger-network';
import { postGraphQL, testSubgraphConfig, type TestSubgraphConfig } from '@mchd/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PowerOfAttorneyEventRow, PowerOfAttorneyRow } from './entities.js';
import { b64, Fixtures, principalInnOf } from './fixtures.test-support.js';
import { createPowerOfAttorneySubgraph, type PowerOfAttorneySubgraph } from './power-of-attorney-subgraph.js';
import { reindex } from './reindex.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const REGISTER = `mutation($d: Base64!, $s: Base64!) { registerPowerOfAttorney(input: { document: $d, signature: $s }) { guid blockNumber } }`;
const CHECK = `query($g: GUID!, $p: String!) { checkPowerOfAttorney(guid: $g, principalInn: $p) { status } }`;

const availability = await installFabricBinaries().then(
  () => undefined,
  (error: unknown) => error,
);

if (availability !== undefined && process.env['MCHD_REQUIRE_FABRIC'] !== '1') {
  console.warn(`power-of-attorney instances on Fabric not run: ${String(availability)}`);
  describe('power-of-attorney instances on Hyperledger Fabric, without Fabric binaries', () => {
    it('fails fast with the typed error that says how to provide the binaries', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mchd-poa-fabric-'));
      try {
        const error: unknown = await ensureNetwork({ dir, basePort: await findFreeBasePort() }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(FabricBinariesUnavailableError);
        expect((error as FabricBinariesUnavailableError).code).toBe('FABRIC_BINARIES_UNAVAILABLE');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
} else {
  describe('two power-of-attorney instances on one database and a real Fabric network', () => {
    // Fabric stamps transactions with the peers' time: the subgraph's clock must be the same one.
    const clock = () => new Date();
    let dir: string;
    let network: FabricNetwork | undefined;
    let fx: Fixtures;
    const tests: TestSubgraphConfig[] = [];
    const instances: { subgraph: PowerOfAttorneySubgraph; url: string }[] = [];

    beforeAll(async () => {
      if (availability !== undefined) throw availability;
      fx = await Fixtures.create(clock);
      dir = await mkdtemp(join(tmpdir(), 'mchd-poa-fabric-'));
      network = await ensureNetwork({ dir, basePort: await findFreeBasePort() });
      const env = { LEDGER: 'fabric', MCHD_FABRIC_CONNECTION: join(network.dir, 'connection.json') };
      const first = testSubgraphConfig('power-of-attorney', 'sqlite');
      tests.push(
        first,
        testSubgraphConfig('power-of-attorney', 'sqlite', { dataDir: first.dataDir, auth: first.config.auth }),
      );
      for (const t of tests) {
        const subgraph = createPowerOfAttorneySubgraph(t.config, {
          clock,
          trustStore: fx.trustStore,
          personFeed: false,
          eventPollMs: 20,
          leaseMs: 1500,
          env,
        });
        const { url } = await subgraph.start();
        instances.push({ subgraph, url });
      }
    }, 40 * 60_000);

    afterAll(async () => {
      for (const i of instances) await i.subgraph.stop();
      for (const t of tests) t.cleanup();
      await network?.purge();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 120_000);

    const eventually = async <T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> => {
      const until = Date.now() + ms;
      for (;;) {
        const v = await probe();
        if (ok(v) || Date.now() > until) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    it(
      'registers and revokes through either instance; events once, in ledger order; the index rebuilds from Fabric',
      async () => {
        const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
        const docs = [await fx.document({ seed: 400 }), await fx.document({ seed: 401 }, { ca: fx.ecdsa })];
        for (const [i, doc] of docs.entries()) {
          const token = await tests[0]!.token(['registrar'], [principalInnOf(doc.doc)]);
          const r = await postGraphQL<Data>(
            (i === 0 ? a : b).url,
            REGISTER,
            { d: b64(doc.xml), s: b64(doc.signature) },
            token,
          );
          expect(r.body.errors).toBeUndefined();
          expect(r.body.data!.registerPowerOfAttorney.blockNumber).toBeGreaterThan(0);
        }
        const target = docs[0]!;
        const inn = principalInnOf(target.doc);
        const operator = await tests[0]!.token(['operator']);
        for (const i of [a, b]) {
          const r = await postGraphQL<Data>(i.url, CHECK, { g: target.doc.guid, p: inn }, operator);
          expect(r.body.data!.checkPowerOfAttorney.status).toBe('ACTIVE');
        }
        const revoke = await postGraphQL<Data>(
          b.url,
          'mutation($i: RevokePowerOfAttorneyInput!) { revokePowerOfAttorney(input: $i) { guid } }',
          { i: { guid: target.doc.guid, reason: 'проверка на Fabric' } },
          await tests[0]!.token(['registrar'], [inn]),
        );
        expect(revoke.body.errors).toBeUndefined();
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
          (rows) => rows.length >= 3,
        );
        expect(events.map((e) => [e.type, e.guid])).toEqual([
          ['REGISTERED', docs[0]!.doc.guid],
          ['REGISTERED', docs[1]!.doc.guid],
          ['REVOKED', target.doc.guid],
        ]);
        expect([a, b].filter((i) => i.subgraph.parts.projection.isWriter)).toHaveLength(1);

        // Rebuild the index from Fabric (the writer stopped first).
        for (const i of [a, b]) await i.subgraph.parts.projection.stop();
        const report = await reindex({ orm: a.subgraph.orm, ledger: a.subgraph.parts.ledger, clock, idleMs: 3000 });
        expect(report).toMatchObject({ powersOfAttorney: 2, events: 3 });
        const rows = await a.subgraph.orm.em.fork().find(PowerOfAttorneyRow, {}, { orderBy: { guid: 'asc' } });
        expect(rows.find((r) => r.guid === target.doc.guid)?.revocationReason).toBe('проверка на Fabric');
        expect(await a.subgraph.orm.em.fork().count(PowerOfAttorneyEventRow, {})).toBe(3);
      },
      10 * 60_000,
    );
  });
}
