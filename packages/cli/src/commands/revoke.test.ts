import { main } from '../main.js';
import { describe, expect, it } from 'vitest';

async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd: process.cwd() });
  return { code, out, err };
}

const GUID = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

describe('mchd revoke', () => {
  it('exits 2 without a reason, with an application but no signature, or with a bad GUID', async () => {
    expect((await runCli(['revoke', GUID, '--principal', '7707083893'])).err).toContain('--reason TEXT is required');
    expect(
      (await runCli(['revoke', GUID, '--reason', 'x', '--principal', '7707083893', '--application', 'a.xml'])).err,
    ).toContain('--application and --sig go together');
    expect((await runCli(['revoke', 'nope', '--reason', 'x'])).err).toContain('is not a GUID');
  });
});
