import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { issueDevelopmentToken } from '@mchd/auth';
import { DEMO_POWER_OF_ATTORNEY_GUID, demoOrganizations } from '@mchd/gateway';
import { freePort } from './stack-fixture.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

const listening = (port: number): Promise<boolean> =>
  new Promise((r) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      r(true);
    });
    socket.once('error', () => r(false));
  });

describe('npm start (the supervisor)', () => {
  it('brings up every part with --demo (organizations, a signed MCHD), prints the URL, and leaves no orphan when killed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mchd-supervisor-'));
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    const [gateway, person, certificate, poa] = ports as [number, number, number, number];
    const child = spawn(process.execPath, [join(ROOT, 'gateway/dist/supervisor.js'), '--demo'], {
      env: {
        ...process.env,
        MCHD_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        MCHD_GATEWAY_PORT: String(gateway),
        MCHD_PERSON_PORT: String(person),
        MCHD_CERTIFICATE_PORT: String(certificate),
        MCHD_POWER_OF_ATTORNEY_PORT: String(poa),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await new Promise<void>((ready, fail) => {
        const timer = setTimeout(() => fail(new Error(`not ready:\n${output}`)), 110_000);
        child.stdout.on('data', () => {
          if (!output.includes('ready in')) return;
          clearTimeout(timer);
          ready();
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          fail(new Error(`exited ${code}:\n${output}`));
        });
      });
      expect(output).toContain(`http://127.0.0.1:${gateway}/graphql`);
      for (const port of ports) expect(await listening(port)).toBe(true);
      const health = await fetch(`http://127.0.0.1:${gateway}/healthz`);
      expect(health.status).toBe(200);
      const [parent] = demoOrganizations();
      const token = await issueDevelopmentToken({ dataDir }, { roles: ['auditor'] });
      const answer = await fetch(`http://127.0.0.1:${gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `query($g: GUID!, $inn: String!) {
            checkPowerOfAttorney(guid: $g, principalInn: $inn) { status }
            organizationByInn(inn: $inn) { subsidiaries { inn } employees { totalCount } } }`,
          variables: { g: DEMO_POWER_OF_ATTORNEY_GUID, inn: parent!.inn },
        }),
      });
      expect(await answer.json()).toEqual({
        data: {
          checkPowerOfAttorney: { status: 'ACTIVE' },
          organizationByInn: { subsidiaries: [expect.anything(), expect.anything()], employees: { totalCount: 3 } },
        },
      });

      child.kill('SIGKILL');
      let open = ports.length;
      for (let i = 0; i < 100 && open > 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        open = (await Promise.all(ports.map(listening))).filter(Boolean).length;
      }
      expect(open).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
