import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { issueDevelopmentToken } from '@mchd/auth';
import { BuiltInCa } from '@mchd/certificate-subgraph';
import {
  buildPowerOfAttorneyXml,
  examplePowerOfAttorney,
  readPowerOfAttorney,
  type Individual,
  type PowerOfAttorneyDocument,
} from '@mchd/format';
import { signDetached } from '@mchd/pki';
import { demoOrganizations } from './demo.js';
import { postGraphQL } from './graphql-client.js';

/** The GUID of the demo MCHD (fixed, so that loading the demo twice finds it). */
export const DEMO_POWER_OF_ATTORNEY_GUID = '5d1f9a3e-7c2b-4e6a-9f80-2b4c6d8e0a13';

/**
 * Makes the trust directory of the demo: the certificate subgraph's built-in CA (created here first if needed, so
 * that the power-of-attorney subgraph finds it at start), plus every file of `MCHD_TRUST_DIR` when that is set.
 * Returns the directory, to be passed to the parts as their `MCHD_TRUST_DIR`.
 *
 * @example
 * ```ts
 * const trustDir = await prepareDemoTrust('./data', process.env.MCHD_TRUST_DIR);
 * ```
 */
export async function prepareDemoTrust(dataDir: string, userTrustDir?: string): Promise<string> {
  const ca = await BuiltInCa.open(dataDir, () => new Date());
  const dir = join(dataDir, 'demo-trust');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'mchd-built-in-ca.cer'), ca.certificate);
  if (userTrustDir) {
    for (const name of await readdir(userTrustDir)) await copyFile(join(userTrustDir, name), join(dir, name));
  }
  return dir;
}

const day = (d: Date, plusDays = 0): string => new Date(d.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Registers the demo MCHD through the gateway, as a client would: the parent company's director (acting without a
 * power of attorney) authorizes its chief accountant, signs with a GOST R 34.10-2012 certificate issued by the
 * built-in CA, and the registrar of the company submits document and signature. Does nothing when the demo MCHD is
 * already registered. Returns a one-line summary.
 *
 * @example
 * ```ts
 * await registerDemoPowerOfAttorney({ url: stack.url, dataDir: stack.dataDir });
 * ```
 */
export async function registerDemoPowerOfAttorney(target: { url: string; dataDir: string }): Promise<string> {
  const [parent] = demoOrganizations();
  const [director, accountant] = parent?.employees ?? [];
  if (!parent || !director || !accountant) throw new Error('demo data set has no parent company with employees');
  const auditor = await issueDevelopmentToken({ dataDir: target.dataDir }, { roles: ['auditor'], ttlSeconds: 600 });
  const found = await postGraphQL<{ powerOfAttorney: { guid: string } | null }>(
    target.url,
    auditor,
    'query($g: GUID!) { powerOfAttorney(guid: $g) { guid } }',
    { g: DEMO_POWER_OF_ATTORNEY_GUID },
  );
  if (found.powerOfAttorney) return `demo MCHD ${DEMO_POWER_OF_ATTORNEY_GUID} already registered`;

  const now = new Date();
  const template = examplePowerOfAttorney({
    seed: 1,
    guid: DEMO_POWER_OF_ATTORNEY_GUID,
    principalType: 'legalEntity',
    representativeType: 'person',
    redelegation: 'none',
    issuedOn: day(now),
    validUntil: day(now, 365),
  });
  const person = (p: typeof director, base: Individual | undefined): Individual => ({
    ...base,
    inn: p.inn,
    snils: p.snils,
    position: p.position,
    person: { ...base?.person, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName },
  });
  const legal = template.principals[0]?.legalEntity;
  const acting = legal?.actingWithoutPowerOfAttorney[0];
  const representative = template.representatives[0];
  if (!legal || !acting || !representative) throw new Error('the example MCHD lacks a legal-entity principal');
  const doc: PowerOfAttorneyDocument = {
    ...template,
    principals: [
      {
        ...template.principals[0]!,
        legalEntity: {
          ...legal,
          organization: {
            ...legal.organization,
            name: parent.name,
            inn: parent.inn,
            kpp: parent.kpp,
            ogrn: parent.ogrn,
          },
          actingWithoutPowerOfAttorney: [{ ...acting, individual: person(director, acting.individual) }],
        },
      },
    ],
    representatives: [{ ...representative, person: person(accountant, representative.person) }],
  };
  const xml = buildPowerOfAttorneyXml(doc);
  const check = readPowerOfAttorney(xml);
  if (!check.valid) throw new Error(`demo MCHD does not validate: ${JSON.stringify(check.errors)}`);

  const ca = await BuiltInCa.open(target.dataDir, () => now);
  const signer = await ca.ca.issueEndEntity({
    algorithm: 'gost256',
    subject: {
      commonName: `${director.lastName} ${director.firstName} ${director.middleName}`,
      surname: director.lastName,
      givenName: `${director.firstName} ${director.middleName}`,
      title: director.position,
      inn: director.inn,
      snils: director.snils,
      organization: parent.name,
      innLe: parent.inn,
      ogrn: parent.ogrn,
      country: 'RU',
    },
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 365 * 86_400_000),
  });
  if (!signer.privateKey) throw new Error('the built-in CA issued no private key');
  const signature = await signDetached({
    content: xml,
    certificate: signer.certificate,
    privateKey: signer.privateKey,
    signingTime: now,
  });
  const registrar = await issueDevelopmentToken(
    { dataDir: target.dataDir },
    { roles: ['registrar'], orgs: [parent.inn], ttlSeconds: 600 },
  );
  const registered = await postGraphQL<{ registerPowerOfAttorney: { guid: string; blockNumber: number } }>(
    target.url,
    registrar,
    'mutation($d: Base64!, $s: Base64!) { registerPowerOfAttorney(input: { document: $d, signature: $s }) { guid blockNumber } }',
    { d: Buffer.from(xml).toString('base64'), s: Buffer.from(signature).toString('base64') },
  );
  const r = registered.registerPowerOfAttorney;
  return `demo MCHD ${r.guid} registered in block ${r.blockNumber} (${parent.name} → ${accountant.lastName})`;
}
