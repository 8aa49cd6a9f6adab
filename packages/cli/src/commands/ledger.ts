/**
 * `mchd ledger verify [--data-dir DIR] [--json]`: checks the embedded ledger's hash chain (and that its world state
 * is the replay of its blocks) and reports the first broken block. Exit 0 when the ledger checks out, 1 when it
 * does not, 2 on usage errors or when there is no ledger to check.
 */
import { resolve } from 'node:path';
import { LedgerError, embeddedLedgerDirectory, verifyLedger, type LedgerVerification } from '@mchd/ledger';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';

const USAGE = 'usage: mchd ledger verify [--data-dir DIR] [--json]';

interface Args {
  dataDir: string;
  json: boolean;
}

function parseArgs(args: string[], io: CommandIo): Args {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(sub ? `unknown subcommand "${sub}"\n${USAGE}` : USAGE);
  let dataDir = io.env['MCHD_DATA_DIR'] || 'data';
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--json') json = true;
    else if (a === '--data-dir') {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError('--data-dir needs a value');
      dataDir = v;
    } else throw new UsageError(`unexpected argument ${a}\n${USAGE}`);
  }
  return { dataDir: resolve(io.cwd, dataDir), json };
}

function describe(report: LedgerVerification): string {
  const size = `${report.blocks} blocks, ${report.transactions} transactions`;
  if (report.ok) return `ledger OK: ${size}, height ${report.height}\n`;
  if (report.firstBrokenBlock) {
    return `ledger BROKEN at block ${report.firstBrokenBlock.number}: ${report.firstBrokenBlock.reason} (${size} check out before it)\n`;
  }
  return `ledger BROKEN: state key ${report.stateMismatch?.key}: ${report.stateMismatch?.reason} (${size} check out)\n`;
}

/**
 * Runs `mchd ledger …`.
 *
 * @example
 * ```ts
 * const code = await run(['verify', '--data-dir', './data', '--json'], io);
 * ```
 */
export const run: CommandRun = async (args, io) => {
  const { dataDir, json } = parseArgs(args, io);
  const directory = embeddedLedgerDirectory(dataDir);
  let report: LedgerVerification;
  try {
    report = verifyLedger(directory);
  } catch (e) {
    if (!(e instanceof LedgerError)) throw e;
    if (json) io.stdout(JSON.stringify({ ok: false, directory, error: { code: e.code, message: e.message } }) + '\n');
    else io.stderr(`mchd ledger verify: ${e.message}\n`);
    return ExitCode.USAGE;
  }
  if (json) io.stdout(JSON.stringify({ directory, ...report }) + '\n');
  else io.stdout(describe(report));
  return report.ok ? ExitCode.OK : ExitCode.INVALID;
};
