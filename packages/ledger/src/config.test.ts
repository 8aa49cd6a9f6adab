import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCheckpointer, memoryCheckpointer } from './checkpointer.js';
import { createLedger, ledgerConfigFromEnv, loadLedgerIdentities } from './config.js';
import { LedgerError } from './errors.js';

describe('ledgerConfigFromEnv', () => {
  it('defaults to the embedded node under ./data', () => {
    expect(ledgerConfigFromEnv({}, '/srv')).toEqual({ ledger: 'embedded', dataDir: '/srv/data' });
    expect(ledgerConfigFromEnv({ LEDGER: 'embedded', MCHD_DATA_DIR: 'd' }, '/srv')).toEqual({
      ledger: 'embedded',
      dataDir: '/srv/d',
    });
  });

  it('selects Fabric with the default or given connection file', () => {
    expect(ledgerConfigFromEnv({ LEDGER: 'fabric' }, '/srv')).toEqual({
      ledger: 'fabric',
      connectionFile: '/srv/.fabric/network/connection.json',
    });
    expect(ledgerConfigFromEnv({ LEDGER: 'Fabric', MCHD_FABRIC_CONNECTION: '/c.json' }, '/srv')).toMatchObject({
      connectionFile: '/c.json',
    });
  });

  it('refuses an unknown LEDGER with a typed error', () => {
    expect(() => ledgerConfigFromEnv({ LEDGER: 'besu' })).toThrow(LedgerError);
  });
});

describe('createLedger', () => {
  it('says LEDGER_UNAVAILABLE when the Fabric connection file is missing', async () => {
    const err = (await createLedger({ ledger: 'fabric', connectionFile: '/nonexistent/connection.json' }).catch(
      (e: unknown) => e,
    )) as LedgerError;
    expect(err).toBeInstanceOf(LedgerError);
    expect(err.code).toBe('LEDGER_UNAVAILABLE');
  });
});

describe('checkpointers', () => {
  it('keeps the position in a file, replaced whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-checkpoint-'));
    try {
      const c = fileCheckpointer(join(dir, 'sub', 'cp.json'));
      expect(await c.load()).toBeUndefined();
      await c.save({ blockNumber: 7, transactionId: 'ab' });
      expect(await fileCheckpointer(join(dir, 'sub', 'cp.json')).load()).toEqual({
        blockNumber: 7,
        transactionId: 'ab',
      });
      expect(JSON.parse(await readFile(join(dir, 'sub', 'cp.json'), 'utf8'))).toEqual({
        blockNumber: 7,
        transactionId: 'ab',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the position in memory', async () => {
    const c = memoryCheckpointer({ blockNumber: 1 });
    expect(await c.load()).toEqual({ blockNumber: 1 });
    await c.save({ blockNumber: 2 });
    expect(c.current).toEqual({ blockNumber: 2 });
  });
});

describe('loadLedgerIdentities', () => {
  it("makes the embedded node's development identities once and keeps them", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-ids-'));
    try {
      const first = await loadLedgerIdentities({ ledger: 'embedded', dataDir: dir });
      expect(Object.keys(first).sort()).toEqual([
        'operator.reader',
        'operator.registrar',
        'registry.reader',
        'registry.registrar',
      ]);
      expect(first['operator.registrar'].mspId).toBe('OperatorMSP');
      expect(first['registry.registrar'].certificatePem).toContain('BEGIN CERTIFICATE');
      expect(await loadLedgerIdentities({ ledger: 'embedded', dataDir: dir })).toEqual(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes Fabric identities from the connection settings and names missing ones', async () => {
    const err = (await loadLedgerIdentities({
      ledger: 'fabric',
      connection: { channel: 'mchd', chaincode: 'mchd', peers: [], identities: {} },
    }).catch((e: unknown) => e)) as LedgerError;
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain('registry.registrar');
  });
});
