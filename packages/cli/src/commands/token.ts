import { parseArgs } from 'node:util';
import { issueDevelopmentToken, ROLES, type Role } from '@mchd/auth';
import { checkInn } from '@mchd/identifiers';
import { type CommandIo, ExitCode, UsageError } from '../command.js';

/**
 * `mchd token --role ROLE [--role ROLE…] [--org INN…] [--subject S] [--ttl SECONDS] [--data-dir DIR] [--json]`:
 * prints a bearer token signed with the development key of the data directory (`MCHD_DATA_DIR`, default
 * `./data`), for the locally running stack.
 *
 * @example
 * ```sh
 * npx mchd token --role registrar --org 7707083893
 * ```
 */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string', multiple: true },
      org: { type: 'string', multiple: true },
      subject: { type: 'string' },
      ttl: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const roles = (values.role ?? []).flatMap((r) => r.split(','));
  if (roles.length === 0) throw new UsageError(`--role is required (one of: ${ROLES.join(', ')})`);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UsageError(`unknown role "${unknown[0]}" (known: ${ROLES.join(', ')})`);
  const orgs = (values.org ?? []).flatMap((o) => o.split(','));
  const badOrg = orgs.find((o) => checkInn(o) !== null);
  if (badOrg) throw new UsageError(`--org "${badOrg}" is not a valid INN`);
  const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
  if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)) {
    throw new UsageError('--ttl must be a positive number of seconds');
  }
  const dataDir = values['data-dir'] ?? io.env['MCHD_DATA_DIR'] ?? './data';
  const token = await issueDevelopmentToken(
    { dataDir },
    { roles: roles as Role[], orgs, subject: values.subject, ttlSeconds },
  );
  io.stdout(values.json ? `${JSON.stringify({ token, roles, orgs })}\n` : `${token}\n`);
  return ExitCode.OK;
}
