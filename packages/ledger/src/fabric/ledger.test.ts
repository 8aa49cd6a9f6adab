import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../errors.js';
import { createDevelopmentIdentity } from '../identity.js';
import { FabricLedger } from './ledger.js';
import type { FabricConnectionSettings } from './settings.js';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function settings(): Promise<FabricConnectionSettings> {
  const registrar = await createDevelopmentIdentity({
    mspId: 'RegistryMSP',
    commonName: 'registrar',
    attributes: { 'mchd.role': 'registrar' },
  });
  const reader = await createDevelopmentIdentity({ mspId: 'RegistryMSP', commonName: 'reader' });
  return {
    channel: 'mchd',
    chaincode: 'mchd',
    peers: [
      {
        organization: 'registry',
        mspId: 'RegistryMSP',
        endpoint: `127.0.0.1:${await closedPort()}`,
        tlsRootCertificatePem: registrar.certificatePem,
        hostAlias: 'peer0.registry',
      },
    ],
    identities: { 'registry.registrar': registrar, 'registry.reader': reader },
  };
}

describe('FabricLedger without a reachable peer', () => {
  it('fails writes, reads and event streams with LEDGER_UNAVAILABLE after its retries', async () => {
    const s = await settings();
    const ledger = await FabricLedger.connect({ settings: s, attempts: 2, timeoutMs: 1_000 });
    try {
      const write = await ledger
        .revoke(
          { guid: '00000000-0000-4000-8000-000000000000', reason: 'x', by: 'y' },
          s.identities['registry.registrar']!,
        )
        .catch((e: unknown) => e);
      expect(write).toBeInstanceOf(LedgerError);
      expect((write as LedgerError).code).toBe('LEDGER_UNAVAILABLE');
      const read = await ledger.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
      expect((read as LedgerError).code).toBe('LEDGER_UNAVAILABLE');
      const stream = ledger.events()[Symbol.asyncIterator]();
      const event = await stream.next().catch((e: unknown) => e);
      expect((event as LedgerError).code).toBe('LEDGER_UNAVAILABLE');
    } finally {
      await ledger.close();
    }
  });

  it('refuses settings without a reader identity or peers', async () => {
    const s = await settings();
    await expect(FabricLedger.connect({ settings: { ...s, identities: {} } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(FabricLedger.connect({ settings: { ...s, peers: [] } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
