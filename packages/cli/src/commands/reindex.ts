/**
 * `mchd reindex [--data-dir DIR] [--json]`: rebuilds the power-of-attorney subgraph's index from the ledger
 * (`LEDGER=embedded`, the default, or `fabric`), in its database (SQLite in the data directory, or PostgreSQL
 * with `DATABASE_URL`). The document store and the subscription event log are kept; events the log lacks are
 * appended. Stop the stack first: the embedded ledger is used by one process at a time.
 * Exit 0 when the index was rebuilt, 2 on usage errors or when the ledger or database cannot be opened.
 */
import { resolve } from 'node:path';
import { LedgerError } from '@mchd/ledger';
import {
  LedgerInUseError,
  openLedger,
  openPowerOfAttorneyDatabase,
  powerOfAttorneySettingsFromEnv,
  reindex,
} from '@mchd/power-of-attorney-subgraph';
import { ConfigError, loadSubgraphConfig } from '@mchd/subgraph-kit';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';

const USAGE = 'usage: mchd reindex [--data-dir DIR] [--json]';

function parseArgs(args: string[], io: CommandIo): { dataDir: string; json: boolean } {
  let dataDir = io.env['MCHD_DATA_DIR'] || 'data';
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--data-dir') {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError('--data-dir needs a value');
      dataDir = v;
    } else throw new UsageError(`unexpected argument ${a}\n${USAGE}`);
  }
  return { dataDir: resolve(io.cwd, dataDir), json };
}

/**
 * Runs `mchd reindex`.
 *
 * @example
 * ```ts
 * const code = await run(['--data-dir', './data', '--json'], io);
 * ```
 */
export const run: CommandRun = async (args, io) => {
  const { dataDir, json } = parseArgs(args, io);
  const env = { ...io.env, MCHD_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  let closeAll = async (): Promise<void> => undefined;
  try {
    const config = loadSubgraphConfig('power-of-attorney', 4003, env);
    const settings = powerOfAttorneySettingsFromEnv(env);
    const orm = await openPowerOfAttorneyDatabase(config);
    closeAll = () => orm.close(true);
    const { ledger } = await openLedger(config, settings, env);
    closeAll = async () => {
      await ledger.close();
      await orm.close(true);
    };
    const report = await reindex({ orm, ledger });
    if (json) io.stdout(`${JSON.stringify({ dataDir, ...report })}\n`);
    else {
      io.stdout(
        `index rebuilt: ${report.powersOfAttorney} powers of attorney from ${report.events} ledger events` +
          `${report.checkpoint ? ` (up to block ${report.checkpoint.blockNumber})` : ''}; ${report.expired} EXPIRED events logged\n`,
      );
    }
    return ExitCode.OK;
  } catch (e) {
    if (!(e instanceof LedgerError) && !(e instanceof ConfigError) && !(e instanceof LedgerInUseError)) throw e;
    if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: e.code, message: e.message } })}\n`);
    else io.stderr(`mchd reindex: ${e.message}\n`);
    return ExitCode.USAGE;
  } finally {
    await closeAll();
  }
};
