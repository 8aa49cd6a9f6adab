/** What only the embedded node has: its files, its block chain, its batching, and identities from any MSP. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import {
  EmbeddedLedger,
  LedgerError,
  createDevelopmentIdentity,
  createLedger,
  developmentMsps,
  loadDevelopmentIdentities,
  verifyLedger,
  type IdentityName,
  type LedgerIdentity,
} from '@mchd/ledger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { steppingClock } from './clock.js';
import { MetadataFactory } from './fixtures.js';

let dir: string;
let ids: Record<IdentityName, LedgerIdentity>;
const f = new MetadataFactory();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mchd-embedded-'));
  ids = await loadDevelopmentIdentities(join(dir, 'identities.json'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (clock = steppingClock('2026-06-01T12:00:00Z')) =>
  EmbeddedLedger.open({ directory: join(dir, 'ledger'), clock });

describe('embedded ledger node', () => {
  it('keeps blocks, state and history across a reopen, and the chain verifies', async () => {
    const first = await open();
    const a = await first.register(f.metadata(), ids['registry.registrar']);
    await first.revoke({ guid: a.guid, reason: 'x', by: 'y' }, ids['registry.registrar']);
    const height = first.node.height;
    await first.close();

    const second = await open();
    expect(second.node.height).toEqual(height);
    expect((await second.get(a.guid))?.revocation?.reason).toBe('x');
    expect(await second.history(a.guid)).toHaveLength(2);
    const b = await second.register(f.metadata(), ids['registry.registrar']);
    expect(b.blockNumber).toBe(height.number + 1);
    await second.close();

    expect(verifyLedger(join(dir, 'ledger'))).toEqual({
      ok: true,
      height: height.number + 1,
      blocks: height.number + 2,
      transactions: 3,
    });
  });

  it('takes transaction times from the injected clock', async () => {
    const ledger = await open(() => new Date('2026-03-04T05:06:07.089Z'));
    const r = await ledger.register(f.metadata(), ids['registry.registrar']);
    expect(r.record.registration.registeredAt).toBe('2026-03-04T05:06:07.089Z');
    await ledger.close();
  });

  it('puts concurrent submissions into shared blocks and executes them serially (one wins a duplicate)', async () => {
    const ledger = await open();
    const before = ledger.node.height.number;
    const docs = Array.from({ length: 200 }, () => f.metadata());
    const results = await Promise.all(docs.map((m) => ledger.register(m, ids['registry.registrar'])));
    const blocks = new Set(results.map((r) => r.blockNumber));
    expect(blocks.size).toBeLessThan(10);
    expect(ledger.node.height.number - before).toBe(blocks.size);

    const same = f.metadata();
    const racing = await Promise.all([1, 2, 3, 4].map(() => ledger.register(same, ids['registry.registrar'])));
    expect(new Set(racing.map((r) => r.guid)).size).toBe(1);
    expect(racing.filter((r) => !r.alreadyRegistered)).toHaveLength(1);
    await ledger.close();
  });

  it('refuses writes from an organization outside the registry and from an unreadable certificate', async () => {
    const ledger = await open();
    const outsider = await createDevelopmentIdentity({
      mspId: 'OtherMSP',
      commonName: 'registrar@other',
      attributes: { 'mchd.role': 'registrar' },
    });
    const err = await ledger.register(f.metadata(), outsider).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerError);
    expect((err as LedgerError).code).toBe('FORBIDDEN');
    const broken = { ...ids['registry.registrar'], certificatePem: 'not a certificate' };
    expect(((await ledger.register(f.metadata(), broken).catch((e: unknown) => e)) as LedgerError).code).toBe(
      'FORBIDDEN',
    );
    await ledger.close();
  });

  it('fails calls after close with LEDGER_UNAVAILABLE', async () => {
    const ledger = await open();
    await ledger.close();
    const err = (await ledger
      .register(f.metadata(), ids['registry.registrar'])
      .catch((e: unknown) => e)) as LedgerError;
    expect(err.code).toBe('LEDGER_UNAVAILABLE');
    expect(((await ledger.get(f.guid('x')).catch((e: unknown) => e)) as LedgerError).code).toBe('LEDGER_UNAVAILABLE');
  });

  it('is what createLedger opens by default under <dataDir>/ledger', async () => {
    const ledger = await createLedger({ ledger: 'embedded', dataDir: dir });
    const r = await ledger.register(f.metadata(), ids['registry.registrar']);
    await ledger.close();
    const again = await EmbeddedLedger.open({ directory: join(dir, 'ledger') });
    expect((await again.get(r.guid))?.guid).toBe(r.guid);
    await again.close();
  });
});

describe('verifyLedger', () => {
  async function ledgerWithBlocks(): Promise<string> {
    const ledger = await open();
    for (let i = 0; i < 3; i++) await ledger.register(f.metadata(), ids['registry.registrar']);
    await ledger.close();
    return join(dir, 'ledger', 'ledger.sqlite');
  }

  it('reports the first block whose transactions were altered', async () => {
    const file = await ledgerWithBlocks();
    const db = new Database(file);
    const row = db.prepare('SELECT body FROM transactions WHERE block_number = 2').get([]) as { body: string };
    const altered = row.body.replace('"fcn":"Register"', '"fcn":"Registr"');
    expect(altered).not.toBe(row.body);
    db.prepare('UPDATE transactions SET body = ? WHERE block_number = 2').run([altered]);
    db.close();
    expect(verifyLedger(join(dir, 'ledger'))).toMatchObject({
      ok: false,
      firstBrokenBlock: { number: 2, reason: 'its transactions do not match its data hash' },
    });
  });

  it('reports a block that does not link to the previous one', async () => {
    const file = await ledgerWithBlocks();
    const db = new Database(file);
    db.prepare('UPDATE blocks SET previous_hash = ? WHERE number = 3').run(['f'.repeat(64)]);
    db.close();
    expect(verifyLedger(join(dir, 'ledger')).firstBrokenBlock).toEqual({
      number: 3,
      reason: 'does not link to the previous block',
    });
  });

  it('reports world state that no block wrote', async () => {
    const file = await ledgerWithBlocks();
    const db = new Database(file);
    db.prepare('INSERT INTO state (key, value) VALUES (?, ?)').run([Buffer.from('forged'), Buffer.from('1')]);
    db.close();
    expect(verifyLedger(join(dir, 'ledger'))).toMatchObject({
      ok: false,
      stateMismatch: { key: 'forged', reason: 'in the state, not in any block' },
    });
  });

  it('says LEDGER_UNAVAILABLE for a directory without a ledger', () => {
    expect(() => verifyLedger(join(dir, 'nothing'))).toThrow(LedgerError);
  });
});

describe('two embedded nodes on one file (e.g. the subgraph and a CLI)', () => {
  it('append to one chain and see each other’s events', async () => {
    const a = await open();
    const b = await open(steppingClock('2026-06-01T13:00:00Z'));
    try {
      const ra = await a.register(f.metadata(), ids['registry.registrar']);
      const rb = await b.register(f.metadata(), ids['operator.registrar']);
      const rc = await a.register(f.metadata(), ids['registry.registrar']);
      expect([ra.blockNumber, rb.blockNumber, rc.blockNumber]).toEqual([1, 2, 3]);
      expect((await a.get(rb.guid))?.guid).toBe(rb.guid);
      const controller = new AbortController();
      const seen: string[] = [];
      for await (const e of a.events({
        after: { blockNumber: 1, transactionId: ra.transactionId },
        signal: controller.signal,
      })) {
        seen.push(e.transactionId);
        if (seen.length === 3) break;
        if (seen.length === 2) void b.register(f.metadata(), ids['operator.registrar']);
      }
      expect(seen.slice(0, 2)).toEqual([rb.transactionId, rc.transactionId]);
      expect(seen).toHaveLength(3);
    } finally {
      await a.close();
      await b.close();
    }
    expect(verifyLedger(join(dir, 'ledger'))).toMatchObject({ ok: true, transactions: 4 });
  });
});

describe('embedded node with MSP roots', () => {
  it('admits members of the listed organizations only, within their certificates’ validity', async () => {
    const notBefore = new Date('2026-01-01T00:00:00Z');
    const ca = await createDevelopmentIdentity({ mspId: 'RegistryMSP', commonName: 'ca.registry', notBefore });
    const operator = await createDevelopmentIdentity({
      mspId: 'OperatorMSP',
      commonName: 'registrar@operator',
      attributes: { 'mchd.role': 'registrar' },
      notBefore,
    });
    const member = await createDevelopmentIdentity({
      mspId: 'RegistryMSP',
      commonName: 'registrar@registry',
      attributes: { 'mchd.role': 'registrar' },
      issuer: ca,
      notBefore,
    });
    const impostor = await createDevelopmentIdentity({
      mspId: 'RegistryMSP',
      commonName: 'registrar@registry',
      attributes: { 'mchd.role': 'registrar' },
      notBefore,
    });
    const expired = await createDevelopmentIdentity({
      mspId: 'RegistryMSP',
      commonName: 'old@registry',
      attributes: { 'mchd.role': 'registrar' },
      issuer: ca,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      days: 30,
    });
    const ledger = await EmbeddedLedger.open({
      directory: join(dir, 'ledger'),
      clock: steppingClock('2026-06-01T12:00:00Z'),
      msps: { RegistryMSP: [ca.certificatePem], ...developmentMsps([operator]) },
    });
    try {
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'OK',
          (e: unknown) => (e as LedgerError).code,
        );
      expect(await code(ledger.register(f.metadata(), member))).toBe('OK');
      expect(await code(ledger.register(f.metadata(), operator))).toBe('OK');
      expect(await code(ledger.register(f.metadata(), impostor))).toBe('FORBIDDEN');
      expect(await code(ledger.register(f.metadata(), expired))).toBe('FORBIDDEN');
      expect(await code(ledger.register(f.metadata(), ids['registry.registrar']))).toBe('FORBIDDEN');
    } finally {
      await ledger.close();
    }
  });
});
