import { execFile } from 'node:child_process';

import { FabricCommandError } from './errors.js';

/** Result of a finished command. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to completion (no shell) and returns its output.
 *
 * @throws {@link FabricCommandError} with the program's output when it exits with a non-zero status.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const exitCode = typeof error.code === 'number' ? error.code : null;
          const name = [file.split('/').pop() ?? file, ...args.slice(0, 3)].join(' ');
          reject(new FabricCommandError(name, exitCode, `${stderr}\n${stdout}\n${error.message}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}
