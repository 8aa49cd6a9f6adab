/**
 * `mchd register FILE.xml --sig FILE.sig [--url URL] [--token JWT] [--json]`: registers an MCHD through the gateway
 * (`registerPowerOfAttorney`, ../shared/API.md) and prints its GUID, transaction id and block number.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readPowerOfAttorney, summarizeDocument } from '@mchd/format';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';
import { bearerToken, callGateway, parseGatewayCommandLine, reportErrors } from './status.js';

const USAGE = 'usage: mchd register FILE.xml --sig FILE.sig [--url URL] [--token JWT] [--json]';

const REGISTER_MUTATION = `mutation MchdRegister($input: RegisterPowerOfAttorneyInput!) {
  registerPowerOfAttorney(input: $input) { guid status transactionId blockNumber alreadyRegistered }
}`;

/** What `registerPowerOfAttorney` answers. */
interface Registered {
  readonly guid: string;
  readonly status: string;
  readonly transactionId: string;
  readonly blockNumber: string | number;
  /** True when the same document and signature were registered before (nothing changed). */
  readonly alreadyRegistered?: boolean;
}

async function readInput(io: CommandIo, path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(io.cwd, path)));
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** INNs of the document's principals (for a re-delegation, the root's), read offline; empty when unreadable. */
function principalInns(xml: Uint8Array): string[] {
  const read = readPowerOfAttorney(xml);
  if (!read.document) return [];
  return summarizeDocument(read.document)
    .principals.map((p) => p.inn)
    .filter((inn): inn is string => typeof inn === 'string' && inn.length > 0);
}

/**
 * Runs `mchd register`. Exit 0 when the MCHD was registered (also when the same document and signature were
 * registered before: `alreadyRegistered`), 1 when the gateway rejects the document or signature
 * (its code and XML path are printed), 2 on usage or system errors. Without `--token`/`MCHD_TOKEN` it uses a
 * development `registrar` token for the document's principal organization(s).
 *
 * @example
 * ```sh
 * npx mchd register poa.xml --sig poa.xml.sig --json
 * ```
 */
export const run: CommandRun = async (args: string[], io: CommandIo): Promise<number> => {
  const { gateway, options, positionals } = parseGatewayCommandLine(args, io, ['sig']);
  const [file, extra] = positionals;
  if (!file) throw new UsageError(USAGE);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}\n${USAGE}`);
  const sigPath = options['sig'];
  if (!sigPath) throw new UsageError(`--sig FILE.sig is required\n${USAGE}`);
  const xml = await readInput(io, file, 'document');
  const signature = await readInput(io, sigPath, 'signature');
  const token = await bearerToken(gateway, 'registrar', principalInns(xml));
  const answer = await callGateway<{ registerPowerOfAttorney: Registered | null }>(
    gateway.url,
    token,
    REGISTER_MUTATION,
    {
      input: { document: Buffer.from(xml).toString('base64'), signature: Buffer.from(signature).toString('base64') },
    },
  );
  const registered = answer.data?.registerPowerOfAttorney;
  if (answer.errors.length > 0 || !registered) return reportErrors(io, gateway.json, answer.errors);
  const out = {
    guid: registered.guid,
    status: registered.status,
    transactionId: registered.transactionId,
    blockNumber: String(registered.blockNumber),
    alreadyRegistered: registered.alreadyRegistered === true,
  };
  io.stdout(
    gateway.json
      ? `${JSON.stringify(out, null, 2)}\n`
      : `${out.alreadyRegistered ? 'ALREADY REGISTERED' : 'REGISTERED'}: ${out.guid} (${out.status})\n  transaction: ${out.transactionId}\n  block:       ${out.blockNumber}\n`,
  );
  return ExitCode.OK;
};
