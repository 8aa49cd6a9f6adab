import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './algorithms.js';
import { parseCertificate } from './certificate.js';
import { PkiError } from './errors.js';
import { PrivateKey, generateKeyPair, type KeyAlgorithm } from './keys.js';
import { OID } from './oids.js';
import { TestCa, createCsr, readCsr } from './test-ca.js';
import { toPem } from './der.js';

const clock = () => new Date('2026-03-01T09:00:00Z');
const subject = {
  commonName: 'Петрова Анна Сергеевна',
  surname: 'Петрова',
  givenName: 'Анна Сергеевна',
  title: 'Главный бухгалтер',
  organization: 'АО "Север"',
  inn: '500100732259',
  innLe: '7707083893',
  snils: '11223344595',
  ogrn: '1027700132195',
};

describe('test CA certificates', () => {
  it('issues certificates whose Russian attributes, usages and fingerprints parse back', async () => {
    const ca = await TestCa.create({
      algorithm: 'gost256',
      name: 'УЦ Тест',
      clock,
      qualified: true,
      crlUrl: 'http://crl.example/test.crl',
    });
    const sub = await ca.issueIntermediate({ name: 'Подчинённый УЦ', crlUrl: 'http://crl.example/sub.crl' });
    const ee = await sub.issueEndEntity({
      subject,
      privateKeyUsagePeriod: {
        notBefore: new Date('2026-02-28T00:00:00Z'),
        notAfter: new Date('2027-02-28T00:00:00Z'),
      },
    });
    const info = parseCertificate(ee.certificate);
    expect(info).toMatchObject({
      inn: '500100732259',
      innLe: '7707083893',
      snils: '11223344595',
      ogrn: '1027700132195',
      isCa: false,
      qualified: true,
      publicKeyAlgorithm: 'GOST R 34.10-2012 256 (cryptopro-a)',
      signatureAlgorithm: OID.signWithGost3411_2012_256,
      crlDistributionPoints: ['http://crl.example/sub.crl'],
    });
    expect(info.subjectName).toMatchObject({
      commonName: subject.commonName,
      surname: 'Петрова',
      givenName: 'Анна Сергеевна',
      title: 'Главный бухгалтер',
      organization: 'АО "Север"',
    });
    expect(info.subject).toMatch(/^CN=Петрова Анна Сергеевна, INN=500100732259, SNILS=11223344595/);
    expect(info.issuerName.commonName).toBe('Подчинённый УЦ');
    expect(info.thumbprint).toBe(createHash('sha1').update(ee.certificate).digest('hex').toUpperCase());
    expect(info.sha256).toBe(createHash('sha256').update(ee.certificate).digest('hex').toUpperCase());
    expect(info.keyUsage).toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment']);
    expect(info.extendedKeyUsage).toEqual([OID.ekuClientAuth, OID.ekuEmailProtection]);
    expect(info.privateKeyUsagePeriod?.notAfter?.toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(info.serialNumber).toMatch(/^[0-9A-F]{32}$/);
    const caInfo = parseCertificate(ca.certificate);
    expect(caInfo.isCa).toBe(true);
    expect(caInfo.selfIssued).toBe(true);
    expect(caInfo.keyUsage).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(sub.info.pathLength).toBe(0);
    // PEM and base64 read the same.
    expect(parseCertificate(new TextEncoder().encode(toPem('CERTIFICATE', ee.certificate))).thumbprint).toBe(
      info.thumbprint,
    );
    expect(parseCertificate(new TextEncoder().encode(Buffer.from(ee.certificate).toString('base64'))).thumbprint).toBe(
      info.thumbprint,
    );
  });

  it('is deterministic for GOST and ECDSA given seed and clock', async () => {
    for (const algorithm of ['gost256', 'gost512', 'ecdsa-p256'] as const) {
      const a = await TestCa.create({ algorithm, name: 'Det', clock });
      const b = await TestCa.create({ algorithm, name: 'Det', clock });
      expect(Buffer.from(a.certificate).equals(Buffer.from(b.certificate))).toBe(true);
      const ea = await a.issueEndEntity({ subject });
      const eb = await b.issueEndEntity({ subject });
      expect(ea.info.thumbprint).toBe(eb.info.thumbprint);
    }
  });

  it('reads old certificates that put a legal INN as 00+10 digits into the INN attribute', async () => {
    const ca = await TestCa.create({ algorithm: 'ecdsa-p256', name: 'Legacy', clock });
    const ee = await ca.issueEndEntity({
      subject: { commonName: 'ООО Старт', inn: '007707083893', ogrn: '1027700132195' },
    });
    expect(ee.info.inn).toBeUndefined();
    expect(ee.info.innLe).toBe('7707083893');
  });

  it('rejects bytes that are not a certificate with CERTIFICATE_MALFORMED', () => {
    for (const bad of [new Uint8Array(0), Uint8Array.of(0x30, 0x00), new TextEncoder().encode('hello')]) {
      expect(() => parseCertificate(bad)).toThrow(PkiError);
      try {
        parseCertificate(bad);
      } catch (e) {
        expect((e as PkiError).code).toBe('CERTIFICATE_MALFORMED');
      }
    }
  });
});

describe('TestCa.load', () => {
  it('restores a CA from its certificate and PEM key and keeps issuing verifiable certificates', async () => {
    const root = await TestCa.create({ algorithm: 'gost256', name: 'Persisted Root', clock });
    const sub = await root.issueIntermediate({ name: 'Persisted Sub', algorithm: 'ecdsa-p256' });
    const loaded = TestCa.load({ certificate: sub.certificate, privateKey: sub.privateKey.toPem(), chain: [], clock });
    expect(loaded.chain).toHaveLength(1);
    const ee = await loaded.issueEndEntity({ subject });
    const { isCertificateValidAt } = await import('./validation.js');
    const { TrustStore } = await import('./trust-store.js');
    const status = await isCertificateValidAt(ee.certificate, clock(), {
      trustStore: TrustStore.fromCertificates([root.certificate, sub.certificate]),
    });
    expect(status.errors).toEqual([]);
    expect(status.valid).toBe(true);
    expect(() => TestCa.load({ certificate: sub.certificate, privateKey: root.privateKey })).toThrow(PkiError);
    expect(() => TestCa.load({ certificate: ee.certificate, privateKey: ee.privateKey! })).toThrow(PkiError);
  });
});

describe('PKCS#10 requests', () => {
  it.each<[KeyAlgorithm]>([['gost256'], ['gost512'], ['ecdsa-p256'], ['rsa']])(
    'issues from a %s request, subject and key from the request',
    async (algorithm) => {
      const ca = await TestCa.create({ algorithm: 'gost256', name: 'CSR CA', clock });
      const { csrDer, privateKey } = await createCsr({ subject, algorithm, seed: 'csr' });
      const read = await readCsr(csrDer);
      expect(read.subject.inn).toBe(subject.inn);
      const issued = await ca.issueFromCsr(csrDer);
      expect(issued.privateKey).toBeUndefined();
      expect(issued.info.snils).toBe(subject.snils);
      expect(Buffer.from(issued.info.publicKeyInfo).equals(Buffer.from(privateKey.publicKeyInfo()))).toBe(true);
      // The issued certificate's key is the requester's: a signature by the requester verifies with it.
      const data = new TextEncoder().encode('proof of possession');
      const ok = await verifySignature(
        issued.info.publicKeyInfo,
        privateKey.signatureAlgorithm(),
        data,
        privateKey.sign(data),
      );
      expect(ok).toBe(true);
    },
  );

  it('refuses a request whose signature does not match its key (CSR_INVALID)', async () => {
    const ca = await TestCa.create({ algorithm: 'gost256', name: 'CSR CA', clock });
    const { csrDer } = await createCsr({ subject, algorithm: 'gost256', seed: 'csr' });
    const tampered = csrDer.slice();
    const i = Buffer.from(tampered).indexOf(Buffer.from('500100732259'));
    tampered[i] = 0x39;
    await expect(ca.issueFromCsr(tampered)).rejects.toMatchObject({ code: 'CSR_INVALID' });
    await expect(ca.issueFromCsr(new TextEncoder().encode('nonsense'))).rejects.toMatchObject({ code: 'CSR_INVALID' });
  });
});

describe('private keys', () => {
  it.each<[KeyAlgorithm]>([['gost256'], ['gost512'], ['ecdsa-p256'], ['ecdsa-p384'], ['rsa']])(
    '%s survives PKCS#8 DER and PEM',
    async (algorithm) => {
      const key = generateKeyPair(algorithm, { seed: 'k' });
      const fromDer = PrivateKey.fromPkcs8(key.toPkcs8());
      const fromPem = PrivateKey.fromPkcs8(key.toPem());
      expect(fromDer.algorithm).toBe(algorithm);
      expect(Buffer.from(fromPem.publicKeyInfo()).equals(Buffer.from(key.publicKeyInfo()))).toBe(true);
      const data = Uint8Array.of(1, 2, 3);
      expect(await verifySignature(key.publicKeyInfo(), fromDer.signatureAlgorithm(), data, fromDer.sign(data))).toBe(
        true,
      );
    },
  );

  it('GOST keys of every 256-bit parameter set encode the digest parameter as RFC 9215 says', () => {
    const a = generateKeyPair('gost256', { paramSet: 'tc26-256-a', seed: 's' });
    const b = generateKeyPair('gost256', { paramSet: 'cryptopro-b', seed: 's' });
    // tc26-256-A carries only the curve; other 256-bit sets also the Streebog-256 OID (06 08 2a 85 03 07 01 01 02 02).
    const digestOid = Buffer.from('06082a85030701010202', 'hex');
    expect(Buffer.from(a.publicKeyInfo()).includes(digestOid)).toBe(false);
    expect(Buffer.from(b.publicKeyInfo()).includes(digestOid)).toBe(true);
    expect(() => generateKeyPair('gost256', { paramSet: 'tc26-512-a' })).toThrow(PkiError);
  });
});
