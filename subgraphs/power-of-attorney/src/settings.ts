import { readFile } from 'node:fs/promises';
import { issueDevelopmentToken } from '@mchd/auth';
import {
  createLedger,
  embeddedLedgerDirectory,
  ledgerConfigFromEnv,
  loadDevelopmentIdentities,
  type Ledger,
  type LedgerIdentity,
} from '@mchd/ledger';
import { TrustStore } from '@mchd/pki';
import { ConfigError, type SubgraphConfig } from '@mchd/subgraph-kit';
import { join } from 'node:path';
import { lockEmbeddedLedger } from './ledger-lock.js';

/** Default base URL of the person subgraph whose `/events` feed carries dismissals. */
export const DEFAULT_PERSON_FEED_URL = 'http://127.0.0.1:4001';

/** The power-of-attorney subgraph's own settings (beyond the kit's), from the environment. */
export interface PowerOfAttorneySettings {
  /** `MCHD_TRUST_DIR`: trusted roots and intermediates (PEM or DER, and CRLs); unset: nothing is trusted. */
  readonly trustDir?: string;
  /** `MCHD_PERSON_FEED_URL` (default http://127.0.0.1:4001): the person subgraph; its feed is `<url>/events`. */
  readonly personFeedUrl: string;
  /** `MCHD_SERVICE_TOKEN`: the bearer token for the feed; unset: a `service` token from the development key. */
  readonly serviceToken?: string;
  /** `MCHD_LEDGER_IDENTITY` (default `registry.registrar`): which identity signs ledger transactions. */
  readonly ledgerIdentityName: string;
}

/**
 * Reads `MCHD_TRUST_DIR`, `MCHD_PERSON_FEED_URL`, `MCHD_SERVICE_TOKEN` and `MCHD_LEDGER_IDENTITY`.
 *
 * @throws ConfigError naming a bad variable.
 * @example
 * ```ts
 * const settings = powerOfAttorneySettingsFromEnv(process.env);
 * ```
 */
export function powerOfAttorneySettingsFromEnv(env: NodeJS.ProcessEnv): PowerOfAttorneySettings {
  const feed = env['MCHD_PERSON_FEED_URL']?.trim() || DEFAULT_PERSON_FEED_URL;
  try {
    new URL(feed);
  } catch {
    throw new ConfigError('MCHD_PERSON_FEED_URL', `MCHD_PERSON_FEED_URL must be a URL, got ${JSON.stringify(feed)}`);
  }
  const identity = env['MCHD_LEDGER_IDENTITY']?.trim() || 'registry.registrar';
  const trustDir = env['MCHD_TRUST_DIR']?.trim();
  const token = env['MCHD_SERVICE_TOKEN']?.trim();
  return {
    personFeedUrl: feed,
    ledgerIdentityName: identity,
    ...(trustDir ? { trustDir } : {}),
    ...(token ? { serviceToken: token } : {}),
  };
}

/** The feed URL of a person subgraph base URL (`…/graphql` or a bare origin both work). */
export function personFeedEventsUrl(base: string): string {
  const url = new URL(base);
  url.pathname =
    url.pathname
      .replace(/\/graphql\/?$/, '')
      .replace(/\/events\/?$/, '')
      .replace(/\/$/, '') + '/events';
  return url.toString();
}

/** A token source for the person feed: the configured token, or fresh development `service` tokens. */
export function serviceTokenSource(settings: PowerOfAttorneySettings, config: SubgraphConfig): () => Promise<string> {
  if (settings.serviceToken) {
    const token = settings.serviceToken;
    return () => Promise.resolve(token);
  }
  return () =>
    issueDevelopmentToken(
      { dataDir: config.auth.dataDir },
      { roles: ['service'], subject: 'service:power-of-attorney', ttlSeconds: 600 },
    );
}

/** Opens the trust store of `MCHD_TRUST_DIR` (empty when unset: every signature is then UNTRUSTED_ROOT). */
export async function openTrustStore(settings: PowerOfAttorneySettings): Promise<TrustStore> {
  return settings.trustDir ? TrustStore.fromDirectory(settings.trustDir) : TrustStore.fromCertificates([]);
}

/**
 * Opens the configured ledger (`LEDGER`, embedded by default under the data directory) and the identity that
 * signs its transactions: for the embedded node the development identities in `<data>/ledger/identities.json`,
 * for Fabric the named identity of the connection settings (`MCHD_FABRIC_CONNECTION`).
 */
export async function openLedger(
  config: SubgraphConfig,
  settings: PowerOfAttorneySettings,
  env: NodeJS.ProcessEnv,
  clock?: () => Date,
): Promise<{ ledger: Ledger; identity: LedgerIdentity }> {
  const ledgerConfig = ledgerConfigFromEnv({ ...env, MCHD_DATA_DIR: config.dataDir });
  if (ledgerConfig.ledger === 'embedded') {
    const directory = embeddedLedgerDirectory(config.dataDir);
    const identities = await loadDevelopmentIdentities(join(directory, 'identities.json'));
    const identity = identities[settings.ledgerIdentityName as keyof typeof identities];
    if (!identity) throw new ConfigError('MCHD_LEDGER_IDENTITY', `no ledger identity "${settings.ledgerIdentityName}"`);
    // One process at a time: the embedded node is in-process and single-writer.
    const release = await lockEmbeddedLedger(join(directory, 'power-of-attorney.lock'));
    try {
      const ledger = await createLedger({ ...ledgerConfig, ...(clock ? { clock } : {}) });
      const close = ledger.close.bind(ledger);
      ledger.close = async () => {
        try {
          await close();
        } finally {
          await release();
        }
      };
      return { ledger, identity };
    } catch (e) {
      await release();
      throw e;
    }
  }
  const file = ledgerConfig.connectionFile as string;
  const connection = JSON.parse(await readFile(file, 'utf8')) as { identities: Record<string, LedgerIdentity> };
  const identity = connection.identities[settings.ledgerIdentityName];
  if (!identity)
    throw new ConfigError('MCHD_LEDGER_IDENTITY', `${file} has no identity "${settings.ledgerIdentityName}"`);
  return { ledger: await createLedger(ledgerConfig), identity };
}
