import { open, readFile, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { isProcessAlive } from './processes.js';

/**
 * Runs `action` while holding an exclusive lock file, so that concurrent test workers do not build the Fabric
 * binaries or the same network twice at once. Written by hand: the lock is released when its holder dies
 * (the file names the holder's pid), which mtime-based lock libraries only approximate.
 */
export async function withFileLock<T>(path: string, action: () => Promise<T>, timeoutMs = 30 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && !isProcessAlive(holder)) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${path} held by pid ${holder}`);
      await sleep(500);
    }
  }
  try {
    return await action();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
