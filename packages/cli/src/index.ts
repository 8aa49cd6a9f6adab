export { main } from './main.js';
export { ExitCode, UsageError, type CommandIo, type CommandRun } from './command.js';
