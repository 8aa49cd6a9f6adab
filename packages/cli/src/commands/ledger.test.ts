import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { EmbeddedLedger, createDevelopmentIdentity } from '@mchd/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, type CommandIo } from '../command.js';
import { run } from './ledger.js';

/** As `mchd ledger …` through the dispatcher, which turns a UsageError into exit 2. */
async function main(argv: string[], io: CommandIo): Promise<number> {
  expect(argv[0]).toBe('ledger');
  try {
    return await run(argv.slice(1), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(e.message);
      return 2;
    }
    throw e;
  }
}

function capture(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mchd-cli-ledger-'));
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
        number: `CLI-${i}`,
        format: 'EMCHD_1',
        issuedOn: '2026-01-01',
        validUntil: '2027-01-01',
        principals: [{ inn: '7707083893' }],
        representatives: [{ snils: '11223344595' }],
        powers: [],
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
  await ledger.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mchd ledger verify', () => {
  it('reports a sound chain with exit 0, from MCHD_DATA_DIR or --data-dir', async () => {
    const a = capture(dir, { MCHD_DATA_DIR: 'data' });
    expect(await main(['ledger', 'verify'], a.io)).toBe(0);
    expect(a.out()).toBe('ledger OK: 4 blocks, 3 transactions, height 3\n');

    const b = capture('/', {});
    expect(await main(['ledger', 'verify', '--data-dir', join(dir, 'data'), '--json'], b.io)).toBe(0);
    expect(JSON.parse(b.out())).toEqual({
      directory: join(dir, 'data', 'ledger'),
      ok: true,
      height: 3,
      blocks: 4,
      transactions: 3,
    });
  });

  it('reports the first broken block with exit 1', async () => {
    const db = new Database(join(dir, 'data', 'ledger', 'ledger.sqlite'));
    db.prepare('UPDATE blocks SET timestamp = timestamp + 1 WHERE number IN (2, 3)').run([]);
    db.close();
    const a = capture(dir);
    expect(await main(['ledger', 'verify', '--data-dir', 'data', '--json'], a.io)).toBe(1);
    expect(JSON.parse(a.out())).toMatchObject({
      ok: false,
      firstBrokenBlock: { number: 2, reason: 'its header does not match its hash' },
    });
    const b = capture(dir);
    expect(await main(['ledger', 'verify', '--data-dir', 'data'], b.io)).toBe(1);
    expect(b.out()).toMatch(/^ledger BROKEN at block 2: its header does not match its hash/);
  });

  it('answers exit 2 for usage errors and for a directory without a ledger', async () => {
    const a = capture(dir);
    expect(await main(['ledger', 'check'], a.io)).toBe(2);
    expect(a.err()).toContain('unknown subcommand "check"');
    const b = capture(dir);
    expect(await main(['ledger', 'verify', '--data-dir', 'nowhere', '--json'], b.io)).toBe(2);
    expect(JSON.parse(b.out())).toMatchObject({ ok: false, error: { code: 'LEDGER_UNAVAILABLE' } });
    const c = capture(dir);
    expect(await main(['ledger', 'verify', '--bogus'], c.io)).toBe(2);
  });
});
