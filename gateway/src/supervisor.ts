import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_PORTS } from './config.js';
import { resolve } from 'node:path';
import { loadDemoData } from './stack/demo.js';
import { prepareDemoTrust, registerDemoPowerOfAttorney } from './stack/demo-power-of-attorney.js';
import type { StackPorts } from './stack/parts.js';
import { startStack, StackStartError } from './stack/stack.js';

/** Ports from `MCHD_GATEWAY_PORT`, `MCHD_PERSON_PORT`, `MCHD_CERTIFICATE_PORT`, `MCHD_POWER_OF_ATTORNEY_PORT`. */
function portsFromEnv(env: NodeJS.ProcessEnv): StackPorts {
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      throw new ConfigError(`${name} must be an integer from 1 to 65535, got "${raw}"`);
    }
    return n;
  };
  return {
    gateway: port('MCHD_GATEWAY_PORT', DEFAULT_PORTS.gateway),
    person: port('MCHD_PERSON_PORT', DEFAULT_PORTS.person),
    certificate: port('MCHD_CERTIFICATE_PORT', DEFAULT_PORTS.certificate),
    'power-of-attorney': port('MCHD_POWER_OF_ATTORNEY_PORT', DEFAULT_PORTS['power-of-attorney']),
  };
}

// `npm start`: the whole stack on embedded defaults, each part its own process, logs prefixed by part.
const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false } }, strict: true });
const started = Date.now();
try {
  const dataDir = resolve(process.env['MCHD_DATA_DIR'] || './data');
  // --demo trusts the built-in CA (and whatever MCHD_TRUST_DIR names) for MCHD signatures.
  const env: NodeJS.ProcessEnv = values.demo
    ? { MCHD_TRUST_DIR: await prepareDemoTrust(dataDir, process.env['MCHD_TRUST_DIR'] || undefined) }
    : {};
  const stack = await startStack({ dataDir, ports: portsFromEnv(process.env), env });
  if (values.demo) {
    process.stdout.write(`demo data: ${await loadDemoData({ url: stack.url, dataDir })}\n`);
    process.stdout.write(`demo data: ${await registerDemoPowerOfAttorney({ url: stack.url, dataDir })}\n`);
  }
  process.stdout.write(
    `\nMCHD registry node ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `  GraphQL (HTTP and WebSocket): ${stack.url}\n` +
      `  GraphiQL: open ${stack.url} in a browser; get a token with: npx mchd token --role auditor\n\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (e) {
  process.stderr.write(
    `${e instanceof StackStartError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
}
