/**
 * The conformance suite against a real Hyperledger Fabric network (native processes: etcdraft orderer, one peer per
 * organization, the contract as chaincode-as-a-service), started for this file in a temporary directory, and a
 * fault case: the registry operator's peer stops and restarts during a stream of registrations. The first run on a
 * machine builds the pinned Fabric binaries from the Go module proxy (cached in .fabric/bin), hence the long hook
 * timeout.
 *
 * Like ledger-network's own test: where no Fabric binaries can be had (no FABRIC_BIN_DIR, no cache, and the Go
 * module proxy does not serve Fabric), the file instead checks that starting a network fails fast with a typed
 * error; MCHD_REQUIRE_FABRIC=1 makes a missing Fabric a failure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FabricLedger, LedgerError, type LedgerIdentity, type Registration } from '@mchd/ledger';
import {
  FabricBinariesUnavailableError,
  ensureNetwork,
  findFreeBasePort,
  installFabricBinaries,
  type FabricNetwork,
} from '@mchd/ledger-network';
import { afterAll, describe, expect, it } from 'vitest';
import { describeLedgerConformance } from './conformance.js';
import { MetadataFactory } from './fixtures.js';

const NETWORK_TIMEOUT_MS = 40 * 60_000;

const availability = await installFabricBinaries().then(
  () => undefined,
  (error: unknown) => error,
);
const fabricAvailable = availability === undefined || process.env['MCHD_REQUIRE_FABRIC'] === '1';

let started: Promise<{ network: FabricNetwork; dir: string }> | undefined;

/** One network for the whole file, started on first use. */
function network(): Promise<{ network: FabricNetwork; dir: string }> {
  started ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-fabric-conformance-'));
    try {
      return { network: await ensureNetwork({ dir, basePort: await findFreeBasePort() }), dir };
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  })();
  return started;
}

afterAll(async () => {
  if (!started) return;
  const { network: net, dir } = await started;
  await net.purge();
  await rm(dir, { recursive: true, force: true });
}, NETWORK_TIMEOUT_MS);

function identity(net: FabricNetwork, name: string): LedgerIdentity {
  const id = net.settings.identities[name];
  if (!id) throw new Error(`the network has no identity ${name}`);
  return id;
}

if (!fabricAvailable) {
  console.warn(`Fabric conformance not run: no Fabric binaries: ${String(availability)}`);
  describe('Fabric ledger without Fabric binaries', () => {
    it('fails fast with a typed error that says how to provide the binaries', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mchd-fabric-conformance-'));
      try {
        const error = await ensureNetwork({ dir, basePort: await findFreeBasePort() }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(FabricBinariesUnavailableError);
        expect(String(error)).toContain('FABRIC_BIN_DIR');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
} else {
  describeLedgerConformance(
    'Hyperledger Fabric',
    async () => {
      const { network: net } = await network();
      const ledger = await FabricLedger.connect({ settings: net.settings });
      return {
        ledger,
        identities: {
          registryRegistrar: identity(net, 'registry.registrar'),
          operatorRegistrar: identity(net, 'operator.registrar'),
          registryReader: identity(net, 'registry.reader'),
          operatorReader: identity(net, 'operator.reader'),
        },
        close: () => ledger.close(),
      };
    },
    { hookTimeoutMs: NETWORK_TIMEOUT_MS },
  );

  describe('Fabric ledger under a peer restart', () => {
    it(
      'loses no acknowledged registration and duplicates nothing when the peer stops and restarts mid-stream',
      async () => {
        const { network: net } = await network();
        const ledger = await FabricLedger.connect({ settings: net.settings, attempts: 12 });
        const registrar = identity(net, 'registry.registrar');
        const f = new MetadataFactory();
        const principal = f.inn('peer-restart');
        const docs = Array.from({ length: 160 }, () => f.metadata({ principals: [{ inn: principal }] }));
        const acked = new Map<number, Registration>();
        const failed: unknown[] = [];
        let next = 0;
        const workers = Array.from({ length: 8 }, async () => {
          for (let i = next++; i < docs.length; i = next++) {
            try {
              acked.set(i, await ledger.register(docs[i]!, registrar));
            } catch (e) {
              // Not acknowledged: the client will retry it below. Only unavailability is acceptable here.
              expect(e).toBeInstanceOf(LedgerError);
              expect((e as LedgerError).code).toBe('LEDGER_UNAVAILABLE');
              failed.push(e);
            }
          }
        });
        try {
          while (acked.size < 20) await new Promise((r) => setTimeout(r, 50));
          await net.stopPeer('registry');
          const whileDown = acked.size;
          await new Promise((r) => setTimeout(r, 3_000));
          await net.startPeer('registry');
          await Promise.all(workers);
          // Registrations went on through the other organization's peer while ours was down.
          expect(acked.size).toBeGreaterThan(whileDown);

          for (const [i, r] of acked) {
            expect((await ledger.get(r.guid))?.documentSha256, `registration ${i}`).toBe(docs[i]!.documentSha256);
          }
          // The client retries everything: acknowledged ones answer the same record, nothing is registered twice.
          for (const [i, doc] of docs.entries()) {
            const again = await ledger.register(doc, registrar);
            const first = acked.get(i);
            if (first) expect(again).toMatchObject({ guid: first.guid, alreadyRegistered: true });
          }
          const all = await ledger.byPrincipalInn(principal);
          expect(all).toHaveLength(docs.length);
          expect(new Set(all.map((r) => r.documentSha256)).size).toBe(docs.length);
        } finally {
          await Promise.allSettled(workers);
          await ledger.close();
        }
      },
      NETWORK_TIMEOUT_MS,
    );
  });
}
