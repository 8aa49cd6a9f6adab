import { ConfigError, loadSubgraphConfig, type SubgraphConfig } from './config.js';
import type { Subgraph } from './subgraph.js';

/**
 * The whole `main` of a subgraph process: parses the environment (a {@link ConfigError} is printed and the
 * process exits with code 2), starts the subgraph, and stops it gracefully on SIGTERM or SIGINT (a second
 * signal exits at once).
 *
 * @example
 * ```ts
 * // subgraphs/person/src/main.ts
 * await runMain('person', 4001, (config) => createPersonSubgraph(config));
 * ```
 */
export async function runMain(
  name: string,
  defaultPort: number,
  create: (config: SubgraphConfig) => Subgraph,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  let config: SubgraphConfig;
  try {
    config = loadSubgraphConfig(name, defaultPort, env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${name}: ConfigError: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const subgraph = create(config);
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (signalled) {
      subgraph.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalled = true;
    subgraph.logger.info({ signal }, 'shutting down');
    subgraph.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        subgraph.logger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Under a supervisor (`npm start`) an IPC channel links the two: if the supervisor dies, even by SIGKILL, the
  // channel closes and the subgraph stops instead of living on as an orphan holding its port.
  if (process.connected) process.on('disconnect', () => shutdown('SIGTERM'));
  try {
    await subgraph.start();
  } catch (e) {
    subgraph.logger.fatal({ err: e }, 'start failed');
    await subgraph.stop().catch(() => undefined);
    process.exit(2);
  }
}
