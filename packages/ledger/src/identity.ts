import { randomBytes, webcrypto } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { LedgerIdentity } from './ledger.js';

/** OID of the Fabric CA attribute extension: its value is JSON `{"attrs":{…}}`. */
export const FABRIC_ATTRIBUTE_OID = '1.2.3.4.5.6.7.8.1';

/** Options of {@link createDevelopmentIdentity}. */
export interface DevelopmentIdentityOptions {
  readonly mspId: string;
  /** Common name of the certificate, e.g. `registrar@registry`. */
  readonly commonName: string;
  /** Fabric CA-style attributes, e.g. `{ 'mchd.role': 'registrar' }`. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Signs the certificate; self-signed when absent. */
  readonly issuer?: { readonly certificatePem: string; readonly privateKeyPem: string };
  /** Validity start (default now − 1 day) and length in days (default 3650). */
  readonly notBefore?: Date;
  readonly days?: number;
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * Makes an ECDSA P-256 identity whose certificate carries Fabric CA attributes — what the embedded ledger's
 * contract reads through `ctx.clientIdentity` exactly as on Fabric. For development and tests; production Fabric
 * identities come from the network's CAs.
 *
 * @example
 * ```ts
 * const registrar = await createDevelopmentIdentity({
 *   mspId: 'RegistryMSP', commonName: 'registrar', attributes: { 'mchd.role': 'registrar' },
 * });
 * await ledger.register(metadata, registrar);
 * ```
 */
export async function createDevelopmentIdentity(options: DevelopmentIdentityOptions): Promise<LedgerIdentity> {
  const keys = (await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
  ];
  if (options.attributes && Object.keys(options.attributes).length > 0) {
    const value = new TextEncoder().encode(JSON.stringify({ attrs: options.attributes }));
    extensions.push(new x509.Extension(FABRIC_ATTRIBUTE_OID, false, value));
  }
  const notBefore = options.notBefore ?? new Date(Date.now() - 86_400_000);
  const notAfter = new Date(notBefore.getTime() + (options.days ?? 3650) * 86_400_000);
  const name = `CN=${options.commonName}, OU=client, O=${options.mspId}`;
  const serialNumber = randomBytes(16)
    .toString('hex')
    .replace(/^[89a-f]/, '1');
  let certificate: x509.X509Certificate;
  if (options.issuer) {
    const issuerCert = new x509.X509Certificate(options.issuer.certificatePem);
    const issuerKey = await importPkcs8(options.issuer.privateKeyPem);
    certificate = await x509.X509CertificateGenerator.create({
      serialNumber,
      subject: name,
      issuer: issuerCert.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: issuerKey,
      signingAlgorithm: SIGNING,
      extensions,
    });
  } else {
    certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber,
      name,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: SIGNING,
      extensions,
    });
  }
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    mspId: options.mspId,
    certificatePem: certificate.toString('pem') + '\n',
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
  };
}

async function importPkcs8(pem: string): Promise<webcrypto.CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  if (!der) throw new Error('no PEM block in the private key');
  return webcrypto.subtle.importKey('pkcs8', der, ECDSA, false, ['sign']);
}

/** The identity names a deployment offers, the same for the embedded node and Fabric. */
export type IdentityName = 'registry.registrar' | 'registry.reader' | 'operator.registrar' | 'operator.reader';

/**
 * Development identities of the embedded ledger, made once and kept in `file` (JSON): a registrar and a reader for
 * each of the registry operator (`RegistryMSP`) and the EDO operator (`OperatorMSP`) — the same names that
 * `@mchd/ledger-network` gives the Fabric network's identities.
 *
 * @example
 * ```ts
 * const ids = await loadDevelopmentIdentities('./data/ledger/identities.json');
 * await ledger.register(metadata, ids['registry.registrar']);
 * ```
 */
export async function loadDevelopmentIdentities(file: string): Promise<Record<IdentityName, LedgerIdentity>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<IdentityName, LedgerIdentity>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const make = (mspId: string, org: string, role?: string) =>
    createDevelopmentIdentity({
      mspId,
      commonName: `${role ?? 'reader'}@${org}`,
      ...(role ? { attributes: { 'mchd.role': role } } : {}),
    });
  const identities: Record<IdentityName, LedgerIdentity> = {
    'registry.registrar': await make('RegistryMSP', 'registry', 'registrar'),
    'registry.reader': await make('RegistryMSP', 'registry'),
    'operator.registrar': await make('OperatorMSP', 'operator', 'registrar'),
    'operator.reader': await make('OperatorMSP', 'operator'),
  };
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(identities, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
  return identities;
}

/**
 * MSP roots that admit exactly the given identities (each self-signed development certificate is its own root), for
 * the embedded node's `msps` option.
 *
 * @example
 * ```ts
 * const ids = await loadDevelopmentIdentities(file);
 * const ledger = await EmbeddedLedger.open({ directory, msps: developmentMsps(Object.values(ids)) });
 * ```
 */
export function developmentMsps(identities: readonly LedgerIdentity[]): Record<string, string[]> {
  const msps: Record<string, string[]> = {};
  for (const id of identities) (msps[id.mspId] ??= []).push(id.certificatePem);
  return msps;
}
