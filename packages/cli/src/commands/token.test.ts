import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier } from '@mchd/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mchd-token-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const run = async (...args: string[]) => {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: process.cwd() });
  return { code, out, err };
};

describe('mchd token', () => {
  it('prints a token the stack accepts, with the asked roles and organizations', async () => {
    const { code, out } = await run(
      'token',
      '--role',
      'registrar',
      '--org',
      '7707083893',
      '--data-dir',
      dataDir,
      '--json',
    );
    expect(code).toBe(0);
    const { token } = JSON.parse(out) as { token: string };
    const caller = await (await createTokenVerifier({ dataDir })).verify(token);
    expect(caller).toMatchObject({ roles: ['registrar'], orgs: ['7707083893'] });
  });

  it('refuses an unknown role or a bad INN with exit code 2', async () => {
    expect((await run('token', '--role', 'root', '--data-dir', dataDir)).code).toBe(2);
    const bad = await run('token', '--role', 'registrar', '--org', '7707083894', '--data-dir', dataDir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not a valid INN');
    expect((await run('token', '--data-dir', dataDir)).code).toBe(2);
  });
});
