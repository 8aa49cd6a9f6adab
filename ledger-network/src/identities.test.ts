import { createPrivateKey, createPublicKey, sign, verify, webcrypto, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { certificateAttributes, FABRIC_ATTRIBUTES_OID, issueUser, loadCryptogenCa } from './identities.js';
import type { CertificateAuthority } from './identities.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const CA_NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
const CA_NOT_AFTER = new Date('2036-01-01T00:00:00Z');

/** Writes a CA laid out as cryptogen does: `<dir>/ca.<domain>-cert.pem` and `<dir>/priv_sk` (PKCS#8). */
async function writeCa(dir: string): Promise<X509Certificate> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: 'C=US, ST=California, L=San Francisco, O=registry.test, OU=registry operator, CN=ca.registry.test',
      keys,
      notBefore: CA_NOT_BEFORE,
      notAfter: CA_NOT_AFTER,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  await writeFile(join(dir, 'ca.registry.test-cert.pem'), certificate.toString('pem'));
  await writeFile(join(dir, 'priv_sk'), x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'));
  return new X509Certificate(certificate.toString('pem'));
}

describe('issueUser', () => {
  let dir: string;
  let caCertificate: X509Certificate;
  let ca: CertificateAuthority;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mchd-ca-'));
    caCertificate = await writeCa(dir);
    ca = await loadCryptogenCa(dir);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('issues a registrar certificate signed by the CA that carries the mchd.role attribute', async () => {
    const registrar = await issueUser(ca, {
      commonName: 'registrar@registry.test',
      mspId: 'RegistryMSP',
      attributes: { 'mchd.role': 'registrar' },
      notBefore: new Date('2026-06-01T00:00:00Z'),
      validityDays: 30,
    });
    const certificate = new X509Certificate(registrar.certificatePem);
    expect(registrar.mspId).toBe('RegistryMSP');
    expect(certificate.checkIssued(caCertificate)).toBe(true);
    expect(certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.subject.split('\n')).toEqual(['O=registry.test', 'OU=client', 'CN=registrar@registry.test']);
    expect(certificate.ca).toBe(false);
    expect(certificate.validFrom).toBe('Jun  1 00:00:00 2026 GMT');
    expect(certificate.validTo).toBe('Jul  1 00:00:00 2026 GMT');
    expect(certificateAttributes(registrar.certificatePem)).toEqual({ 'mchd.role': 'registrar' });
    // The extension value is the raw JSON that fabric-shim's ClientIdentity parses.
    const extension = new x509.X509Certificate(registrar.certificatePem).getExtension(FABRIC_ATTRIBUTES_OID);
    expect(new TextDecoder().decode(extension?.value)).toBe('{"attrs":{"mchd.role":"registrar"}}');
  });

  it('returns a PKCS#8 P-256 key that belongs to the certificate', async () => {
    const reader = await issueUser(ca, {
      commonName: 'reader@registry.test',
      mspId: 'RegistryMSP',
      notBefore: new Date('2026-06-01T00:00:00Z'),
      validityDays: 30,
    });
    expect(reader.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const privateKey = createPrivateKey(reader.privateKeyPem);
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const signature = sign('sha256', Buffer.from('payload'), privateKey);
    const publicKey = createPublicKey(
      new X509Certificate(reader.certificatePem).publicKey.export({ format: 'pem', type: 'spki' }),
    );
    expect(verify('sha256', Buffer.from('payload'), publicKey, signature)).toBe(true);
    expect(certificateAttributes(reader.certificatePem)).toEqual({});
  });

  it('keeps the validity inside the CA validity (Fabric checks the chain at the leaf start)', async () => {
    const early = await issueUser(ca, {
      commonName: 'early@registry.test',
      mspId: 'RegistryMSP',
      notBefore: new Date('2025-06-01T00:00:00Z'),
      validityDays: 36500,
    });
    const certificate = new X509Certificate(early.certificatePem);
    expect(new Date(certificate.validFrom).getTime()).toBe(CA_NOT_BEFORE.getTime());
    expect(new Date(certificate.validTo).getTime()).toBe(CA_NOT_AFTER.getTime());
  });

  it('issues distinct keys and serial numbers', async () => {
    const spec = { commonName: 'u@registry.test', mspId: 'RegistryMSP', notBefore: CA_NOT_BEFORE, validityDays: 1 };
    const [a, b] = await Promise.all([issueUser(ca, spec), issueUser(ca, spec)]);
    expect(a.privateKeyPem).not.toBe(b.privateKeyPem);
    expect(new X509Certificate(a.certificatePem).serialNumber).not.toBe(
      new X509Certificate(b.certificatePem).serialNumber,
    );
  });

  it('rejects a directory without a CA', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mchd-ca-empty-'));
    try {
      await expect(loadCryptogenCa(empty)).rejects.toThrow(/holds no CA certificate/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
