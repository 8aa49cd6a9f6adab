import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { UsageError, type CommandIo } from '../command.js';
import { DEFAULT_GATEWAY_URL, isInputErrorCode, parseGatewayCommandLine } from './status.js';

const GUID = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

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

const io = (env: NodeJS.ProcessEnv = {}): CommandIo => ({ stdout: () => {}, stderr: () => {}, env, cwd: '/' });

describe('gateway command options', () => {
  it('defaults to the local gateway, takes --url/--token over the environment and MCHD_TOKEN over the key', () => {
    expect(parseGatewayCommandLine([GUID], io(), []).gateway).toEqual({
      url: DEFAULT_GATEWAY_URL,
      dataDir: './data',
      json: false,
    });
    const env = {
      MCHD_TOKEN: 'env-token',
      MCHD_DATA_DIR: '/srv/mchd',
      MCHD_GATEWAY_URL: 'http://10.0.0.1:4000/graphql',
    };
    expect(parseGatewayCommandLine(['--json'], io(env), []).gateway).toEqual({
      url: 'http://10.0.0.1:4000/graphql',
      token: 'env-token',
      dataDir: '/srv/mchd',
      json: true,
    });
    const parsed = parseGatewayCommandLine(
      ['--url=http://h:1/graphql', '--token', 'cli-token', '--principal', '7707083893', GUID],
      io(env),
      ['principal'],
    );
    expect(parsed.gateway).toMatchObject({ url: 'http://h:1/graphql', token: 'cli-token' });
    expect(parsed.options).toMatchObject({ principal: '7707083893' });
    expect(parsed.positionals).toEqual([GUID]);
  });

  it('rejects unknown options, missing values and non-HTTP URLs as usage errors', () => {
    expect(() => parseGatewayCommandLine(['--nope'], io(), [])).toThrow(UsageError);
    expect(() => parseGatewayCommandLine(['--principal'], io(), ['principal'])).toThrow('--principal needs a value');
    expect(() => parseGatewayCommandLine(['--url', 'ftp://x/graphql'], io(), [])).toThrow('--url must be');
  });

  it('counts document, signature and authorization refusals as invalid input, the rest as system errors', () => {
    for (const code of ['MCHD_SCHEMA_VIOLATION', 'SIGNATURE_INVALID', 'NOT_FOUND', 'FORBIDDEN', 'REVOCATION_INVALID']) {
      expect(isInputErrorCode(code), code).toBe(true);
    }
    for (const code of ['UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR', 'LEDGER_UNAVAILABLE', undefined]) {
      expect(isInputErrorCode(code), String(code)).toBe(false);
    }
  });
});

describe('mchd status', () => {
  it('exits 2 with a usage message for a missing GUID, a bad GUID, a bad INN or a missing --principal', async () => {
    expect(await runCli(['status'])).toMatchObject({ code: 2 });
    expect((await runCli(['status', 'not-a-guid', '--principal', '7707083893'])).err).toContain('is not a GUID');
    expect((await runCli(['status', GUID, '--principal', '7707083894'])).err).toContain('not a valid INN');
    expect((await runCli(['status', GUID])).err).toContain('--principal INN is required');
    expect((await runCli(['status', GUID, '--principal', '7707083893', '--at', 'yesterday'])).err).toContain(
      'not a date-time',
    );
  });

  it('exits 2 and names the URL when the gateway cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/graphql`;
    const r = await runCli(['status', GUID, '--principal', '7707083893', '--url', url, '--token', 't']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`cannot reach the gateway at ${url}`);
  });
});
