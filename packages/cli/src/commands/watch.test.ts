import { createServer } from 'node:net';
import { main } from '../main.js';
import { describe, expect, it } from 'vitest';
import { webSocketUrl } from './watch.js';

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

describe('mchd watch', () => {
  it('derives the WebSocket URL from the HTTP one', () => {
    expect(webSocketUrl('http://127.0.0.1:4000/graphql')).toBe('ws://127.0.0.1:4000/graphql');
    expect(webSocketUrl('https://mchd.example/api/graphql')).toBe('wss://mchd.example/api/graphql');
  });

  it('exits 2 for an unknown event type, a bad count or a stray argument', async () => {
    expect((await runCli(['watch', '--type', 'DELETED'])).err).toContain('--type "DELETED" is not one of');
    expect((await runCli(['watch', '--count', '-1'])).err).toContain('--count must be a whole number');
    expect((await runCli(['watch', 'extra'])).code).toBe(2);
  });

  it('gives up with exit 2 after the bounded reconnection attempts when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/graphql`;
    const r = await runCli(['watch', '--url', url, '--token', 't', '--retries', '1'], { MCHD_WATCH_NO_SIGNALS: '1' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('reconnecting after the start');
    expect(r.err).toContain(`connection to ${url} lost`);
  });
});
