import { type CommandIo, type CommandRun, ExitCode, UsageError } from './command.js';

const USAGE = `usage: mchd <command> [options]

commands:
  inspect FILE.xml [--json]                 parse and validate an MCHD offline
  verify FILE.xml --sig FILE.sig [--at T] [--trust DIR] [--json]
  token --role ROLE [--org INN] [--json]    a development bearer token
  register FILE.xml --sig FILE.sig          register an MCHD through the gateway
  status GUID --principal INN               check an MCHD's status
  revoke GUID --reason TEXT                 revoke an MCHD
  watch [--principal INN]                   follow status events
  import-employees FILE.csv --org INN       bulk-import employees
  ledger verify                             check the embedded ledger's hash chain
  reindex                                   rebuild the power-of-attorney index from the ledger
`;

/** Each subcommand's module, loaded only when called (so `mchd token` does not load the ledger). */
const COMMANDS: Record<string, () => Promise<{ run: CommandRun }>> = {
  inspect: () => import('./commands/inspect.js'),
  verify: () => import('./commands/verify.js'),
  token: () => import('./commands/token.js'),
  ledger: () => import('./commands/ledger.js'),
  'import-employees': () => import('./commands/import-employees.js'),
  register: () => import('./commands/register.js'),
  status: () => import('./commands/status.js'),
  revoke: () => import('./commands/revoke.js'),
  watch: () => import('./commands/watch.js'),
  reindex: () => import('./commands/reindex.js'),
};

/**
 * Runs the `mchd` command line: finds `commands/<name>.js` and calls its `run`.
 *
 * @example
 * ```ts
 * const code = await main(['inspect', 'doc.xml', '--json']);
 * ```
 */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? ExitCode.OK : ExitCode.USAGE;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`mchd: unknown command "${name}"\n${USAGE}`);
    return ExitCode.USAGE;
  }
  const { run } = await load();
  try {
    return await run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`mchd ${name}: ${e.message}\n`);
      return ExitCode.USAGE;
    }
    io.stderr(`mchd ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.USAGE;
  }
}

function processIo(): CommandIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}

const isEntry = process.argv[1] && /mchd(\.js)?$|main\.js$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mchd: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = ExitCode.USAGE;
    },
  );
}
