import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLedger, createDevelopmentIdentity } from '@mchd/ledger';
import {
  PowerOfAttorneyEventRow,
  PowerOfAttorneyRow,
  lockEmbeddedLedger,
  openPowerOfAttorneyDatabase,
} from '@mchd/power-of-attorney-subgraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../command.js';
import { run } from './reindex.js';

function capture(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;
const guid = (i: number) => `0e6f2c0a-8a57-4a0e-9c55-3f1c1d2b3a4${i}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mchd-cli-reindex-'));
  const registrar = await createDevelopmentIdentity({
    mspId: 'RegistryMSP',
    commonName: 'registrar',
    attributes: { 'mchd.role': 'registrar' },
  });
  let t = Date.parse('2026-06-01T00:00:00Z');
  const ledger = await EmbeddedLedger.open({ directory: join(dir, 'data', 'ledger'), clock: () => new Date(t++) });
  for (let i = 0; i < 3; i++) {
    const hex = (c: string) => `${c}${i}`.padEnd(64, c);
    await ledger.register(
      {
        guid: guid(i),
        number: `R-${i}`,
        format: 'EMCHD_1',
        issuedOn: '2026-01-01',
        validUntil: i === 2 ? '2026-02-01' : '2027-01-01',
        principals: [{ inn: '7707083893' }],
        representatives: [{ snils: '11223344595' }],
        powers: ['P1'],
        redelegation: 'none',
        kind: 'revocable',
        documentSha256: hex('a'),
        documentStreebog256: hex('b'),
        signatureSha256: hex('c'),
        signatureStreebog256: hex('d'),
        signerThumbprint: hex('e').slice(0, 40),
      },
      registrar,
    );
  }
  await ledger.revoke({ guid: guid(0), reason: 'test', by: 'cli-test' }, registrar);
  await ledger.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mchd reindex', () => {
  it('builds the index from the ledger, and a second run rebuilds the same without doubling events', async () => {
    const first = capture(dir);
    expect(await run(['--data-dir', 'data', '--json'], first.io)).toBe(0);
    const report = JSON.parse(first.out()) as { events: number; powersOfAttorney: number; expired: number };
    expect(report).toMatchObject({ events: 4, powersOfAttorney: 3 });
    // The third one ended 2026-02-01: the scheduler's EXPIRED event is logged at once.
    expect(report.expired).toBe(1);

    const second = capture(dir);
    expect(await run(['--data-dir', 'data', '--json'], second.io)).toBe(0);
    expect(JSON.parse(second.out())).toMatchObject({ events: 4, powersOfAttorney: 3, expired: 0 });

    const orm = await openPowerOfAttorneyDatabase({ name: 'power-of-attorney', dataDir: join(dir, 'data') });
    try {
      const em = orm.em.fork();
      const rows = await em.find(PowerOfAttorneyRow, {}, { orderBy: { guid: 'asc' } });
      expect(rows.map((r) => [r.guid, r.number, r.revocationReason ?? null])).toEqual([
        [guid(0), 'R-0', 'test'],
        [guid(1), 'R-1', null],
        [guid(2), 'R-2', null],
      ]);
      const events = await em.find(PowerOfAttorneyEventRow, {}, { orderBy: { seq: 'asc' } });
      expect(events.map((e) => e.type)).toEqual(['REGISTERED', 'REGISTERED', 'REGISTERED', 'REVOKED', 'EXPIRED']);
    } finally {
      await orm.close(true);
    }
  }, 30_000);

  it('prints a human summary and refuses unknown arguments', async () => {
    const c = capture(dir);
    expect(await run(['--data-dir', 'data'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^index rebuilt: 3 powers of attorney from 4 ledger events/);
    await expect(run(['--bogus'], capture(dir).io)).rejects.toThrow(/unexpected argument --bogus/);
  });

  it('refuses while another process uses the embedded ledger (exit 2, LEDGER_IN_USE)', async () => {
    const release = await lockEmbeddedLedger(join(dir, 'data', 'ledger', 'power-of-attorney.lock'));
    try {
      const c = capture(dir);
      expect(await run(['--data-dir', 'data', '--json'], c.io)).toBe(2);
      expect(JSON.parse(c.out())).toMatchObject({ ok: false, error: { code: 'LEDGER_IN_USE' } });
    } finally {
      await release();
    }
    expect(await run(['--data-dir', 'data', '--json'], capture(dir).io)).toBe(0);
  });

  it('reports a bad LEDGER value with exit code 2', async () => {
    const c = capture(dir, { LEDGER: 'paper' });
    expect(await run(['--data-dir', 'data', '--json'], c.io)).toBe(2);
    expect(JSON.parse(c.out())).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
