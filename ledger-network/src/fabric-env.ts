import { join } from 'node:path';

import { CCAAS_BUILDER_NAME } from './chaincode-package.js';
import { ordererPaths, organizationPaths } from './topology.js';
import type { NetworkTopology, PeerOrganization } from './topology.js';

/**
 * The environment every network process starts from: only PATH, HOME and TMPDIR of the caller, so that stray
 * `CORE_*`/`ORDERER_*` variables of the caller cannot change the network.
 */
export function baseEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Directory the peers and the orderer read core.yaml / orderer.yaml from (FABRIC_CFG_PATH). */
export function fabricConfigPath(topology: NetworkTopology): string {
  return join(topology.configDir, 'fabric');
}

/** Environment of the orderer node: etcdraft with TLS; admin (channel participation) API with mutual TLS. */
export function ordererEnvironment(topology: NetworkTopology): NodeJS.ProcessEnv {
  const paths = ordererPaths(topology);
  const tls = paths.nodeTlsDir;
  const data = join(topology.dataDir, 'orderer');
  return {
    ...baseEnvironment(),
    FABRIC_CFG_PATH: fabricConfigPath(topology),
    FABRIC_LOGGING_SPEC: 'info',
    ORDERER_GENERAL_LISTENADDRESS: '127.0.0.1',
    ORDERER_GENERAL_LISTENPORT: String(topology.orderer.port),
    ORDERER_GENERAL_LOCALMSPID: topology.orderer.mspId,
    ORDERER_GENERAL_LOCALMSPDIR: paths.nodeMspDir,
    ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
    ORDERER_GENERAL_TLS_ENABLED: 'true',
    ORDERER_GENERAL_TLS_PRIVATEKEY: join(tls, 'server.key'),
    ORDERER_GENERAL_TLS_CERTIFICATE: join(tls, 'server.crt'),
    ORDERER_GENERAL_TLS_ROOTCAS: `[${join(tls, 'ca.crt')}]`,
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: join(tls, 'server.crt'),
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: join(tls, 'server.key'),
    ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${join(tls, 'ca.crt')}]`,
    ORDERER_FILELEDGER_LOCATION: join(data, 'ledger'),
    ORDERER_CONSENSUS_WALDIR: join(data, 'etcdraft', 'wal'),
    ORDERER_CONSENSUS_SNAPDIR: join(data, 'etcdraft', 'snapshot'),
    ORDERER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${topology.orderer.operationsPort}`,
    ORDERER_METRICS_PROVIDER: 'disabled',
    ORDERER_ADMIN_LISTENADDRESS: `127.0.0.1:${topology.orderer.adminPort}`,
    ORDERER_ADMIN_TLS_ENABLED: 'true',
    ORDERER_ADMIN_TLS_PRIVATEKEY: join(tls, 'server.key'),
    ORDERER_ADMIN_TLS_CERTIFICATE: join(tls, 'server.crt'),
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${join(tls, 'ca.crt')}]`,
    ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
  };
}

/** Environment of a peer node (`peer node start`). */
export function peerEnvironment(topology: NetworkTopology, organization: PeerOrganization): NodeJS.ProcessEnv {
  const paths = organizationPaths(topology, organization);
  const data = join(topology.dataDir, organization.name);
  const address = `127.0.0.1:${organization.peerPort}`;
  const chaincodeAddress = `127.0.0.1:${organization.chaincodeListenPort}`;
  return {
    ...baseEnvironment(),
    FABRIC_CFG_PATH: fabricConfigPath(topology),
    FABRIC_LOGGING_SPEC: 'info',
    CORE_PEER_ID: organization.peerHost,
    CORE_PEER_ADDRESS: address,
    CORE_PEER_LISTENADDRESS: address,
    CORE_PEER_CHAINCODEADDRESS: chaincodeAddress,
    CORE_PEER_CHAINCODELISTENADDRESS: chaincodeAddress,
    CORE_PEER_GOSSIP_BOOTSTRAP: address,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
    // Gossip tuned for a local network: peers of the two organizations find each other (through the anchor
    // peers) within seconds instead of the defaults' tens of seconds, which discovery needs for an AND policy.
    CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
    CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
    CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
    CORE_PEER_GOSSIP_PULLINTERVAL: '1s',
    CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
    CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
    CORE_PEER_GOSSIP_PUBLISHCERTPERIOD: '5s',
    CORE_PEER_GOSSIP_MEMBERSHIPTRACKERINTERVAL: '1s',
    CORE_PEER_LOCALMSPID: organization.mspId,
    CORE_PEER_MSPCONFIGPATH: paths.peerMspDir,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_CERT_FILE: join(paths.peerTlsDir, 'server.crt'),
    CORE_PEER_TLS_KEY_FILE: join(paths.peerTlsDir, 'server.key'),
    CORE_PEER_TLS_ROOTCERT_FILE: join(paths.peerTlsDir, 'ca.crt'),
    CORE_PEER_FILESYSTEMPATH: join(data, 'production'),
    CORE_LEDGER_SNAPSHOTS_ROOTDIR: join(data, 'snapshots'),
    CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${organization.operationsPort}`,
    CORE_METRICS_PROVIDER: 'disabled',
    // Empty: no Docker. Without it the peer's /healthz reports the Docker endpoint as failing.
    CORE_VM_ENDPOINT: '',
    CORE_CHAINCODE_EXTERNALBUILDERS: `[{name: ${CCAAS_BUILDER_NAME}, path: ${join(topology.chaincodeDir, 'builder')}}]`,
  };
}

/** Environment of the `peer` command-line tool acting as the organization's admin against its own peer. */
export function peerAdminEnvironment(topology: NetworkTopology, organization: PeerOrganization): NodeJS.ProcessEnv {
  const paths = organizationPaths(topology, organization);
  return {
    ...baseEnvironment(),
    FABRIC_CFG_PATH: fabricConfigPath(topology),
    FABRIC_LOGGING_SPEC: 'warning',
    CORE_PEER_LOCALMSPID: organization.mspId,
    CORE_PEER_MSPCONFIGPATH: paths.adminMspDir,
    CORE_PEER_ADDRESS: `127.0.0.1:${organization.peerPort}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: paths.tlsCaCert,
  };
}

/** Flags with which the `peer` tool reaches the orderer over TLS. */
export function ordererFlags(topology: NetworkTopology): string[] {
  return ['-o', `127.0.0.1:${topology.orderer.port}`, '--tls', '--cafile', ordererPaths(topology).tlsCaCert];
}

/** Flags with which `osnadmin` reaches the orderer's admin endpoint over mutual TLS. */
export function osnadminFlags(topology: NetworkTopology): string[] {
  const paths = ordererPaths(topology);
  return [
    '-o',
    `127.0.0.1:${topology.orderer.adminPort}`,
    '--ca-file',
    paths.tlsCaCert,
    '--client-cert',
    join(paths.adminTlsDir, 'client.crt'),
    '--client-key',
    join(paths.adminTlsDir, 'client.key'),
  ];
}
