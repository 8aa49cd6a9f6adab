import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A subgraph's compiled `main.js` running as its own process, for tests of `runMain`. */
export interface SubgraphProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when ended by a signal). */
  readonly exited: Promise<number | null>;
  /** What the process printed so far. */
  out(): string;
  err(): string;
  /** Resolves with the GraphQL URL from the `subgraph listening` log line; rejects if the process exits first. */
  listening(): Promise<string>;
}

/**
 * Starts a subgraph's compiled entry point with only `PATH` and the given variables in its environment.
 *
 * @example
 * ```ts
 * const p = spawnSubgraphMain(fileURLToPath(new URL('../dist/main.js', import.meta.url)), { PORT: '0' });
 * const url = await p.listening();
 * p.child.kill('SIGTERM');
 * expect(await p.exited).toBe(0);
 * ```
 */
export function spawnSubgraphMain(main: string, env: NodeJS.ProcessEnv): SubgraphProcess {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npx tsc -b\` first`);
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    listening: () =>
      new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const line = stdout.split('\n').find((l) => l.includes('subgraph listening'));
          if (!line) return;
          clearInterval(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }, 50);
        void exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`exited ${code}: ${stderr}`));
        });
      }),
  };
}
