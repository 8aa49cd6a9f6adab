import { createServer } from 'node:net';
import { main } from '../main.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPowerOfAttorneyXml, examplePowerOfAttorney } from '@mchd/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd: process.cwd() });
  return { code, out, err };
}

/** A loopback port with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mchd-register-'));
  await writeFile(join(dir, 'poa.xml'), buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 5 })));
  await writeFile(join(dir, 'poa.sig'), new Uint8Array([0x30, 0x00]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mchd register', () => {
  it('exits 2 without a file, without --sig, or with a file that cannot be read', async () => {
    expect((await runCli(['register'])).code).toBe(2);
    expect((await runCli(['register', join(dir, 'poa.xml')])).err).toContain('--sig FILE.sig is required');
    const missing = await runCli(['register', join(dir, 'absent.xml'), '--sig', join(dir, 'poa.sig')]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('cannot read document');
  });

  it('exits 2 when the gateway cannot be reached, after issuing a development token from MCHD_DATA_DIR', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/graphql`;
    const r = await runCli(['register', join(dir, 'poa.xml'), '--sig', join(dir, 'poa.sig'), '--url', url], {
      MCHD_DATA_DIR: join(dir, 'data'),
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot reach the gateway');
  });
});
