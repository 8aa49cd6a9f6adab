import { ConfigError, gatewayConfigFromEnv } from './config.js';
import { CompositionError } from './compose.js';
import { startGateway } from './server.js';

// The gateway as a process: configuration from the environment, graceful stop on SIGTERM/SIGINT.
try {
  const config = gatewayConfigFromEnv(process.env);
  const gateway = await startGateway(config, { sdlTimeoutMs: 120_000 });
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'gateway ready', url: gateway.url })}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'stopping', signal })}\n`);
    gateway.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Under the supervisor an IPC channel links the two: if the supervisor dies, the gateway stops too.
  if (process.connected) process.on('disconnect', () => stop('supervisor gone'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof CompositionError) {
    process.stderr.write(`${e.name}: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
