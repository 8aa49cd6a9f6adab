import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConnectionSettingsError } from './errors.js';
import { loadConnectionSettings, parseConnectionSettings, writeConnectionSettings } from './settings.js';
import type { FabricConnectionSettings } from './settings.js';

const settings: FabricConnectionSettings = {
  channel: 'mchd',
  chaincode: 'mchd',
  peers: [
    {
      organization: 'registry',
      mspId: 'RegistryMSP',
      endpoint: '127.0.0.1:17060',
      tlsRootCertificatePem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n',
      hostAlias: 'peer0.registry.mchd.local',
    },
  ],
  identities: {
    'registry.registrar': { mspId: 'RegistryMSP', certificatePem: 'cert', privateKeyPem: 'key' },
  },
};

describe('connection settings', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mchd-settings-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes settings readable only by the owner and reads them back', async () => {
    const file = join(dir, 'nested', 'connection.json');
    await writeConnectionSettings(file, settings);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadConnectionSettings(file)).toEqual(settings);
  });

  it('reports a missing file with a typed error', async () => {
    const error: unknown = await loadConnectionSettings(join(dir, 'absent.json')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionSettingsError);
    expect((error as ConnectionSettingsError).code).toBe('CONNECTION_SETTINGS_INVALID');
    expect((error as Error).message).toContain('npm run ledger:up');
  });

  it('reports a file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ not json');
    await expect(loadConnectionSettings(file)).rejects.toThrow(/is not JSON/);
  });

  it.each([
    ['a non-object', [], /must be a JSON object/],
    ['no channel', { ...settings, channel: '' }, /channel must be a non-empty string/],
    ['no peers', { ...settings, peers: [] }, /peers must be a non-empty array/],
    [
      'a peer without endpoint',
      { ...settings, peers: [{ ...settings.peers[0], endpoint: 5 }] },
      /peers\[0\]\.endpoint/,
    ],
    ['identities as an array', { ...settings, identities: [] }, /identities must be an object/],
    [
      'an identity without key',
      { ...settings, identities: { x: { mspId: 'RegistryMSP', certificatePem: 'c' } } },
      /identities\.x\.privateKeyPem/,
    ],
  ])('rejects %s', (_name, value, message) => {
    expect(() => parseConnectionSettings(value)).toThrow(ConnectionSettingsError);
    expect(() => parseConnectionSettings(value)).toThrow(message);
  });

  it('drops unknown fields', () => {
    const parsed = parseConnectionSettings({ ...settings, extra: true });
    expect(parsed).toEqual(settings);
  });
});
