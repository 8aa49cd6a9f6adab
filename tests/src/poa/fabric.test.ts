/**
 * The power-of-attorney end-to-end suite (./suite.ts) on a real Hyperledger Fabric network (native processes from
 * `ensureNetwork`: etcdraft orderer, one peer per organization, the contract as chaincode-as-a-service), one network
 * for this file, started in `beforeAll`; the power-of-attorney subgraph reaches it with `LEDGER=fabric` and the
 * network's connection.json (`MCHD_FABRIC_CONNECTION`).
 *
 * The network needs Fabric's binaries: FABRIC_BIN_DIR, the cache in .fabric/bin, or a `go install` from the Go module
 * proxy. Where none can be had, this file checks, as the ledger-network tests do, that starting the network fails
 * fast with the typed FABRIC_BINARIES_UNAVAILABLE error (MCHD_REQUIRE_FABRIC=1 makes a missing Fabric a failure).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureNetwork,
  FabricBinariesUnavailableError,
  findFreeBasePort,
  installFabricBinaries,
} from '@mchd/ledger-network';
import { describe, expect, it } from 'vitest';
import { describePowerOfAttorneyApi } from './suite.js';

const NETWORK_TIMEOUT_MS = 40 * 60_000;

const availability = await installFabricBinaries().then(
  () => undefined,
  (error: unknown) => error,
);

if (availability !== undefined && process.env['MCHD_REQUIRE_FABRIC'] !== '1') {
  console.warn(`power-of-attorney suite on Fabric not run: ${String(availability)}`);
  describe('power-of-attorney API on Hyperledger Fabric, without Fabric binaries', () => {
    it('fails fast with the typed error that says how to provide the binaries', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mchd-poa-fabric-'));
      try {
        const error: unknown = await ensureNetwork({ dir, basePort: await findFreeBasePort() }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(FabricBinariesUnavailableError);
        expect((error as FabricBinariesUnavailableError).code).toBe('FABRIC_BINARIES_UNAVAILABLE');
        expect((error as Error).message).toContain('FABRIC_BIN_DIR');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
} else {
  describePowerOfAttorneyApi('Hyperledger Fabric', {
    ledger: async () => {
      if (availability !== undefined) throw availability;
      const dir = await mkdtemp(join(tmpdir(), 'mchd-poa-fabric-'));
      try {
        const network = await ensureNetwork({ dir, basePort: await findFreeBasePort() });
        return {
          env: { LEDGER: 'fabric', MCHD_FABRIC_CONNECTION: join(network.dir, 'connection.json') },
          close: async () => {
            await network.purge();
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    },
    hookTimeoutMs: NETWORK_TIMEOUT_MS,
    testTimeoutMs: 10 * 60_000,
  });
}
