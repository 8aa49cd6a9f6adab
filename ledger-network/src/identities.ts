import { webcrypto } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as x509 from '@peculiar/x509';

import type { FabricIdentity } from './settings.js';

/** OID under which Fabric CA stores attributes in a certificate (value: `{"attrs":{...}}` as raw JSON). */
export const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';
/** Attribute the contract checks before accepting a write. */
export const REGISTRAR_ROLE_ATTRIBUTE = 'mchd.role';
export const REGISTRAR_ROLE = 'registrar';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A user to issue with an organization's CA. */
export interface UserSpec {
  /** Common name of the user, e.g. `registrar@registry.mchd.local`. */
  commonName: string;
  mspId: string;
  /** Fabric CA attributes to embed (`{ 'mchd.role': 'registrar' }`); none when omitted. */
  attributes?: Record<string, string>;
  /** Start of validity (the caller's clock); moved to the CA's own start when earlier. */
  notBefore: Date;
  /** Validity in days from `notBefore`. */
  validityDays: number;
}

/** An organization CA as written by cryptogen: `<ca dir>/<name>-cert.pem` and `<ca dir>/priv_sk` (PKCS#8). */
export interface CertificateAuthority {
  certificate: x509.X509Certificate;
  privateKey: webcrypto.CryptoKey;
}

/** Loads the CA that cryptogen generated for an organization. */
export async function loadCryptogenCa(caDir: string): Promise<CertificateAuthority> {
  const files = await readdir(caDir);
  const certFile = files.find((file) => file.endsWith('-cert.pem'));
  const keyFile = files.find((file) => file === 'priv_sk') ?? files.find((file) => file.endsWith('_sk'));
  if (!certFile || !keyFile) throw new Error(`${caDir} holds no CA certificate and key`);
  const certificate = new x509.X509Certificate(await readFile(join(caDir, certFile), 'utf8'));
  const keyPem = await readFile(join(caDir, keyFile), 'utf8');
  const privateKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(keyPem), EC_P256, false, [
    'sign',
  ]);
  return { certificate, privateKey };
}

/**
 * Issues a client certificate signed by `ca`, with a fresh ECDSA P-256 key. The subject carries `OU=client`
 * (Fabric NodeOUs classify it as a client) and, when given, Fabric CA attributes under
 * {@link FABRIC_ATTRIBUTES_OID} — what `ctx.clientIdentity.getAttributeValue()` reads in chaincode.
 *
 * @example
 * ```ts
 * const ca = await loadCryptogenCa('crypto/peerOrganizations/registry.mchd.local/ca');
 * const registrar = await issueUser(ca, {
 *   commonName: 'registrar@registry.mchd.local', mspId: 'RegistryMSP',
 *   attributes: { 'mchd.role': 'registrar' }, notBefore: new Date(), validityDays: 3650,
 * });
 * ```
 */
export async function issueUser(ca: CertificateAuthority, spec: UserSpec): Promise<FabricIdentity> {
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
  ];
  if (caKeyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(caKeyId));
  if (spec.attributes && Object.keys(spec.attributes).length > 0) {
    const value = new TextEncoder().encode(JSON.stringify({ attrs: spec.attributes }));
    extensions.push(new x509.Extension(FABRIC_ATTRIBUTES_OID, false, value));
  }
  const organization = ca.certificate.subjectName.getField('O')[0] ?? spec.mspId;
  // Fabric's MSP validates the whole chain at the leaf's notBefore + 1 s (not at the current time), so the leaf's
  // validity must lie inside the CA's.
  const caNotBefore = ca.certificate.notBefore.getTime();
  const caNotAfter = ca.certificate.notAfter.getTime();
  const notBefore = new Date(Math.max(spec.notBefore.getTime(), caNotBefore));
  const notAfter = new Date(Math.min(notBefore.getTime() + spec.validityDays * 86_400_000, caNotAfter));
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
        .toString('hex')
        .replace(/^[89a-f]/, '1'), // keep the serial positive
      // The issuer must be byte-identical to the CA's subject: chain building compares the encoded names.
      issuer: ca.certificate.subjectName,
      subject: [{ O: [organization] }, { OU: ['client'] }, { CN: [spec.commonName] }],
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: ca.privateKey,
      signingAlgorithm: SIGNING,
      extensions,
    },
    webcrypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    mspId: spec.mspId,
    certificatePem: certificate.toString('pem'),
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

/** Fabric CA attributes of a certificate (`{}` when it has none). */
export function certificateAttributes(certificatePem: string): Record<string, string> {
  const extension = new x509.X509Certificate(certificatePem).getExtension(FABRIC_ATTRIBUTES_OID);
  if (!extension) return {};
  const parsed = JSON.parse(new TextDecoder().decode(extension.value)) as { attrs?: Record<string, string> };
  return parsed.attrs ?? {};
}
