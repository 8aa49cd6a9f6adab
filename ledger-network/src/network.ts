import { access, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { installFabricBinaries } from './binaries.js';
import type { FabricBinaries } from './binaries.js';
import {
  ccaasPackageId,
  chaincodeServerSpec,
  resolveChaincode,
  writeCcaasBuilder,
  writeCcaasPackage,
} from './chaincode-package.js';
import type { ChaincodeSource } from './chaincode-package.js';
import { runCommand } from './command.js';
import { CHANNEL_PROFILE, configtx, cryptoConfig } from './config-files.js';
import { FabricCommandError, NetworkConfigurationError, NetworkNotHealthyError } from './errors.js';
import {
  baseEnvironment,
  fabricConfigPath,
  ordererEnvironment,
  ordererFlags,
  osnadminFlags,
  peerAdminEnvironment,
  peerEnvironment,
} from './fabric-env.js';
import { withFileLock } from './file-lock.js';
import { probeEndorsement } from './gateway-probe.js';
import { isHealthy, isListening, waitFor } from './health.js';
import { issueUser, loadCryptogenCa, REGISTRAR_ROLE, REGISTRAR_ROLE_ATTRIBUTE } from './identities.js';
import { defaultChaincodeDir } from './paths.js';
import { runningProcess, startDetached, stopProcess } from './processes.js';
import { writeConnectionSettings } from './settings.js';
import type { FabricConnectionSettings, FabricIdentity } from './settings.js';
import {
  CHAINCODE_NAME,
  CHANNEL_NAME,
  DEFAULT_BASE_PORT,
  DEFAULT_ENDORSEMENT_POLICY,
  findOrganization,
  networkTopology,
  organizationPaths,
} from './topology.js';
import type { NetworkTopology, PeerOrganization } from './topology.js';

/** Options of {@link ensureNetwork}. */
export interface EnsureNetworkOptions {
  /** Directory holding everything of this network (crypto, ledgers, logs, pid files, connection.json). */
  dir: string;
  /** First of the 40 ports the network uses on 127.0.0.1 (default 17050). Fixed once the network exists. */
  basePort?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Contract package to serve (default: the repository's `chaincode/`). */
  chaincodeDir?: string;
  /**
   * Endorsement policy of the chaincode definition (default `OR('RegistryMSP.peer','OperatorMSP.peer')`; the
   * stricter `STRICT_ENDORSEMENT_POLICY` needs both peers up for every write). Fixed once deployed.
   */
  endorsementPolicy?: string;
  /** Clock for the validity of the generated user certificates (default: the system clock). */
  now?: () => Date;
  /** Limit for each process to become healthy (default 60 s). */
  healthTimeoutMs?: number;
}

/** A running (or stopped) network started by {@link ensureNetwork}. */
export interface FabricNetwork {
  /** Connection settings (also written to `<dir>/connection.json`). */
  settings: FabricConnectionSettings;
  /** Directory of the network. */
  dir: string;
  /** Stops the peer of an organization (`registry` or `operator`) and waits until it has exited. */
  stopPeer(organization: string): Promise<void>;
  /** Starts the peer of an organization again and waits until it is healthy and its Gateway endorses again. */
  startPeer(organization: string): Promise<void>;
  /** Stops the chaincode server, the peers and the orderer; data stays, so `ensureNetwork` resumes it. */
  stop(): Promise<void>;
  /** Stops everything and deletes the network directory. */
  purge(): Promise<void>;
}

interface SavedState {
  basePort: number;
  endorsementPolicy: string;
}

const STATE_FILE = 'network.json';
const IDENTITIES_FILE = 'identities.json';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readState(dir: string): Promise<SavedState | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as SavedState;
  } catch {
    return undefined;
  }
}

class NetworkRunner {
  constructor(
    readonly topology: NetworkTopology,
    readonly binaries: FabricBinaries,
    readonly log: (line: string) => void,
    readonly healthTimeoutMs: number,
  ) {}

  tool(name: string): string {
    return join(this.binaries.binDir, name);
  }

  async generateCrypto(now: Date): Promise<Record<string, FabricIdentity>> {
    const { topology } = this;
    const identitiesFile = join(topology.dir, IDENTITIES_FILE);
    if (await exists(identitiesFile)) {
      return JSON.parse(await readFile(identitiesFile, 'utf8')) as Record<string, FabricIdentity>;
    }
    this.log('generating crypto material (cryptogen)');
    await rm(topology.cryptoDir, { recursive: true, force: true });
    await mkdir(topology.configDir, { recursive: true });
    const configFile = join(topology.configDir, 'crypto-config.yaml');
    await writeFile(configFile, cryptoConfig(topology));
    await runCommand(this.tool('cryptogen'), ['generate', `--config=${configFile}`, `--output=${topology.cryptoDir}`]);
    const identities: Record<string, FabricIdentity> = {};
    for (const organization of topology.organizations) {
      const ca = await loadCryptogenCa(organizationPaths(topology, organization).caDir);
      const issue = (role: string, attributes?: Record<string, string>) =>
        issueUser(ca, {
          commonName: `${role}@${organization.domain}`,
          mspId: organization.mspId,
          attributes,
          notBefore: new Date(now.getTime() - 3_600_000),
          validityDays: 3650,
        });
      identities[`${organization.name}.registrar`] = await issue('registrar', {
        [REGISTRAR_ROLE_ATTRIBUTE]: REGISTRAR_ROLE,
      });
      identities[`${organization.name}.reader`] = await issue('reader');
    }
    await writeFile(identitiesFile, JSON.stringify(identities, null, 2), { mode: 0o600 });
    return identities;
  }

  async writeConfiguration(): Promise<string> {
    const { topology } = this;
    const fabricConfig = fabricConfigPath(topology);
    await mkdir(fabricConfig, { recursive: true });
    for (const file of ['core.yaml', 'orderer.yaml']) {
      await copyFile(join(this.binaries.configDir, file), join(fabricConfig, file));
    }
    const block = join(topology.configDir, `${CHANNEL_NAME}.block`);
    if (!(await exists(block))) {
      const configtxDir = join(topology.configDir, 'configtx');
      await mkdir(configtxDir, { recursive: true });
      await writeFile(join(configtxDir, 'configtx.yaml'), await configtx(topology));
      this.log(`creating the genesis block of channel ${CHANNEL_NAME}`);
      await runCommand(
        this.tool('configtxgen'),
        [
          '-configPath',
          configtxDir,
          '-profile',
          CHANNEL_PROFILE.profile,
          '-channelID',
          CHANNEL_PROFILE.channel,
          '-outputBlock',
          block,
        ],
        { env: { ...baseEnvironment(), FABRIC_CFG_PATH: configtxDir } },
      );
    }
    await writeCcaasBuilder(join(topology.chaincodeDir, 'builder'));
    return block;
  }

  async ensureProcess(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    healthy: () => Promise<boolean>,
  ): Promise<void> {
    const { topology } = this;
    if (!(await runningProcess(topology.runDir, name))) {
      this.log(`starting ${name}`);
      await startDetached(
        { name, command, args, env, cwd: topology.dir, marker: command },
        topology.runDir,
        topology.logsDir,
      );
    }
    const ok = await waitFor(async () => {
      if (!(await runningProcess(topology.runDir, name))) {
        throw new NetworkNotHealthyError(`${name} exited; see ${join(topology.logsDir, `${name}.log`)}`);
      }
      return healthy();
    }, this.healthTimeoutMs);
    if (!ok) {
      throw new NetworkNotHealthyError(
        `${name} not healthy after ${this.healthTimeoutMs} ms; see ${join(topology.logsDir, `${name}.log`)}`,
      );
    }
  }

  startOrderer(): Promise<void> {
    const { orderer } = this.topology;
    return this.ensureProcess(
      'orderer',
      this.tool('orderer'),
      [],
      ordererEnvironment(this.topology),
      async () => (await isHealthy(orderer.operationsPort)) && (await isListening(orderer.port)),
    );
  }

  startPeer(organization: PeerOrganization): Promise<void> {
    return this.ensureProcess(
      `peer-${organization.name}`,
      this.tool('peer'),
      ['node', 'start'],
      peerEnvironment(this.topology, organization),
      // The operations service answers before the peer's gRPC listener accepts: wait for both.
      async () => (await isHealthy(organization.operationsPort)) && (await isListening(organization.peerPort)),
    );
  }

  async joinOrderer(block: string): Promise<void> {
    const flags = osnadminFlags(this.topology);
    const { stdout } = await runCommand(this.tool('osnadmin'), ['channel', 'list', ...flags]);
    if (stdout.includes(`"name":"${CHANNEL_NAME}"`) || stdout.includes(`"name": "${CHANNEL_NAME}"`)) return;
    this.log(`joining the orderer to channel ${CHANNEL_NAME}`);
    await runCommand(this.tool('osnadmin'), [
      'channel',
      'join',
      '--channelID',
      CHANNEL_NAME,
      '--config-block',
      block,
      ...flags,
    ]);
  }

  async joinPeer(organization: PeerOrganization, block: string): Promise<void> {
    const env = peerAdminEnvironment(this.topology, organization);
    const { stdout } = await runCommand(this.tool('peer'), ['channel', 'list'], { env });
    if (stdout.split('\n').some((line) => line.trim() === CHANNEL_NAME)) return;
    this.log(`joining peer of ${organization.name} to channel ${CHANNEL_NAME}`);
    await runCommand(this.tool('peer'), ['channel', 'join', '-b', block], { env });
  }

  async startChaincodeServer(source: ChaincodeSource, packageId: string): Promise<void> {
    const { topology } = this;
    const fingerprintFile = join(topology.runDir, 'chaincode.fingerprint');
    const fingerprint = `${packageId}\n${source.dir}\n${source.fingerprint}`;
    const running = await runningProcess(topology.runDir, 'chaincode');
    const previous = await readFile(fingerprintFile, 'utf8').catch(() => '');
    if (running && previous !== fingerprint) {
      this.log('chaincode changed: restarting the chaincode server');
      await stopProcess(topology.runDir, 'chaincode');
    }
    if (!running || previous !== fingerprint) {
      const spec = chaincodeServerSpec(topology, source, packageId, baseEnvironment());
      this.log(`starting chaincode server for ${source.dir} on 127.0.0.1:${topology.chaincodeServerPort}`);
      await startDetached(spec, topology.runDir, topology.logsDir);
      await writeFile(fingerprintFile, fingerprint);
    }
    const ok = await waitFor(async () => {
      if (!(await runningProcess(topology.runDir, 'chaincode'))) {
        throw new NetworkNotHealthyError(`chaincode server exited; see ${join(topology.logsDir, 'chaincode.log')}`);
      }
      return isListening(topology.chaincodeServerPort);
    }, this.healthTimeoutMs);
    if (!ok) throw new NetworkNotHealthyError(`chaincode server not listening on ${topology.chaincodeServerPort}`);
  }

  async deployChaincode(packageFile: string, packageId: string, policy: string): Promise<void> {
    const { topology } = this;
    const peer = this.tool('peer');
    for (const organization of topology.organizations) {
      const env = peerAdminEnvironment(topology, organization);
      const { stdout } = await runCommand(peer, ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json'], {
        env,
      });
      if (!stdout.includes(packageId)) {
        this.log(`installing chaincode package on the peer of ${organization.name}`);
        await runCommand(peer, ['lifecycle', 'chaincode', 'install', packageFile], { env });
      }
    }
    const first = topology.organizations[0];
    if (!first) throw new NetworkConfigurationError('no peer organizations');
    const definition = [
      '--channelID',
      CHANNEL_NAME,
      '--name',
      CHAINCODE_NAME,
      '--version',
      '1.0',
      '--sequence',
      '1',
      '--signature-policy',
      policy,
    ];
    try {
      await runCommand(
        peer,
        ['lifecycle', 'chaincode', 'querycommitted', '--channelID', CHANNEL_NAME, '--name', CHAINCODE_NAME],
        { env: peerAdminEnvironment(topology, first) },
      );
      return; // already committed
    } catch (error) {
      if (!(error instanceof FabricCommandError)) throw error;
    }
    const { stdout: readiness } = await runCommand(
      peer,
      ['lifecycle', 'chaincode', 'checkcommitreadiness', ...definition, '--output', 'json'],
      { env: peerAdminEnvironment(topology, first) },
    );
    const approvals = (JSON.parse(readiness) as { approvals?: Record<string, boolean> }).approvals ?? {};
    for (const organization of topology.organizations) {
      if (approvals[organization.mspId]) continue;
      this.log(`approving the chaincode definition for ${organization.mspId}`);
      await runCommand(
        peer,
        [
          'lifecycle',
          'chaincode',
          'approveformyorg',
          ...ordererFlags(topology),
          ...definition,
          '--package-id',
          packageId,
        ],
        { env: peerAdminEnvironment(topology, organization) },
      );
    }
    const peerFlags = topology.organizations.flatMap((organization) => [
      '--peerAddresses',
      `127.0.0.1:${organization.peerPort}`,
      '--tlsRootCertFiles',
      organizationPaths(topology, organization).tlsCaCert,
    ]);
    this.log(`committing chaincode ${CHAINCODE_NAME} on channel ${CHANNEL_NAME} with policy ${policy}`);
    await runCommand(
      peer,
      ['lifecycle', 'chaincode', 'commit', ...ordererFlags(topology), ...definition, ...peerFlags],
      { env: peerAdminEnvironment(topology, first) },
    );
  }

  /**
   * Waits until each peer's Gateway can endorse for the chaincode: the chaincode server answers and discovery
   * knows the peers the endorsement policy needs (gossip between the organizations has converged).
   */
  async waitForEndorsement(settings: FabricConnectionSettings, only?: string): Promise<void> {
    for (const peer of settings.peers) {
      if (only !== undefined && peer.organization !== only) continue;
      const identity = settings.identities[`${peer.organization}.reader`];
      if (!identity) throw new NetworkConfigurationError(`no reader identity for ${peer.organization}`);
      let lastError: unknown;
      const started = Date.now();
      const ok = await waitFor(async () => {
        lastError = await probeEndorsement(peer, identity, settings.channel, settings.chaincode);
        if (lastError !== undefined && process.env.MCHD_LEDGER_NETWORK_DEBUG) {
          this.log(`probe ${peer.organization}: ${String(lastError)}`);
        }
        return lastError === undefined;
      }, this.healthTimeoutMs);
      this.log(`the peer of ${peer.organization} endorses (after ${Date.now() - started} ms)`);
      if (!ok) {
        const detail = lastError instanceof Error ? lastError.message : String(lastError);
        throw new NetworkNotHealthyError(
          `the peer of ${peer.organization} cannot endorse for ${settings.chaincode}: ${detail}`,
        );
      }
    }
  }

  settings(identities: Record<string, FabricIdentity>, tlsCa: Map<string, string>): FabricConnectionSettings {
    return {
      channel: CHANNEL_NAME,
      chaincode: CHAINCODE_NAME,
      peers: this.topology.organizations.map((organization) => ({
        organization: organization.name,
        mspId: organization.mspId,
        endpoint: `127.0.0.1:${organization.peerPort}`,
        tlsRootCertificatePem: tlsCa.get(organization.name) ?? '',
        hostAlias: organization.peerHost,
      })),
      identities,
    };
  }

  async stopAll(): Promise<void> {
    const { runDir } = this.topology;
    await stopProcess(runDir, 'chaincode');
    for (const organization of this.topology.organizations) await stopProcess(runDir, `peer-${organization.name}`);
    await stopProcess(runDir, 'orderer');
  }
}

function createHandle(runner: NetworkRunner, settings: FabricConnectionSettings): FabricNetwork {
  const { topology } = runner;
  return {
    settings,
    dir: topology.dir,
    async stopPeer(name: string) {
      const organization = findOrganization(topology, name);
      runner.log(`stopping peer of ${organization.name}`);
      await stopProcess(topology.runDir, `peer-${organization.name}`);
    },
    async startPeer(name: string) {
      const organization = findOrganization(topology, name);
      await runner.startPeer(organization);
      await runner.waitForEndorsement(settings, organization.name);
    },
    stop: () => runner.stopAll(),
    async purge() {
      await runner.stopAll();
      await rm(topology.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts (or resumes) a complete Fabric network in `dir`: builds the pinned binaries if needed (cached),
 * generates crypto material and the registrar/reader users, starts one etcdraft orderer and one peer for each of
 * `RegistryMSP` and `OperatorMSP`, creates channel `mchd`, serves the contract package as chaincode-as-a-service,
 * deploys chaincode `mchd` and waits until both peers answer. Safe to call again on a running or stopped network
 * in the same directory; writes `<dir>/connection.json`.
 *
 * @throws {@link FabricBinariesUnavailableError}, {@link NetworkNotHealthyError}, {@link FabricCommandError},
 *   {@link NetworkConfigurationError}, {@link ChaincodeNotBuiltError}.
 *
 * @example
 * ```ts
 * const network = await ensureNetwork({ dir: '/tmp/mchd-fabric', basePort: 27050, log: console.log });
 * const { peers, identities } = network.settings;
 * await network.stopPeer('operator');
 * await network.startPeer('operator');
 * await network.stop();
 * ```
 */
export async function ensureNetwork(options: EnsureNetworkOptions): Promise<FabricNetwork> {
  const dir = resolve(options.dir);
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, 'network.lock'), async () => {
    const saved = await readState(dir);
    const basePort = options.basePort ?? saved?.basePort ?? DEFAULT_BASE_PORT;
    const endorsementPolicy = options.endorsementPolicy ?? saved?.endorsementPolicy ?? DEFAULT_ENDORSEMENT_POLICY;
    if (saved && saved.basePort !== basePort) {
      throw new NetworkConfigurationError(`${dir} holds a network on base port ${saved.basePort}, not ${basePort}`);
    }
    if (saved && saved.endorsementPolicy !== endorsementPolicy) {
      throw new NetworkConfigurationError(
        `${dir} holds a network with endorsement policy ${saved.endorsementPolicy}, not ${endorsementPolicy}`,
      );
    }
    const topology = networkTopology(dir, basePort);
    const started = Date.now();
    const binaries = await installFabricBinaries({ log });
    const runner = new NetworkRunner(topology, binaries, log, options.healthTimeoutMs ?? 60_000);
    await writeFile(join(dir, STATE_FILE), JSON.stringify({ basePort, endorsementPolicy } satisfies SavedState));

    const source = await resolveChaincode(resolve(options.chaincodeDir ?? defaultChaincodeDir));
    const identities = await runner.generateCrypto(now());
    const block = await runner.writeConfiguration();
    const packageFile = await writeCcaasPackage(topology);
    const packageId = await ccaasPackageId(packageFile);

    await runner.startOrderer();
    await Promise.all(topology.organizations.map((organization) => runner.startPeer(organization)));
    await runner.joinOrderer(block);
    for (const organization of topology.organizations) await runner.joinPeer(organization, block);
    await runner.startChaincodeServer(source, packageId);
    await runner.deployChaincode(packageFile, packageId, endorsementPolicy);

    const tlsCa = new Map<string, string>();
    for (const organization of topology.organizations) {
      tlsCa.set(organization.name, await readFile(organizationPaths(topology, organization).tlsCaCert, 'utf8'));
    }
    const settings = runner.settings(identities, tlsCa);
    await runner.waitForEndorsement(settings);
    await writeConnectionSettings(join(dir, 'connection.json'), settings);
    log(`network ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return createHandle(runner, settings);
  });
}

/**
 * Stops the network in `dir` (chaincode server, peers, orderer) without starting anything; with `purge`, also
 * deletes the directory.
 *
 * @example
 * ```ts
 * await stopNetwork({ dir: '.fabric/network', purge: true });
 * ```
 */
export async function stopNetwork(options: { dir: string; purge?: boolean }): Promise<void> {
  const dir = resolve(options.dir);
  const saved = await readState(dir);
  const topology = networkTopology(dir, saved?.basePort ?? DEFAULT_BASE_PORT);
  const runDir = topology.runDir;
  await stopProcess(runDir, 'chaincode');
  for (const organization of topology.organizations) await stopProcess(runDir, `peer-${organization.name}`);
  await stopProcess(runDir, 'orderer');
  if (options.purge) await rm(dir, { recursive: true, force: true });
}
