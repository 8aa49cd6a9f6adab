import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerInUseError, lockEmbeddedLedger } from './ledger-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'mchd-poa-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded ledger lock', () => {
  it('lets one holder in at a time and frees the file on release', async () => {
    const file = join(dir, 'a', 'power-of-attorney.lock');
    const release = await lockEmbeddedLedger(file);
    const second = await lockEmbeddedLedger(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(LedgerInUseError);
    expect(second).toMatchObject({ code: 'LEDGER_IN_USE', pid: process.pid });
    await release();
    expect(existsSync(file)).toBe(false);
    const again = await lockEmbeddedLedger(file);
    await again();
  });

  it('takes over a lock whose process is gone', async () => {
    const file = join(dir, 'stale.lock');
    writeFileSync(file, '2147483646');
    const release = await lockEmbeddedLedger(file);
    await release();
    expect(existsSync(file)).toBe(false);
  });
});
