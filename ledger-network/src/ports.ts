import { createServer } from 'node:net';

import { NetworkConfigurationError } from './errors.js';
import { PORT_RANGE } from './topology.js';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Finds a base port whose whole range (`basePort` … `basePort + 39`) is free on 127.0.0.1, for tests that start
 * their own network beside others. Candidates are drawn from `from` … `to` at random.
 *
 * @example
 * ```ts
 * const network = await ensureNetwork({ dir: tempDir, basePort: await findFreeBasePort() });
 * ```
 */
export async function findFreeBasePort(
  options: { from?: number; to?: number; attempts?: number } = {},
): Promise<number> {
  const from = options.from ?? 20_000;
  const to = options.to ?? 60_000;
  const slots = Math.floor((to - from) / PORT_RANGE);
  for (let attempt = 0; attempt < (options.attempts ?? 50); attempt++) {
    const base = from + Math.floor(Math.random() * slots) * PORT_RANGE;
    let free = true;
    for (let port = base; port < base + PORT_RANGE && free; port++) free = await canListen(port);
    if (free) return base;
  }
  throw new NetworkConfigurationError(`no free range of ${PORT_RANGE} ports found in ${from}..${to}`);
}
