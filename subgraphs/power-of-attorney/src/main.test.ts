import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSubgraphMain } from '@mchd/subgraph-kit';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Runs the process to its end (killed after 30 s) and returns its exit code and everything it printed. */
async function run(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const p = spawnSubgraphMain(main, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, output: p.out() + p.err() };
}

/** The subgraph process (built `dist/main.js`) refuses bad configuration at start with exit code 2. */
describe('power-of-attorney main process', () => {
  it('exits with code 2 and names the variable when its own settings are bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mchd-poa-main-'));
    try {
      const feed = await run({ MCHD_DATA_DIR: dir, PORT: '0', MCHD_PERSON_FEED_URL: 'not a url', LOG_LEVEL: 'info' });
      expect(feed.code).toBe(2);
      expect(feed.output).toContain('MCHD_PERSON_FEED_URL');
      const ledger = await run({ MCHD_DATA_DIR: dir, PORT: '0', LEDGER: 'paper', LOG_LEVEL: 'info' });
      expect(ledger.code).toBe(2);
      expect(ledger.output).toContain('LEDGER must be');
      const trust = await run({
        MCHD_DATA_DIR: dir,
        PORT: '0',
        MCHD_TRUST_DIR: join(dir, 'missing'),
        LOG_LEVEL: 'info',
      });
      expect(trust.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
