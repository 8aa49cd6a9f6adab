import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { configtx, cryptoConfig } from './config-files.js';
import { NetworkConfigurationError, UnknownOrganizationError } from './errors.js';
import { findOrganization, networkTopology, ordererPaths, PORT_RANGE } from './topology.js';

describe('networkTopology', () => {
  it('lays out every port inside basePort … basePort + PORT_RANGE - 1, each once', () => {
    const topology = networkTopology('/tmp/net', 30000);
    const ports = [
      topology.orderer.port,
      topology.orderer.adminPort,
      topology.orderer.operationsPort,
      ...topology.organizations.flatMap((o) => [o.peerPort, o.chaincodeListenPort, o.operationsPort]),
      topology.chaincodeServerPort,
    ];
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(30000);
      expect(port).toBeLessThan(30000 + PORT_RANGE);
    }
    expect(topology.organizations.map((o) => [o.name, o.mspId])).toEqual([
      ['registry', 'RegistryMSP'],
      ['operator', 'OperatorMSP'],
    ]);
  });

  it.each([0, 80, 1023.5, 65530])('rejects base port %s', (basePort) => {
    expect(() => networkTopology('/tmp/net', basePort)).toThrow(NetworkConfigurationError);
  });

  it('finds organizations by name and rejects unknown ones with a typed error', () => {
    const topology = networkTopology('/tmp/net', 30000);
    expect(findOrganization(topology, 'operator').mspId).toBe('OperatorMSP');
    expect(() => findOrganization(topology, 'bank')).toThrow(UnknownOrganizationError);
    try {
      findOrganization(topology, 'bank');
    } catch (error) {
      expect((error as UnknownOrganizationError).code).toBe('UNKNOWN_ORGANIZATION');
    }
  });
});

describe('Fabric configuration files', () => {
  it('asks cryptogen for three organizations with NodeOUs and loopback SANs', () => {
    const config = JSON.parse(cryptoConfig(networkTopology('/tmp/net', 30000))) as {
      OrdererOrgs: { Domain: string; EnableNodeOUs: boolean; Specs: { SANS: string[] }[] }[];
      PeerOrgs: { Name: string; EnableNodeOUs: boolean; Template: { Count: number; SANS: string[] } }[];
    };
    expect(config.OrdererOrgs[0]?.EnableNodeOUs).toBe(true);
    expect(config.OrdererOrgs[0]?.Specs[0]?.SANS).toEqual(['127.0.0.1', 'localhost']);
    expect(config.PeerOrgs.map((org) => org.Name)).toEqual(['registry', 'operator']);
    for (const org of config.PeerOrgs) {
      expect(org.EnableNodeOUs).toBe(true);
      expect(org.Template).toEqual({ Count: 1, SANS: ['127.0.0.1', 'localhost'] });
    }
  });

  it('describes an etcdraft channel with short batches, fast ticks and anchor peers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-configtx-'));
    try {
      const topology = networkTopology(dir, 30000);
      const tls = ordererPaths(topology).nodeTlsDir;
      await mkdir(tls, { recursive: true });
      await writeFile(join(tls, 'server.crt'), 'certificate');
      const profile = (
        JSON.parse(await configtx(topology)) as {
          Profiles: {
            RegistryChannel: {
              Orderer: {
                OrdererType: string;
                BatchTimeout: string;
                EtcdRaft: { Consenters: { Port: number }[]; Options: { TickInterval: string } };
              };
              Application: { Organizations: { ID: string; AnchorPeers: { Port: number }[] }[] };
            };
          };
        }
      ).Profiles.RegistryChannel;
      expect(profile.Orderer.OrdererType).toBe('etcdraft');
      expect(profile.Orderer.BatchTimeout).toBe('200ms');
      expect(profile.Orderer.EtcdRaft.Options.TickInterval).toBe('100ms');
      expect(profile.Orderer.EtcdRaft.Consenters.map((c) => c.Port)).toEqual([30000]);
      expect(profile.Application.Organizations.map((o) => [o.ID, o.AnchorPeers[0]?.Port])).toEqual([
        ['RegistryMSP', 30010],
        ['OperatorMSP', 30020],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to describe the channel before the orderer has TLS material', async () => {
    await expect(configtx(networkTopology('/nonexistent/net', 30000))).rejects.toThrow(/ENOENT/);
  });
});
