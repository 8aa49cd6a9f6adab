/**
 * Crash safety of the embedded node: a child process registers in a loop and prints every acknowledgement; it is
 * killed with SIGKILL mid-stream; after reopening, every acknowledged registration is there, the chain verifies,
 * and re-submitting every document the child may have sent creates no duplicate.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedLedger, loadDevelopmentIdentities, verifyLedger, type PowerOfAttorneyMetadata } from '@mchd/ledger';
import { afterAll, describe, expect, it } from 'vitest';
import { steppingClock } from './clock.js';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'crash-child.mjs');
const { crashDocument } = (await import(join(here, 'crash-document.mjs'))) as {
  crashDocument: (i: number) => PowerOfAttorneyMetadata;
};

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('embedded node crash safety', () => {
  it('loses no acknowledged registration and duplicates nothing after SIGKILL', async () => {
    // The child imports the built @mchd/ledger (npm test builds before it runs the tests).
    const built = join(here, '..', '..', '..', 'packages', 'ledger', 'dist', 'index.js');
    expect(existsSync(built), `${built} missing: run tsc -b first`).toBe(true);

    dir = await mkdtemp(join(tmpdir(), 'mchd-crash-'));
    const ledgerDir = join(dir, 'ledger');
    const identitiesFile = join(dir, 'identities.json');
    const ids = await loadDevelopmentIdentities(identitiesFile);

    const proc = spawn(process.execPath, [child, ledgerDir, identitiesFile, '2026-06-01T12:00:00Z'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<number, string>();
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      proc.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      proc.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const m = /^ACK (\d+) (\S+)$/.exec(line);
          if (m) acked.set(Number(m[1]), m[2] as string);
          // Kill in the middle of the stream, once a good number of blocks are behind us.
          if (acked.size >= 1000 && !proc.killed) {
            proc.kill('SIGKILL');
            resolve();
          }
        }
      });
      proc.on('exit', () => reject(new Error(`child exited before the kill: ${stderr}`)));
    }).catch((e: unknown) => {
      if (!proc.killed) throw e;
    });
    expect(await exited).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(1000);

    expect(verifyLedger(ledgerDir)).toMatchObject({ ok: true });
    const ledger = await EmbeddedLedger.open({ directory: ledgerDir, clock: steppingClock('2026-06-02T00:00:00Z') });
    try {
      for (const [i, guid] of acked) {
        const record = await ledger.get(guid);
        expect(record?.number, `acknowledged registration ${i}`).toBe(`CRASH-${i}`);
      }
      // The client retries everything it may have sent: nothing is registered twice.
      const maxSent = Math.max(...acked.keys()) + 64;
      const retried = await Promise.all(
        Array.from({ length: maxSent + 1 }, (_, i) => ledger.register(crashDocument(i), ids['registry.registrar'])),
      );
      for (const [i, guid] of acked) {
        expect(retried[i]).toMatchObject({ guid, alreadyRegistered: true });
      }
      const all = await ledger.byPrincipalInn('7707083893');
      expect(all).toHaveLength(maxSent + 1);
      expect(new Set(all.map((r) => r.documentSha256)).size).toBe(maxSent + 1);
    } finally {
      await ledger.close();
    }
    expect(verifyLedger(ledgerDir)).toMatchObject({ ok: true, transactions: expect.any(Number) });
    // …and so does the command an operator would run.
    const cli = join(here, '..', '..', '..', 'packages', 'cli', 'bin', 'mchd.js');
    const verify = spawnSync(process.execPath, [cli, 'ledger', 'verify', '--data-dir', dir, '--json'], {
      encoding: 'utf8',
    });
    expect(verify.status, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, directory: ledgerDir });
  });
});
