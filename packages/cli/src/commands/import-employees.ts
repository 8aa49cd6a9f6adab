/**
 * `mchd import-employees FILE.csv --org INN [--data-dir DIR] [--json]`: bulk-imports employees of a registered
 * organization straight through the person subgraph's service layer into its database (SQLite in the data
 * directory, or PostgreSQL when `DATABASE_URL` is set), with a progress bar and a per-row error report.
 * Idempotent: people are matched by INN, else SNILS; employments by person and organization.
 *
 * CSV: a header row naming the columns `lastName, firstName, middleName, inn, snils, birthDate, position,
 * hiredOn` and optionally `documentType, documentSeries, documentNumber, documentIssuedBy, documentIssuedOn`;
 * comma or semicolon separated, UTF-8 (with or without BOM), dates `YYYY-MM-DD`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  importEmployees,
  openPersonDatabase,
  OrganizationNotFoundError,
  type EmployeeRecord,
  type ImportReport,
} from '@mchd/person-subgraph';
import { SubgraphError } from '@mchd/subgraph-kit';
import { SingleBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';

const USAGE = 'usage: mchd import-employees FILE.csv --org INN [--data-dir DIR] [--json]';

/** The columns the CSV may have. */
export const EMPLOYEE_COLUMNS = [
  'lastName',
  'firstName',
  'middleName',
  'inn',
  'snils',
  'birthDate',
  'position',
  'hiredOn',
  'documentType',
  'documentSeries',
  'documentNumber',
  'documentIssuedBy',
  'documentIssuedOn',
] as const;

interface Args {
  file: string;
  org: string;
  dataDir: string | undefined;
  json: boolean;
}

function parseArgs(args: string[]): Args {
  let file: string | undefined;
  let org: string | undefined;
  let dataDir: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--org' || a === '--data-dir') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${a} needs a value\n${USAGE}`);
      if (a === '--org') org = value;
      else dataDir = value;
      i += 1;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument ${a}\n${USAGE}`);
  }
  if (!file || !org) throw new UsageError(USAGE);
  return { file, org, dataDir, json };
}

/** Parses the CSV into records and their line numbers; a bad header is a usage error. */
export function parseEmployeeCsv(text: string): { records: EmployeeRecord[]; lines: number[] } {
  const rows = parse(text, {
    bom: true,
    delimiter: [',', ';'],
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim());
      const unknown = names.filter((n) => !(EMPLOYEE_COLUMNS as readonly string[]).includes(n));
      if (unknown.length > 0)
        throw new UsageError(`unknown CSV column(s): ${unknown.join(', ')}; known: ${EMPLOYEE_COLUMNS.join(', ')}`);
      for (const required of ['lastName', 'firstName', 'position', 'hiredOn']) {
        if (!names.includes(required)) throw new UsageError(`the CSV header lacks the column ${required}`);
      }
      return names;
    },
    trim: true,
    skip_empty_lines: true,
    relax_column_count: false,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  return { records: rows.map((r) => r.record as EmployeeRecord), lines: rows.map((r) => r.info.lines) };
}

function human(report: ImportReport, file: string): string {
  const lines = [
    `${file}: ${report.rows} rows for organization ${report.organizationInn}: ${report.created} created, ` +
      `${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed`,
  ];
  for (const e of report.errors)
    lines.push(`  row ${e.row}${e.column ? `, column ${e.column}` : ''}: ${e.code} ${e.message}`);
  return lines.join('\n') + '\n';
}

/**
 * Runs `mchd import-employees`. Exit code 0 when every row was imported, 1 when a row (or the organization's
 * INN) was invalid, 2 on usage or system errors.
 *
 * @example
 * ```ts
 * const code = await run(['staff.csv', '--org', '7707083893', '--json'], io);
 * ```
 */
export const run: CommandRun = async (argv: string[], io: CommandIo): Promise<number> => {
  const args = parseArgs(argv);
  const file = path.resolve(io.cwd, args.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${args.file}: ${(e as Error).message}`);
  }
  let parsed: { records: EmployeeRecord[]; lines: number[] };
  try {
    parsed = parseEmployeeCsv(text);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const message = `${args.file} is not valid CSV: ${(e as Error).message}`;
    if (args.json) io.stdout(JSON.stringify({ error: { code: 'CSV_MALFORMED', message } }) + '\n');
    else io.stderr(`mchd import-employees: ${message}\n`);
    return ExitCode.INVALID;
  }
  const databaseUrl = io.env.DATABASE_URL?.trim() || undefined;
  const dataDir = path.resolve(io.cwd, args.dataDir ?? (io.env.MCHD_DATA_DIR?.trim() || './data'));
  const db = await openPersonDatabase({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  const bar =
    !args.json && process.stderr.isTTY
      ? new SingleBar(
          { format: 'importing [{bar}] {value}/{total} rows', stream: process.stderr },
          Presets.shades_classic,
        )
      : null;
  try {
    bar?.start(parsed.records.length, 0);
    const report = await importEmployees(db, args.org, parsed.records, {
      rowNumber: (i) => parsed.lines[i] ?? i + 2,
      onRow: () => bar?.increment(),
    });
    bar?.stop();
    io.stdout(args.json ? JSON.stringify(report) + '\n' : human(report, args.file));
    return report.failed === 0 ? ExitCode.OK : ExitCode.INVALID;
  } catch (e) {
    bar?.stop();
    if (e instanceof OrganizationNotFoundError || (e instanceof SubgraphError && e.code === 'INVALID_IDENTIFIER')) {
      const error = { code: e.code, message: e.message };
      if (args.json) io.stdout(JSON.stringify({ error }) + '\n');
      else io.stderr(`mchd import-employees: ${e.message}\n`);
      return ExitCode.INVALID;
    }
    throw e;
  } finally {
    await db.close();
  }
};
