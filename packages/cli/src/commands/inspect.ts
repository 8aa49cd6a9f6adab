/**
 * `mchd inspect FILE.xml [--json]`: parse and validate a power of attorney offline (../shared/API.md). The file
 * name must equal ИдФайл (with `.xml`), as real validators require; the JSON is
 * `{ valid, format, errors: [{ code, path, message }], document }`.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { inspectReport, readPowerOfAttorney, type InspectReport } from '@mchd/format';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';

const USAGE = 'usage: mchd inspect FILE.xml [--json]';

function parseArgs(args: string[]): { file: string; json: boolean } {
  let file: string | undefined;
  let json = false;
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument ${a}\n${USAGE}`);
  }
  if (!file) throw new UsageError(USAGE);
  return { file, json };
}

function human(r: InspectReport, file: string): string {
  const lines = [`${file}: ${r.valid ? 'valid' : 'INVALID'} (${r.format ?? 'unknown format'})`];
  const d = r.document;
  if (d) {
    lines.push(`  GUID:            ${d.guid ?? '—'}`);
    lines.push(`  internal number: ${d.internalNumber ?? '—'}`);
    lines.push(`  valid:           ${d.issuedOn} … ${d.validUntil}`);
    lines.push(
      `  re-delegation:   ${d.redelegation}${d.rootGuid ? ` (root ${d.rootGuid}, parent ${d.parentGuid})` : ''}`,
    );
    for (const p of d.principals) {
      lines.push(`  principal:       ${p.type} ${p.name ?? ''} INN ${p.inn ?? '—'}${p.kpp ? ` KPP ${p.kpp}` : ''}`);
      for (const s of p.signatories) {
        lines.push(
          `    signatory:     ${[s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ')}${s.position ? `, ${s.position}` : ''}`,
        );
      }
    }
    for (const p of d.representatives) {
      const name = [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
      lines.push(`  representative:  ${p.type} ${name} INN ${p.inn ?? '—'}${p.snils ? ` SNILS ${p.snils}` : ''}`);
    }
    for (const p of d.powers) lines.push(`  power:           ${p.code ?? '(text)'} ${p.name}`);
  }
  for (const e of r.errors) lines.push(`  ${e.code} at ${e.path}: ${e.message}`);
  return lines.join('\n') + '\n';
}

/**
 * Runs `mchd inspect`.
 *
 * @example
 * ```ts
 * const code = await run(['ON_EMCHD_….xml', '--json'], io); // 0 valid, 1 invalid, 2 usage or unreadable file
 * ```
 */
export const run: CommandRun = async (args: string[], io: CommandIo): Promise<number> => {
  const { file, json } = parseArgs(args);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(resolve(io.cwd, file)));
  } catch (e) {
    io.stderr(`mchd inspect: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return ExitCode.USAGE;
  }
  const report = inspectReport(readPowerOfAttorney(bytes, { fileName: basename(file) }));
  io.stdout(json ? JSON.stringify(report) + '\n' : human(report, file));
  return report.valid ? ExitCode.OK : ExitCode.INVALID;
};
