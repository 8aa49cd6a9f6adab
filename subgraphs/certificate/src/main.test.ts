import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSubgraphMain } from '@mchd/subgraph-kit';
import { afterAll, describe, expect, it } from 'vitest';

/** The compiled entry point (`npm test` builds before running tests). */
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'mchd-certificate-main-'));

const run = (env: NodeJS.ProcessEnv) => spawnSubgraphMain(MAIN, { MCHD_DATA_DIR: dataDir, ...env });

describe('certificate subgraph process', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits with code 2 naming a bad certificate variable', async () => {
    const p = run({ MCHD_CLOCK_OFFSET: 'tomorrow' });
    expect(await p.exited).toBe(2);
    expect(p.err()).toContain('ConfigError: MCHD_CLOCK_OFFSET must be');
  });

  it('creates the built-in CA once in the data directory, serves, and stops on SIGTERM', async () => {
    const p = run({ PORT: '0', LOG_LEVEL: 'info', MCHD_PERSON_FEED_URL: 'off' });
    const url = await p.listening();
    expect((await fetch(url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
    for (const file of ['ca.cer', 'ca.key', 'ca.crl']) expect(existsSync(path.join(dataDir, 'ca', file))).toBe(true);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });
});
