import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { ConnectionSettingsError } from './errors.js';
import { defaultConnectionFile } from './paths.js';

/** A client identity: an X.509 certificate issued by the organization's CA and its ECDSA P-256 key. */
export interface FabricIdentity {
  mspId: string;
  /** PEM certificate (the `registrar` ones carry the `mchd.role=registrar` Fabric CA attribute). */
  certificatePem: string;
  /** PKCS#8 PEM private key. */
  privateKeyPem: string;
}

/** A peer's Gateway endpoint. */
export interface FabricPeerEndpoint {
  /** `registry` or `operator`. */
  organization: string;
  mspId: string;
  /** `host:port`, always on 127.0.0.1. */
  endpoint: string;
  /** PEM of the organization's TLS CA. */
  tlsRootCertificatePem: string;
  /** Host name in the peer's TLS certificate (`grpc.ssl_target_name_override`). */
  hostAlias: string;
}

/** Everything a client needs to reach the registry's Fabric network. */
export interface FabricConnectionSettings {
  channel: string;
  chaincode: string;
  peers: FabricPeerEndpoint[];
  /** Keys: `registry.registrar`, `registry.reader`, `operator.registrar`, `operator.reader`. */
  identities: Record<string, FabricIdentity>;
}

/**
 * Reads connection settings written by `npm run ledger:up` (or by {@link ensureNetwork} in its directory).
 *
 * @param file - defaults to `<repo>/.fabric/network/connection.json`.
 * @throws {@link ConnectionSettingsError} when the file is missing or malformed.
 *
 * @example
 * ```ts
 * const settings = await loadConnectionSettings();
 * const peer = settings.peers.find((p) => p.organization === 'registry');
 * ```
 */
export async function loadConnectionSettings(file: string = defaultConnectionFile): Promise<FabricConnectionSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConnectionSettingsError(`cannot read ${file}: start the network with "npm run ledger:up"`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConnectionSettingsError(`${file} is not JSON`, { cause: error });
  }
  return parseConnectionSettings(value, file);
}

/** Writes settings atomically (temporary file, then rename) with owner-only permissions: they hold keys. */
export async function writeConnectionSettings(file: string, settings: FabricConnectionSettings): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConnectionSettingsError(`${where}.${key} must be a non-empty string`);
  }
  return value;
}

/** Validates the shape of parsed connection settings. */
export function parseConnectionSettings(value: unknown, source = 'connection settings'): FabricConnectionSettings {
  if (!isRecord(value)) throw new ConnectionSettingsError(`${source} must be a JSON object`);
  const channel = requireString(value, 'channel', source);
  const chaincode = requireString(value, 'chaincode', source);
  if (!Array.isArray(value.peers) || value.peers.length === 0) {
    throw new ConnectionSettingsError(`${source}.peers must be a non-empty array`);
  }
  const peers = value.peers.map((peer: unknown, index): FabricPeerEndpoint => {
    const where = `${source}.peers[${index}]`;
    if (!isRecord(peer)) throw new ConnectionSettingsError(`${where} must be an object`);
    return {
      organization: requireString(peer, 'organization', where),
      mspId: requireString(peer, 'mspId', where),
      endpoint: requireString(peer, 'endpoint', where),
      tlsRootCertificatePem: requireString(peer, 'tlsRootCertificatePem', where),
      hostAlias: requireString(peer, 'hostAlias', where),
    };
  });
  if (!isRecord(value.identities)) throw new ConnectionSettingsError(`${source}.identities must be an object`);
  const identities: Record<string, FabricIdentity> = {};
  for (const [name, identity] of Object.entries(value.identities)) {
    const where = `${source}.identities.${name}`;
    if (!isRecord(identity)) throw new ConnectionSettingsError(`${where} must be an object`);
    identities[name] = {
      mspId: requireString(identity, 'mspId', where),
      certificatePem: requireString(identity, 'certificatePem', where),
      privateKeyPem: requireString(identity, 'privateKeyPem', where),
    };
  }
  return { channel, chaincode, peers, identities };
}
