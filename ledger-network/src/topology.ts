import { join } from 'node:path';

import { NetworkConfigurationError, UnknownOrganizationError } from './errors.js';

/** Channel and chaincode names shared with `@mchd/ledger` and `@mchd/chaincode`. */
export const CHANNEL_NAME = 'mchd';
export const CHAINCODE_NAME = 'mchd';
/** Label of the chaincode-as-a-service package (its id is `<label>:<sha256 of the package>`). */
export const CHAINCODE_LABEL = 'mchd_ccaas';

/**
 * Endorsement policy of the `mchd` chaincode: either organization's peer may endorse, so the registry keeps
 * accepting registrations while one peer is down. The stricter choice for a production registry is
 * {@link STRICT_ENDORSEMENT_POLICY} (both organizations must endorse every write).
 */
export const DEFAULT_ENDORSEMENT_POLICY = "OR('RegistryMSP.peer','OperatorMSP.peer')";
/** Both organizations endorse every write: pass as `endorsementPolicy` to {@link ensureNetwork}. */
export const STRICT_ENDORSEMENT_POLICY = "AND('RegistryMSP.peer','OperatorMSP.peer')";

/** Default first port; the network uses `basePort` … `basePort + 39` on 127.0.0.1. */
export const DEFAULT_BASE_PORT = 17050;
/** Number of ports reserved from `basePort`. */
export const PORT_RANGE = 40;

/** Name of a peer organization of the registry network. */
export type OrganizationName = 'registry' | 'operator';

/** A peer organization: its MSP, its one peer and the ports of that peer. */
export interface PeerOrganization {
  name: OrganizationName;
  mspId: string;
  description: string;
  domain: string;
  peerHost: string;
  peerPort: number;
  chaincodeListenPort: number;
  operationsPort: number;
}

/** The ordering organization and its single etcdraft node. */
export interface OrdererNode {
  mspId: string;
  domain: string;
  host: string;
  port: number;
  adminPort: number;
  operationsPort: number;
}

/** Ports and directories of one network. */
export interface NetworkTopology {
  dir: string;
  basePort: number;
  orderer: OrdererNode;
  organizations: readonly PeerOrganization[];
  chaincodeServerPort: number;
  cryptoDir: string;
  configDir: string;
  logsDir: string;
  runDir: string;
  dataDir: string;
  chaincodeDir: string;
}

/** Computes the fixed layout of a network in `dir` whose ports start at `basePort`. */
export function networkTopology(dir: string, basePort: number): NetworkTopology {
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort + PORT_RANGE > 65535) {
    throw new NetworkConfigurationError(`basePort must be an integer in 1024..${65535 - PORT_RANGE}, got ${basePort}`);
  }
  const organization = (
    name: OrganizationName,
    mspId: string,
    description: string,
    offset: number,
  ): PeerOrganization => ({
    name,
    mspId,
    description,
    domain: `${name}.mchd.local`,
    peerHost: `peer0.${name}.mchd.local`,
    peerPort: basePort + offset,
    chaincodeListenPort: basePort + offset + 1,
    operationsPort: basePort + offset + 2,
  });
  return {
    dir,
    basePort,
    orderer: {
      mspId: 'OrdererMSP',
      domain: 'orderer.mchd.local',
      host: 'orderer0.orderer.mchd.local',
      port: basePort,
      adminPort: basePort + 1,
      operationsPort: basePort + 2,
    },
    organizations: [
      organization('registry', 'RegistryMSP', 'registry operator', 10),
      organization('operator', 'OperatorMSP', 'EDO operator', 20),
    ],
    chaincodeServerPort: basePort + 30,
    cryptoDir: join(dir, 'crypto'),
    configDir: join(dir, 'config'),
    logsDir: join(dir, 'logs'),
    runDir: join(dir, 'run'),
    dataDir: join(dir, 'data'),
    chaincodeDir: join(dir, 'chaincode'),
  };
}

/** Looks up a peer organization by name. */
export function findOrganization(topology: NetworkTopology, name: string): PeerOrganization {
  const found = topology.organizations.find((organization) => organization.name === name);
  if (!found) throw new UnknownOrganizationError(name);
  return found;
}

/** Paths of the material cryptogen writes for a peer organization. */
export function organizationPaths(topology: NetworkTopology, organization: PeerOrganization) {
  const base = join(topology.cryptoDir, 'peerOrganizations', organization.domain);
  const peer = join(base, 'peers', organization.peerHost);
  return {
    base,
    mspDir: join(base, 'msp'),
    caDir: join(base, 'ca'),
    tlsCaCert: join(base, 'tlsca', `tlsca.${organization.domain}-cert.pem`),
    peerMspDir: join(peer, 'msp'),
    peerTlsDir: join(peer, 'tls'),
    adminMspDir: join(base, 'users', `Admin@${organization.domain}`, 'msp'),
    usersDir: join(topology.dir, 'users', organization.name),
  };
}

/** Paths of the material cryptogen writes for the orderer. */
export function ordererPaths(topology: NetworkTopology) {
  const base = join(topology.cryptoDir, 'ordererOrganizations', topology.orderer.domain);
  const node = join(base, 'orderers', topology.orderer.host);
  return {
    base,
    mspDir: join(base, 'msp'),
    tlsCaCert: join(base, 'tlsca', `tlsca.${topology.orderer.domain}-cert.pem`),
    nodeMspDir: join(node, 'msp'),
    nodeTlsDir: join(node, 'tls'),
    adminTlsDir: join(base, 'users', `Admin@${topology.orderer.domain}`, 'tls'),
  };
}
