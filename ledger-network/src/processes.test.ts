import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withFileLock } from './file-lock.js';
import { isProcessAlive, runningProcess, startDetached, stopProcess } from './processes.js';

describe('detached processes', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mchd-proc-'));
  });

  afterAll(async () => {
    await stopProcess(join(dir, 'run'), 'sleeper');
    await rm(dir, { recursive: true, force: true });
  });

  it('starts a process that logs to its file, finds it by pid file and stops it', async () => {
    const marker = `mchd-sleeper-${process.pid}`;
    const started = await startDetached(
      {
        name: 'sleeper',
        command: process.execPath,
        args: ['-e', 'console.log("up"); setInterval(() => {}, 1000)', marker],
        env: { PATH: process.env.PATH },
        cwd: dir,
        marker,
      },
      join(dir, 'run'),
      join(dir, 'logs'),
    );
    expect(isProcessAlive(started.pid)).toBe(true);
    expect((await runningProcess(join(dir, 'run'), 'sleeper'))?.pid).toBe(started.pid);
    for (let i = 0; i < 50 && !(await readFile(join(dir, 'logs', 'sleeper.log'), 'utf8')).includes('up'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await readFile(join(dir, 'logs', 'sleeper.log'), 'utf8')).toContain('up');
    expect(await stopProcess(join(dir, 'run'), 'sleeper')).toBe(true);
    expect(isProcessAlive(started.pid)).toBe(false);
    expect(await runningProcess(join(dir, 'run'), 'sleeper')).toBeUndefined();
    expect(await stopProcess(join(dir, 'run'), 'sleeper')).toBe(false);
  });

  it('does not take a live process with another command line for its own', async () => {
    await writeFile(
      join(dir, 'run', 'foreign.pid'),
      JSON.stringify({ name: 'foreign', pid: process.pid, marker: 'x-not-me-x' }),
    );
    expect(await runningProcess(join(dir, 'run'), 'foreign')).toBeUndefined();
    expect(await stopProcess(join(dir, 'run'), 'foreign')).toBe(false);
    expect(isProcessAlive(process.pid)).toBe(true);
  });
});

describe('withFileLock', () => {
  it('runs holders one at a time and takes over a lock left by a dead process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-lock-'));
    try {
      const lock = join(dir, 'x.lock');
      const order: string[] = [];
      const holder = (name: string) =>
        withFileLock(lock, async () => {
          order.push(`${name}+`);
          await new Promise((resolve) => setTimeout(resolve, 50));
          order.push(`${name}-`);
        });
      await Promise.all([holder('a'), holder('b')]);
      expect(order).toHaveLength(4);
      expect(order[0]?.[0]).toBe(order[1]?.[0]);
      expect(order[2]?.[0]).toBe(order[3]?.[0]);

      await writeFile(lock, '2147483646'); // a pid that does not exist
      expect(await withFileLock(lock, async () => 'taken over', 5_000)).toBe('taken over');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
