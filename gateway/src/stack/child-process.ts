import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { StackPart } from './parts.js';

/** A supervised child: restarted with back-off when it dies while the stack is running. */
export interface SupervisedChild {
  readonly part: StackPart;
  /** The current process (changes after a restart). */
  readonly process: ChildProcess;
  /** Asks the process to stop (SIGTERM), then kills it after `graceMs`. Resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_RESTARTS_PER_MINUTE = 5;

/**
 * Starts a part of the stack as its own Node.js process; every line it prints is passed to `log` prefixed by the
 * part's name. If it exits while not being stopped it is restarted (at most five times a minute; then it stays
 * down and `onGiveUp` is called).
 *
 * @example
 * ```ts
 * const child = superviseChild(SUBGRAPH_PARTS[0], { PORT: '4001' }, console.log);
 * await child.stop();
 * ```
 */
export function superviseChild(
  part: StackPart,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  onGiveUp: (part: StackPart, code: number | null) => void = () => undefined,
): SupervisedChild {
  let stopping = false;
  const restarts: number[] = [];
  let current = launch();
  let exited = waitForExit(current);

  function launch(): ChildProcess {
    const child = spawn(process.execPath, [part.entry], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const prefix = `[${part.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => log(prefix + line));
    }
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && (restarts[0] ?? now) < now - 60_000) restarts.shift();
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        log(`${prefix}exited (code ${code}, signal ${signal}); restarted too often, giving up`);
        onGiveUp(part, code);
        return;
      }
      const delay = 250 * 2 ** (restarts.length - 1);
      log(`${prefix}exited (code ${code}, signal ${signal}); restarting in ${delay} ms`);
      setTimeout(() => {
        if (stopping) return;
        current = launch();
        exited = waitForExit(current);
      }, delay).unref();
    });
    return child;
  }

  return {
    part,
    get process() {
      return current;
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      if (current.exitCode !== null || current.signalCode !== null) return;
      current.kill('SIGTERM');
      const timer = setTimeout(() => current.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
