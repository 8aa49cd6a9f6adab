/**
 * `mchd revoke GUID --reason TEXT [--application FILE.xml --sig FILE.sig] [--principal INN] [--url URL]
 * [--token JWT] [--json]`: revokes an MCHD through the gateway (`revokePowerOfAttorney`, ../shared/API.md), either
 * by a signed revocation application or as a registrar of the principal's organization.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readRevocationApplication } from '@mchd/format';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';
import { bearerToken, callGateway, guidArgument, innOption, parseGatewayCommandLine, reportErrors } from './status.js';

const USAGE =
  'usage: mchd revoke GUID --reason TEXT [--application FILE.xml --sig FILE.sig] [--principal INN] [--url URL] [--token JWT] [--json]';

const REVOKE_MUTATION = `mutation MchdRevoke($input: RevokePowerOfAttorneyInput!) {
  revokePowerOfAttorney(input: $input) { guid revokedAt transactionId blockNumber affected }
}`;

/** What `revokePowerOfAttorney` answers. */
interface Revoked {
  readonly guid: string;
  readonly revokedAt: string;
  readonly transactionId: string;
  readonly blockNumber: string | number;
  readonly affected: readonly string[];
}

async function readInput(io: CommandIo, path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(io.cwd, path)));
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/**
 * Runs `mchd revoke`. Exit 0 when the MCHD was revoked (the affected descendants are listed), 1 when the gateway
 * rejects the request (not found, forbidden, bad application or signature), 2 on usage or system errors. Without
 * `--token`/`MCHD_TOKEN` it uses a development `registrar` token for `--principal` (or, with an application, the
 * applicant's INN; else the MCHD's principals, looked up with a development `operator` token).
 *
 * @example
 * ```sh
 * npx mchd revoke 1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b --reason "Увольнение" --principal 7707083893
 * ```
 */
export const run: CommandRun = async (args: string[], io: CommandIo): Promise<number> => {
  const { gateway, options, positionals } = parseGatewayCommandLine(args, io, [
    'reason',
    'application',
    'sig',
    'principal',
  ]);
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}\n${USAGE}`);
  const guid = guidArgument(positionals[0], USAGE);
  const reason = options['reason'];
  if (!reason || reason.trim() === '') throw new UsageError(`--reason TEXT is required\n${USAGE}`);
  const principalInn = innOption('principal', options['principal']);
  const applicationPath = options['application'];
  const sigPath = options['sig'];
  if ((applicationPath === undefined) !== (sigPath === undefined)) {
    throw new UsageError('--application and --sig go together');
  }
  let application: Uint8Array | undefined;
  let signature: Uint8Array | undefined;
  if (applicationPath && sigPath) {
    application = await readInput(io, applicationPath, 'application');
    signature = await readInput(io, sigPath, 'signature');
  }
  const applicantInn = application ? readRevocationApplication(application).application?.applicant.inn : undefined;
  let orgs = [principalInn ?? applicantInn].filter((o): o is string => !!o);
  if (!gateway.token && orgs.length === 0) {
    // A development token needs the principal's organization: ask the registry (as an operator) whose MCHD it is.
    const lookup = await callGateway<{ powerOfAttorney: { principals: Array<{ inn: string }> } | null }>(
      gateway.url,
      await bearerToken(gateway, 'operator', []),
      'query MchdPrincipals($guid: GUID!) { powerOfAttorney(guid: $guid) { principals { inn } } }',
      { guid },
    );
    if (lookup.errors.length > 0) return reportErrors(io, gateway.json, lookup.errors);
    if (!lookup.data?.powerOfAttorney) {
      return reportErrors(io, gateway.json, [
        { code: 'NOT_FOUND', message: `power of attorney ${guid} is not registered` },
      ]);
    }
    orgs = lookup.data.powerOfAttorney.principals.map((p) => p.inn);
  }
  const token = await bearerToken(gateway, 'registrar', orgs);
  const answer = await callGateway<{ revokePowerOfAttorney: Revoked | null }>(gateway.url, token, REVOKE_MUTATION, {
    input: {
      guid,
      reason,
      ...(application && signature
        ? {
            application: Buffer.from(application).toString('base64'),
            signature: Buffer.from(signature).toString('base64'),
          }
        : {}),
    },
  });
  const revoked = answer.data?.revokePowerOfAttorney;
  if (answer.errors.length > 0 || !revoked) return reportErrors(io, gateway.json, answer.errors);
  const out = { ...revoked, blockNumber: String(revoked.blockNumber) };
  io.stdout(
    gateway.json
      ? `${JSON.stringify(out, null, 2)}\n`
      : [
          `REVOKED: ${out.guid} at ${out.revokedAt}`,
          `  transaction: ${out.transactionId}`,
          `  block:       ${out.blockNumber}`,
          `  affected:    ${out.affected.length ? out.affected.join(', ') : 'none'}`,
          '',
        ].join('\n'),
  );
  return ExitCode.OK;
};
