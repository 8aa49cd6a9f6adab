import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Another live process has the embedded ledger open (`code` LEDGER_IN_USE). */
export class LedgerInUseError extends Error {
  readonly code = 'LEDGER_IN_USE';
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(
      `the embedded ledger is in use by process ${pid} (${file}): it has a single writer, so run one ` +
        'power-of-attorney instance with LEDGER=embedded (several need LEDGER=fabric), and stop it before mchd reindex',
    );
    this.name = 'LedgerInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock file that says which process uses the embedded ledger (its pid inside); a lock whose process is
 * gone is taken over. Answers the release function. Written by hand: a pid lock is a few lines, and the lock
 * libraries on npm judge staleness by file times rather than by the holder being alive.
 *
 * @example
 * ```ts
 * const release = await lockEmbeddedLedger('./data/ledger/power-of-attorney.lock');
 * await release();
 * ```
 */
export async function lockEmbeddedLedger(file: string): Promise<() => Promise<void>> {
  await mkdir(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await unlink(file).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new LedgerInUseError(file, holder);
      await unlink(file).catch(() => undefined);
    }
  }
  throw new LedgerInUseError(file, -1);
}
