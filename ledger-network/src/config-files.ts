import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ordererPaths, organizationPaths, CHANNEL_NAME } from './topology.js';
import type { NetworkTopology } from './topology.js';

// Fabric reads its configuration with a YAML parser; JSON is valid YAML, so these files are written as JSON.

/** Input of `cryptogen generate`: the orderer organization and the two peer organizations, NodeOUs on. */
export function cryptoConfig(topology: NetworkTopology): string {
  const sans = ['127.0.0.1', 'localhost'];
  return JSON.stringify(
    {
      OrdererOrgs: [
        {
          Name: 'Orderer',
          Domain: topology.orderer.domain,
          EnableNodeOUs: true,
          Specs: [{ Hostname: topology.orderer.host.split('.')[0], SANS: sans }],
        },
      ],
      PeerOrgs: topology.organizations.map((organization) => ({
        Name: organization.name,
        Domain: organization.domain,
        EnableNodeOUs: true,
        CA: { OrganizationalUnit: organization.description },
        Template: { Count: 1, SANS: sans },
        Users: { Count: 0 },
      })),
    },
    null,
    2,
  );
}

function signature(rule: string) {
  return { Type: 'Signature', Rule: rule };
}

function implicit(rule: string) {
  return { Type: 'ImplicitMeta', Rule: rule };
}

/**
 * `configtx.yaml` with one profile, `RegistryChannel`: an etcdraft orderer (fast ticks, 200 ms batches) and the
 * two peer organizations with their anchor peers, so that discovery and cross-organization endorsement work.
 */
export async function configtx(topology: NetworkTopology): Promise<string> {
  const orderer = ordererPaths(topology);
  const serverCert = join(orderer.nodeTlsDir, 'server.crt');
  // configtxgen embeds the certificate's bytes; reading it here fails early if cryptogen has not run.
  await readFile(serverCert);
  const ordererOrg = {
    Name: 'OrdererOrg',
    ID: topology.orderer.mspId,
    MSPDir: orderer.mspDir,
    Policies: {
      Readers: signature(`OR('${topology.orderer.mspId}.member')`),
      Writers: signature(`OR('${topology.orderer.mspId}.member')`),
      Admins: signature(`OR('${topology.orderer.mspId}.admin')`),
    },
    OrdererEndpoints: [`127.0.0.1:${topology.orderer.port}`],
  };
  const peerOrgs = topology.organizations.map((organization) => {
    const msp = organization.mspId;
    return {
      Name: msp,
      ID: msp,
      MSPDir: organizationPaths(topology, organization).mspDir,
      Policies: {
        Readers: signature(`OR('${msp}.admin', '${msp}.peer', '${msp}.client')`),
        Writers: signature(`OR('${msp}.admin', '${msp}.client')`),
        Admins: signature(`OR('${msp}.admin')`),
        Endorsement: signature(`OR('${msp}.peer')`),
      },
      AnchorPeers: [{ Host: '127.0.0.1', Port: organization.peerPort }],
    };
  });
  return JSON.stringify(
    {
      Profiles: {
        RegistryChannel: {
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
          },
          Capabilities: { V3_0: true },
          Orderer: {
            OrdererType: 'etcdraft',
            BatchTimeout: '200ms',
            BatchSize: { MaxMessageCount: 100, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' },
            EtcdRaft: {
              Consenters: [
                {
                  Host: '127.0.0.1',
                  Port: topology.orderer.port,
                  ClientTLSCert: serverCert,
                  ServerTLSCert: serverCert,
                },
              ],
              Options: {
                TickInterval: '100ms',
                ElectionTick: 10,
                HeartbeatTick: 1,
                MaxInflightBlocks: 5,
                SnapshotIntervalSize: '16 MB',
              },
            },
            Organizations: [ordererOrg],
            Policies: {
              Readers: implicit('ANY Readers'),
              Writers: implicit('ANY Writers'),
              Admins: implicit('MAJORITY Admins'),
              BlockValidation: implicit('ANY Writers'),
            },
            Capabilities: { V2_0: true },
          },
          Application: {
            Organizations: peerOrgs,
            Policies: {
              Readers: implicit('ANY Readers'),
              Writers: implicit('ANY Writers'),
              Admins: implicit('MAJORITY Admins'),
              LifecycleEndorsement: implicit('MAJORITY Endorsement'),
              Endorsement: implicit('MAJORITY Endorsement'),
            },
            Capabilities: { V2_5: true },
          },
        },
      },
    },
    null,
    2,
  );
}

/** Channel the profile is for (kept beside the profile so that both change together). */
export const CHANNEL_PROFILE = { profile: 'RegistryChannel', channel: CHANNEL_NAME } as const;
