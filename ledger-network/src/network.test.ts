import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { installFabricBinaries } from './binaries.js';
import { FabricBinariesUnavailableError } from './errors.js';
import { isHealthy } from './health.js';
import { certificateAttributes, REGISTRAR_ROLE, REGISTRAR_ROLE_ATTRIBUTE } from './identities.js';
import { ensureNetwork } from './network.js';
import { STRICT_ENDORSEMENT_POLICY } from './topology.js';
import type { FabricNetwork } from './network.js';
import { findFreeBasePort } from './ports.js';
import { loadConnectionSettings } from './settings.js';
import type { FabricConnectionSettings } from './settings.js';

// The network needs Fabric's binaries: FABRIC_BIN_DIR, the cache in .fabric/bin, or a `go install` from the Go
// module proxy. Where none can be had, ensureNetwork must fail fast with FabricBinariesUnavailableError, and this
// file checks exactly that (set MCHD_REQUIRE_FABRIC=1 to make a missing Fabric a failure instead).
const availability = await installFabricBinaries().then(
  () => undefined,
  (error: unknown) => error,
);

function openGateway(settings: FabricConnectionSettings, organization: string, identityName: string) {
  const peer = settings.peers.find((candidate) => candidate.organization === organization);
  const identity = settings.identities[identityName];
  if (!peer || !identity) throw new Error(`no peer ${organization} or identity ${identityName}`);
  const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(Buffer.from(peer.tlsRootCertificatePem)), {
    'grpc.ssl_target_name_override': peer.hostAlias,
  });
  const gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certificatePem) },
    signer: signers.newPrivateKeySigner(createPrivateKey(identity.privateKeyPem)),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 15_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 30_000 }),
  });
  return { gateway, close: () => (gateway.close(), client.close()) };
}

async function contractNames(gateway: Gateway, settings: FabricConnectionSettings): Promise<string[]> {
  const contract = gateway.getNetwork(settings.channel).getContract(settings.chaincode);
  const metadata = JSON.parse(
    new TextDecoder().decode(await contract.evaluateTransaction('org.hyperledger.fabric:GetMetadata')),
  ) as { contracts: Record<string, unknown> };
  return Object.keys(metadata.contracts);
}

const requireFabric = process.env.MCHD_REQUIRE_FABRIC === '1';

if (availability !== undefined && !requireFabric) {
  console.warn(`native Fabric network not started: ${String(availability)}`);
  describe('ensureNetwork without Fabric binaries', () => {
    it('fails fast with a typed error that says how to provide the binaries', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mchd-fabric-'));
      try {
        const error: unknown = await ensureNetwork({ dir, basePort: 29050 }).then(
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
  describe('native Fabric network', () => {
    let dir: string;
    let network: FabricNetwork;
    const lines: string[] = [];

    beforeAll(async () => {
      if (availability !== undefined) throw availability;
      dir = await mkdtemp(join(tmpdir(), 'mchd-fabric-'));
      network = await ensureNetwork({ dir, basePort: await findFreeBasePort(), log: (line) => lines.push(line) });
    }, 40 * 60_000);

    afterAll(async () => {
      await network?.purge();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it('serves the mchd.registry contract to clients of both organizations', async () => {
      const { settings } = network;
      expect(settings.channel).toBe('mchd');
      expect(settings.chaincode).toBe('mchd');
      expect(settings.peers.map((peer) => peer.mspId).sort()).toEqual(['OperatorMSP', 'RegistryMSP']);
      for (const organization of ['registry', 'operator']) {
        const { gateway, close } = openGateway(settings, organization, `${organization}.reader`);
        try {
          expect(await contractNames(gateway, settings)).toContain('mchd.registry');
        } finally {
          close();
        }
      }
    });

    it('issues registrar identities carrying the role attribute, and readers without it', async () => {
      const { identities } = network.settings;
      expect(Object.keys(identities).sort()).toEqual([
        'operator.reader',
        'operator.registrar',
        'registry.reader',
        'registry.registrar',
      ]);
      for (const organization of ['registry', 'operator']) {
        const registrar = identities[`${organization}.registrar`];
        const reader = identities[`${organization}.reader`];
        expect(certificateAttributes(registrar?.certificatePem ?? '')).toEqual({
          [REGISTRAR_ROLE_ATTRIBUTE]: REGISTRAR_ROLE,
        });
        expect(certificateAttributes(reader?.certificatePem ?? '')).toEqual({});
      }
      // The peers accept the generated certificate as a client of its organization: a transaction signed by the
      // registrar is endorsed, ordered and committed as valid.
      const { gateway, close } = openGateway(network.settings, 'registry', 'registry.registrar');
      try {
        const contract = gateway.getNetwork('mchd').getContract('mchd');
        const submitted = await contract.submitAsync('org.hyperledger.fabric:GetMetadata');
        const status = await submitted.getStatus();
        expect(status.successful).toBe(true);
      } finally {
        close();
      }
    });

    it('writes connection settings that loadConnectionSettings reads back', async () => {
      const loaded = await loadConnectionSettings(join(dir, 'connection.json'));
      expect(loaded).toEqual(network.settings);
      expect(JSON.parse(await readFile(join(dir, 'network.json'), 'utf8'))).toMatchObject({
        endorsementPolicy: "OR('RegistryMSP.peer','OperatorMSP.peer')",
      });
    });

    it('keeps committing while one peer is down and brings that peer back healthy', async () => {
      const operatorPeer = network.settings.peers.find((peer) => peer.organization === 'operator');
      const operationsPort = Number(operatorPeer?.endpoint.split(':')[1]) + 2;
      expect(await isHealthy(operationsPort)).toBe(true);
      await network.stopPeer('operator');
      expect(await isHealthy(operationsPort)).toBe(false);

      const { gateway, close } = openGateway(network.settings, 'registry', 'registry.registrar');
      try {
        const contract = gateway.getNetwork('mchd').getContract('mchd');
        const submitted = await contract.submitAsync('org.hyperledger.fabric:GetMetadata');
        expect((await submitted.getStatus()).successful).toBe(true);
      } finally {
        close();
      }

      await network.startPeer('operator');
      expect(await isHealthy(operationsPort)).toBe(true);
      const reopened = openGateway(network.settings, 'operator', 'operator.reader');
      try {
        expect(await contractNames(reopened.gateway, network.settings)).toContain('mchd.registry');
      } finally {
        reopened.close();
      }
    }, 120_000);

    it('resumes a stopped network in the same directory with the same settings', async () => {
      await network.stop();
      const resumed = await ensureNetwork({ dir, log: (line) => lines.push(line) });
      expect(resumed.settings).toEqual(network.settings);
      const { gateway, close } = openGateway(resumed.settings, 'operator', 'operator.registrar');
      try {
        expect(await contractNames(gateway, resumed.settings)).toContain('mchd.registry');
      } finally {
        close();
      }
      network = resumed;
    }, 180_000);
  });

  describe('native Fabric network with the strict endorsement policy', () => {
    let dir: string;
    let network: FabricNetwork;

    beforeAll(async () => {
      if (availability !== undefined) throw availability;
      dir = await mkdtemp(join(tmpdir(), 'mchd-fabric-strict-'));
      network = await ensureNetwork({
        dir,
        basePort: await findFreeBasePort(),
        endorsementPolicy: STRICT_ENDORSEMENT_POLICY,
      });
    }, 40 * 60_000);

    afterAll(async () => {
      await network?.purge();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it('commits with both peers endorsing and refuses to commit while one organization is down', async () => {
      const submit = async () => {
        const { gateway, close } = openGateway(network.settings, 'registry', 'registry.registrar');
        try {
          const contract = gateway.getNetwork('mchd').getContract('mchd');
          const submitted = await contract.submitAsync('org.hyperledger.fabric:GetMetadata');
          return (await submitted.getStatus()).successful;
        } finally {
          close();
        }
      };
      expect(await submit()).toBe(true);
      await network.stopPeer('operator');
      await expect(submit()).rejects.toThrow();
      await network.startPeer('operator');
      // Discovery notices the peer again within a gossip round; retry briefly.
      let committed = false;
      for (let attempt = 0; attempt < 30 && !committed; attempt++) {
        committed = await submit().catch(() => false);
        if (!committed) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(committed).toBe(true);
    }, 120_000);
  });
}
