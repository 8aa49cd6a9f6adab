import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LedgerError } from './errors.js';
import type { MspRoots } from './embedded/membership.js';
import type { FabricConnectionSettings } from './fabric/settings.js';
import { loadDevelopmentIdentities, type IdentityName } from './identity.js';
import type { Ledger, LedgerIdentity } from './ledger.js';

/** The embedded node under `<dataDir>/ledger/`. */
export interface EmbeddedLedgerConfig {
  readonly ledger: 'embedded';
  readonly dataDir: string;
  readonly clock?: () => Date;
  readonly maxBlockTransactions?: number;
  /** Organizations (MSP id → root certificate PEMs) whose members may submit; unchecked when absent. */
  readonly msps?: MspRoots;
}

/** A Fabric network reached through the Fabric Gateway of its peers. */
export interface FabricLedgerConfig {
  readonly ledger: 'fabric';
  /** Connection settings; read from `connectionFile` when absent. */
  readonly connection?: FabricConnectionSettings;
  /** Default `<cwd>/.fabric/network/connection.json` (written by `npm run ledger:up`). */
  readonly connectionFile?: string;
  /** Identity for reads and events (default: the connection's `registry.reader`). */
  readonly readerIdentity?: LedgerIdentity;
}

export type LedgerConfig = EmbeddedLedgerConfig | FabricLedgerConfig;

/** Where `npm run ledger:up` writes the connection settings, relative to the repository root. */
export const DEFAULT_CONNECTION_FILE = join('.fabric', 'network', 'connection.json');

/**
 * Reads the ledger configuration from the environment: `LEDGER` (`embedded`, the default, or `fabric`),
 * `MCHD_DATA_DIR` (default `./data`) and, for Fabric, `MCHD_FABRIC_CONNECTION` (a connection.json file; default
 * `.fabric/network/connection.json`). Unknown values are a `LedgerError` with code INVALID_INPUT.
 *
 * @example
 * ```ts
 * const ledger = await createLedger(ledgerConfigFromEnv(process.env));
 * ```
 */
export function ledgerConfigFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LedgerConfig {
  const kind = (env['LEDGER'] ?? 'embedded').trim().toLowerCase();
  if (kind === 'embedded' || kind === '') {
    return { ledger: 'embedded', dataDir: resolve(cwd, env['MCHD_DATA_DIR'] || 'data') };
  }
  if (kind === 'fabric') {
    return { ledger: 'fabric', connectionFile: resolve(cwd, env['MCHD_FABRIC_CONNECTION'] || DEFAULT_CONNECTION_FILE) };
  }
  throw new LedgerError('INVALID_INPUT', `LEDGER must be "embedded" or "fabric", not "${env['LEDGER']}"`);
}

/**
 * Directory of the embedded ledger inside a data directory.
 *
 * @example
 * ```ts
 * embeddedLedgerDirectory('./data'); // 'data/ledger'
 * ```
 */
export function embeddedLedgerDirectory(dataDir: string): string {
  return join(dataDir, 'ledger');
}

/**
 * Opens the configured {@link Ledger}: the embedded node (default) or a Fabric network.
 *
 * @example
 * ```ts
 * const ledger = await createLedger({ ledger: 'embedded', dataDir: './data' });
 * const fabric = await createLedger({ ledger: 'fabric', connection: network.settings });
 * ```
 */
export async function createLedger(config: LedgerConfig = ledgerConfigFromEnv()): Promise<Ledger> {
  if (config.ledger === 'embedded') {
    const { EmbeddedLedger } = await import('./embedded/ledger.js');
    return EmbeddedLedger.open({
      directory: embeddedLedgerDirectory(config.dataDir),
      ...(config.clock ? { clock: config.clock } : {}),
      ...(config.maxBlockTransactions ? { maxBlockTransactions: config.maxBlockTransactions } : {}),
      ...(config.msps ? { msps: config.msps } : {}),
    });
  }
  const connection = config.connection ?? (await readConnectionFile(config.connectionFile ?? DEFAULT_CONNECTION_FILE));
  const { FabricLedger } = await import('./fabric/ledger.js');
  return FabricLedger.connect({
    settings: connection,
    ...(config.readerIdentity ? { readerIdentity: config.readerIdentity } : {}),
  });
}

async function readConnectionFile(file: string): Promise<FabricConnectionSettings> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as FabricConnectionSettings;
  } catch (e) {
    throw new LedgerError(
      'LEDGER_UNAVAILABLE',
      `cannot read Fabric connection settings from ${file} (run npm run ledger:up): ${String(e)}`,
      { cause: e },
    );
  }
}

/**
 * The signing identities of the configured ledger, by name (`registry.registrar`, `registry.reader`,
 * `operator.registrar`, `operator.reader`): for the embedded node, development identities kept in
 * `<dataDir>/ledger/identities.json` (made on first use); for Fabric, those of the connection settings.
 *
 * @example
 * ```ts
 * const config = ledgerConfigFromEnv();
 * const [ledger, identities] = await Promise.all([createLedger(config), loadLedgerIdentities(config)]);
 * await ledger.register(metadata, identities['registry.registrar']);
 * ```
 */
export async function loadLedgerIdentities(config: LedgerConfig): Promise<Record<IdentityName, LedgerIdentity>> {
  if (config.ledger === 'embedded') {
    return loadDevelopmentIdentities(join(embeddedLedgerDirectory(config.dataDir), 'identities.json'));
  }
  const settings = config.connection ?? (await readConnectionFile(config.connectionFile ?? DEFAULT_CONNECTION_FILE));
  const names: IdentityName[] = ['registry.registrar', 'registry.reader', 'operator.registrar', 'operator.reader'];
  const missing = names.filter((n) => !settings.identities[n]);
  if (missing.length > 0) {
    throw new LedgerError('INVALID_INPUT', `the Fabric connection settings lack identities ${missing.join(', ')}`);
  }
  return Object.fromEntries(names.map((n) => [n, settings.identities[n]])) as Record<IdentityName, LedgerIdentity>;
}
