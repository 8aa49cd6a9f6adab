/**
 * One `mchd` subcommand: a module under `commands/` whose file name is the subcommand and which exports `run`.
 * Exit codes (../shared/API.md): 0 the answer is positive, 1 the input is invalid, 2 usage or system error.
 */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Exit codes shared by every subcommand. */
export const ExitCode = { OK: 0, INVALID: 1, USAGE: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage problem: reported on stderr with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The signature every `commands/<name>.ts` module exports as `run`. */
export type CommandRun = (args: string[], io: CommandIo) => Promise<number>;
