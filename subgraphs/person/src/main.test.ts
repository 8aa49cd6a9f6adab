import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSubgraphMain } from '@mchd/subgraph-kit';
import { afterAll, describe, expect, it } from 'vitest';

/** The compiled entry point (`npm test` builds before running tests). */
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'mchd-person-main-'));

const start = (env: NodeJS.ProcessEnv) => spawnSubgraphMain(MAIN, { MCHD_DATA_DIR: dataDir, ...env });

describe('person subgraph process (runMain)', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits with code 2 naming a bad variable', async () => {
    const p = start({ PORT: 'abc' });
    expect(await p.exited).toBe(2);
    expect(p.err()).toContain('ConfigError: PORT must be an integer 0-65535, got "abc"');
  });

  it('logs JSON, serves /healthz, and stops gracefully on SIGTERM with exit code 0', async () => {
    const p = start({ PORT: '0', LOG_LEVEL: 'info' });
    const url = await p.listening();
    const first = JSON.parse(p.out().split('\n')[0]!) as { name: string; level: number };
    expect(first.name).toBe('person');
    const health = await fetch(url.replace(/\/graphql$/, '/healthz'));
    expect(health.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('subgraph stopped');
  });
});
