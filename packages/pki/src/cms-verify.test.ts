import fc from 'fast-check';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addSigner, signDetached } from './cms-sign.js';
import { verifyAllSigners, verifyDetachedSignature } from './cms-verify.js';
import { toPem } from './der.js';
import { type KeyAlgorithm } from './keys.js';
import { TestCa, type IssuedCertificate, type TestTsa } from './test-ca.js';
import { peerSigner } from './testing/peer.js';
import { TrustStore } from './trust-store.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const clock = () => NOW;
const SIGNED_AT = new Date('2026-03-01T10:17:23Z');
const content = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1251"?><Документ/>');
const codes = (v: { errors: readonly { code: string }[] }) => v.errors.map((e) => e.code);

const person = {
  commonName: 'Иванов Иван Иванович',
  surname: 'Иванов',
  givenName: 'Иван Иванович',
  title: 'Генеральный директор',
  organization: 'ООО "Ромашка"',
  inn: '500100732259',
  innLe: '7707083893',
  snils: '11223344595',
  ogrn: '1027700132195',
};

function flipAt(bytes: Uint8Array, index: number): Uint8Array {
  const out = bytes.slice();
  out[index] = (out[index] as number) ^ 0x01;
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}

function signatureValueOf(cms: Uint8Array): Uint8Array {
  const info = pkijs.ContentInfo.fromBER(cms.slice().buffer);
  const sd = new pkijs.SignedData({ schema: info.content });
  return new Uint8Array((sd.signerInfos[0] as pkijs.SignerInfo).signature.valueBlock.valueHexView);
}

describe.each<[KeyAlgorithm]>([['gost256'], ['gost512'], ['ecdsa-p256'], ['ecdsa-p384'], ['rsa']])(
  'CMS with %s',
  (algorithm) => {
    let ca: TestCa;
    let signer: IssuedCertificate;
    let store: TrustStore;
    let cms: Uint8Array;

    beforeAll(async () => {
      ca = await TestCa.create({ algorithm, name: `Test CA ${algorithm}`, clock });
      signer = await ca.issueEndEntity({ subject: person });
      store = TrustStore.fromCertificates([ca.certificate]);
      cms = await signDetached({
        content,
        certificate: signer.certificate,
        privateKey: signer.privateKey!,
        signingTime: SIGNED_AT,
      });
    });

    it('verifies a correct detached signature, every part true', async () => {
      const v = await verifyDetachedSignature({ content, signature: cms, trustStore: store });
      expect(v.errors).toEqual([]);
      expect(v).toMatchObject({
        valid: true,
        digestMatches: true,
        signatureValid: true,
        chainValid: true,
        certificateValidAtSigning: true,
        signedAtSource: 'signing-time',
      });
      expect(v.signedAt?.toISOString()).toBe(SIGNED_AT.toISOString());
      expect(v.signer?.inn).toBe('500100732259');
      expect(v.signer?.snils).toBe('11223344595');
      expect(v.algorithm).toMatch(
        algorithm.startsWith('gost') ? /^GOST R 34\.10-2012/ : algorithm === 'rsa' ? /^RSA/ : /^ECDSA/,
      );
    });

    it('a one-byte change in the content gives DIGEST_MISMATCH', async () => {
      const v = await verifyDetachedSignature({ content: flipAt(content, 10), signature: cms, trustStore: store });
      expect(v.valid).toBe(false);
      expect(v.digestMatches).toBe(false);
      expect(v.signatureValid).toBe(true);
      expect(v.chainValid).toBe(true);
      expect(codes(v)).toContain('DIGEST_MISMATCH');
    });

    it('a one-byte change in the signed attributes gives SIGNATURE_INVALID', async () => {
      const i = indexOf(cms, new TextEncoder().encode('260301101723Z'));
      expect(i).toBeGreaterThan(0);
      const v = await verifyDetachedSignature({ content, signature: flipAt(cms, i + 11), trustStore: store });
      expect(v.valid).toBe(false);
      expect(v.digestMatches).toBe(true);
      expect(v.signatureValid).toBe(false);
      expect(codes(v)).toContain('SIGNATURE_INVALID');
    });

    it('a one-byte change in the signature value gives SIGNATURE_INVALID', async () => {
      const i = indexOf(cms, signatureValueOf(cms));
      const v = await verifyDetachedSignature({ content, signature: flipAt(cms, i + 7), trustStore: store });
      expect(v.valid).toBe(false);
      expect(v.signatureValid).toBe(false);
      expect(v.digestMatches).toBe(true);
      expect(codes(v)).toContain('SIGNATURE_INVALID');
    });

    it('verifies an attached signature without separate content', async () => {
      const attached = await signDetached({
        content,
        certificate: signer.certificate,
        privateKey: signer.privateKey!,
        signingTime: SIGNED_AT,
        attached: true,
      });
      const v = await verifyDetachedSignature({ content: new Uint8Array(0), signature: attached, trustStore: store });
      expect(v.valid).toBe(true);
      const other = await verifyDetachedSignature({
        content: flipAt(content, 3),
        signature: attached,
        trustStore: store,
      });
      expect(codes(other)).toContain('DIGEST_MISMATCH');
    });

    it('reads PEM and base64 text', async () => {
      const pem = new TextEncoder().encode(toPem('CMS', cms));
      expect((await verifyDetachedSignature({ content, signature: pem, trustStore: store })).valid).toBe(true);
      const b64 = new TextEncoder().encode(
        Buffer.from(cms)
          .toString('base64')
          .replace(/(.{76})/g, '$1\r\n'),
      );
      expect((await verifyDetachedSignature({ content, signature: b64, trustStore: store })).valid).toBe(true);
    });
  },
);

describe('certificate validity at signing time', () => {
  let ca: TestCa;
  let store: TrustStore;
  beforeAll(async () => {
    ca = await TestCa.create({
      algorithm: 'gost256',
      name: 'Validity CA',
      clock,
      notBefore: new Date('2024-01-01T00:00:00Z'),
    });
    store = TrustStore.fromCertificates([ca.certificate]);
  });

  it('a certificate expired at signing time gives CERTIFICATE_NOT_VALID_AT_SIGNING', async () => {
    const s = await ca.issueEndEntity({
      subject: { ...person, commonName: 'Expired' },
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2026-01-01T00:00:00Z'),
    });
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
    const v = await verifyDetachedSignature({ content, signature: cms, trustStore: store });
    expect(v.valid).toBe(false);
    expect(v.signatureValid).toBe(true);
    expect(v.chainValid).toBe(true);
    expect(v.certificateValidAtSigning).toBe(false);
    expect(codes(v)).toContain('CERTIFICATE_NOT_VALID_AT_SIGNING');
    // --at inside the validity period makes it valid.
    const atOk = await verifyDetachedSignature({
      content,
      signature: cms,
      trustStore: store,
      at: new Date('2025-06-01T00:00:00Z'),
    });
    expect(atOk.valid).toBe(true);
  });

  it('a private key usage period that ended before signing gives CERTIFICATE_NOT_VALID_AT_SIGNING', async () => {
    const s = await ca.issueEndEntity({
      subject: { ...person, commonName: 'Key period' },
      privateKeyUsagePeriod: {
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2026-02-01T00:00:00Z'),
      },
    });
    expect(s.info.privateKeyUsagePeriod?.notAfter?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
    const v = await verifyDetachedSignature({ content, signature: cms, trustStore: store });
    expect(codes(v)).toContain('CERTIFICATE_NOT_VALID_AT_SIGNING');
  });

  it('revoked before signing: CERTIFICATE_REVOKED and CERTIFICATE_NOT_VALID_AT_SIGNING; revoked after: valid', async () => {
    const s = await ca.issueEndEntity({ subject: { ...person, commonName: 'Revoked' } });
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
    const before = await ca.issueCrl({
      revoked: [
        { serialNumber: s.info.serialNumber, revokedAt: new Date('2026-02-15T00:00:00Z'), reason: 'keyCompromise' },
      ],
    });
    const v = await verifyDetachedSignature({ content, signature: cms, trustStore: store, crls: [before] });
    expect(v.valid).toBe(false);
    expect(v.certificateValidAtSigning).toBe(false);
    expect(codes(v)).toEqual(expect.arrayContaining(['CERTIFICATE_REVOKED', 'CERTIFICATE_NOT_VALID_AT_SIGNING']));
    expect(v.revocation?.reason).toBe('keyCompromise');

    const after = await ca.issueCrl({
      revoked: [
        {
          serialNumber: s.info.serialNumber,
          revokedAt: new Date('2026-04-01T00:00:00Z'),
          reason: 'affiliationChanged',
        },
      ],
    });
    const later = await verifyDetachedSignature({ content, signature: cms, trustStore: store, crls: [after] });
    expect(later.valid).toBe(true);
    expect(later.revocation?.revokedAt.toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });

  it('ignores a CRL not signed by the issuer', async () => {
    const s = await ca.issueEndEntity({ subject: { ...person, commonName: 'Forged CRL' } });
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
    const impostor = await TestCa.create({
      algorithm: 'gost256',
      name: 'Validity CA',
      seed: 'impostor',
      clock,
      notBefore: new Date('2024-01-01T00:00:00Z'),
    });
    const forged = await impostor.issueCrl({
      revoked: [{ serialNumber: s.info.serialNumber, revokedAt: new Date('2026-01-01T00:00:00Z') }],
    });
    const v = await verifyDetachedSignature({ content, signature: cms, trustStore: store, crls: [forged] });
    expect(v.valid).toBe(true);
  });
});

describe('chains', () => {
  it('verifies through an intermediate carried in the CMS; untrusted root gives UNTRUSTED_ROOT', async () => {
    const root = await TestCa.create({ algorithm: 'gost512', name: 'Root GOST 512', clock });
    const sub = await root.issueIntermediate({ name: 'Issuing CA', algorithm: 'gost256' });
    const s = await sub.issueEndEntity({ subject: person });
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      chain: sub.chain,
      signingTime: SIGNED_AT,
    });
    const ok = await verifyDetachedSignature({
      content,
      signature: cms,
      trustStore: TrustStore.fromCertificates([root.certificate]),
    });
    expect(ok.errors).toEqual([]);
    expect(ok.chain.map((c) => c.subjectName.commonName)).toEqual([person.commonName, 'Issuing CA', 'Root GOST 512']);

    const other = await TestCa.create({ algorithm: 'gost256', name: 'Other Root', clock });
    const bad = await verifyDetachedSignature({
      content,
      signature: cms,
      trustStore: TrustStore.fromCertificates([other.certificate]),
    });
    expect(bad.valid).toBe(false);
    expect(bad.chainValid).toBe(false);
    expect(bad.signatureValid).toBe(true);
    expect(bad.digestMatches).toBe(true);
    expect(codes(bad)).toContain('UNTRUSTED_ROOT');
  });

  it('a certificate signed by another key with the CA name gives CHAIN_INVALID', async () => {
    const root = await TestCa.create({ algorithm: 'ecdsa-p256', name: 'Same Name', clock });
    const impostor = await TestCa.create({ algorithm: 'ecdsa-p256', name: 'Same Name', seed: 'impostor', clock });
    const s = await impostor.issueEndEntity({ subject: person });
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
    const v = await verifyDetachedSignature({
      content,
      signature: cms,
      trustStore: TrustStore.fromCertificates([root.certificate]),
    });
    expect(v.chainValid).toBe(false);
    expect(codes(v)).toContain('CHAIN_INVALID');
  });
});

describe('CAdES-T time stamps', () => {
  let ca: TestCa;
  let tsa: TestTsa;
  let signer: IssuedCertificate;
  let store: TrustStore;
  beforeAll(async () => {
    ca = await TestCa.create({ algorithm: 'gost256', name: 'TS CA', clock });
    tsa = await ca.createTsa({ name: 'Test TSA', clock: () => new Date('2026-03-01T10:20:00Z') });
    signer = await ca.issueEndEntity({ subject: person });
    store = TrustStore.fromCertificates([ca.certificate]);
  });

  it('takes the signing time from a valid time-stamp token', async () => {
    const cms = await signDetached({
      content,
      certificate: signer.certificate,
      privateKey: signer.privateKey!,
      signingTime: SIGNED_AT,
      timestamp: tsa,
    });
    const v = await verifyDetachedSignature({ content, signature: cms, trustStore: store });
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.signedAtSource).toBe('timestamp');
    expect(v.signedAt?.toISOString()).toBe('2026-03-01T10:20:00.000Z');
    expect(v.timestamp?.tsa?.subjectName.commonName).toBe('Test TSA');
  });

  it('a token over another signature gives TIMESTAMP_INVALID', async () => {
    const cms = await signDetached({
      content,
      certificate: signer.certificate,
      privateKey: signer.privateKey!,
      signingTime: SIGNED_AT,
      timestamp: tsa,
    });
    const other = await signDetached({
      content: Uint8Array.of(1),
      certificate: signer.certificate,
      privateKey: signer.privateKey!,
      signingTime: SIGNED_AT,
      timestamp: tsa,
    });
    // Graft the other signature's token onto the first: same structure, wrong message imprint.
    const sdA = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms.slice().buffer).content });
    const sdB = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(other.slice().buffer).content });
    (sdA.signerInfos[0] as pkijs.SignerInfo).unsignedAttrs = (sdB.signerInfos[0] as pkijs.SignerInfo).unsignedAttrs;
    const grafted = new Uint8Array(
      new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: sdA.toSchema(true) }).toSchema().toBER(),
    );
    const v = await verifyDetachedSignature({ content, signature: grafted, trustStore: store });
    expect(v.valid).toBe(false);
    expect(v.signatureValid).toBe(true);
    expect(codes(v)).toContain('TIMESTAMP_INVALID');
    expect(v.signedAtSource).toBe('signing-time');
  });
});

describe('signed attributes written unsorted (BER) but signed as DER', () => {
  it('verifies over the DER form, as RFC 5652 defines the signature', async () => {
    const ca = await TestCa.create({ algorithm: 'gost256', name: 'BER CA', clock });
    const s = await ca.issueEndEntity({ subject: person });
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
    const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms.slice().buffer).content });
    const si = sd.signerInfos[0] as pkijs.SignerInfo;
    si.signedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [...si.signedAttrs!.attributes].reverse(),
    });
    const unsorted = new Uint8Array(
      new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: sd.toSchema(true) }).toSchema().toBER(),
    );
    expect(Buffer.from(unsorted).equals(Buffer.from(cms))).toBe(false);
    const store = TrustStore.fromCertificates([ca.certificate]);
    const v = await verifyDetachedSignature({ content, signature: unsorted, trustStore: store });
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
  });
});

describe('joint signatures', () => {
  it('verifies every signer of a CMS signed by two persons', async () => {
    const ca = await TestCa.create({ algorithm: 'gost256', name: 'Joint CA', clock });
    const a = await ca.issueEndEntity({ subject: person });
    const b = await ca.issueEndEntity({
      subject: { ...person, commonName: 'Второй Директор', inn: '772830410106' },
      algorithm: 'gost512',
    });
    const first = await signDetached({
      content,
      certificate: a.certificate,
      privateKey: a.privateKey!,
      signingTime: SIGNED_AT,
    });
    const both = await addSigner(first, {
      content,
      certificate: b.certificate,
      privateKey: b.privateKey!,
      signingTime: SIGNED_AT,
    });
    const store = TrustStore.fromCertificates([ca.certificate]);
    const verdicts = await verifyAllSigners({ content, signature: both, trustStore: store });
    expect(verdicts.map((v) => [v.valid, v.signer?.inn])).toEqual([
      [true, '500100732259'],
      [true, '772830410106'],
    ]);
    expect(verdicts[1]?.algorithm).toMatch(/512/);
    const changed = await verifyAllSigners({ content: flipAt(content, 0), signature: both, trustStore: store });
    expect(changed.map((v) => v.digestMatches)).toEqual([false, false]);
    expect(await verifyAllSigners({ content, signature: Uint8Array.of(1, 2), trustStore: store })).toHaveLength(1);
  });
});

describe('malformed input', () => {
  let store: TrustStore;
  let cms: Uint8Array;
  beforeAll(async () => {
    const ca = await TestCa.create({ algorithm: 'gost256', name: 'Malformed CA', clock });
    const s = await ca.issueEndEntity({ subject: person });
    store = TrustStore.fromCertificates([ca.certificate]);
    cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['garbage', new TextEncoder().encode('this is not a signature at all!')],
    ['a lone SEQUENCE tag', Uint8Array.of(0x30)],
    ['a certificate-like SEQUENCE', Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)],
    ['wrong PEM', new TextEncoder().encode('-----BEGIN CMS-----\n!!!!\n-----END CMS-----\n')],
  ])('%s gives SIGNATURE_MALFORMED', async (_, bytes) => {
    const v = await verifyDetachedSignature({ content, signature: bytes, trustStore: store });
    expect(v.valid).toBe(false);
    expect(codes(v)).toEqual(['SIGNATURE_MALFORMED']);
  });

  it('every truncation of a real signature gives a verdict, never an exception', async () => {
    for (let n = 1; n < cms.length; n += Math.max(1, Math.floor(cms.length / 60))) {
      const v = await verifyDetachedSignature({ content, signature: cms.subarray(0, n), trustStore: store });
      expect(v.valid).toBe(false);
      expect(v.errors.length).toBeGreaterThan(0);
    }
  });

  it('random mutations always give a verdict, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: cms.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const bad = cms.slice();
        bad[i] = (bad[i] as number) ^ x;
        const v = await verifyDetachedSignature({ content, signature: bad, trustStore: store });
        // A flip inside an unsigned, unchecked field (e.g. a certificate's unused bits) may keep it valid; the
        // property is that the verdict is always a verdict.
        expect(typeof v.valid).toBe('boolean');
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('interoperability of the CMS signature value with @wavesenterprise/crypto-gost-js', () => {
  it('the peer verifies our CMS signature over the DER of the signed attributes', async () => {
    const ca = await TestCa.create({ algorithm: 'gost256', name: 'Interop CA', clock });
    const s = await ca.issueEndEntity({ subject: person });
    const cms = await signDetached({
      content,
      certificate: s.certificate,
      privateKey: s.privateKey!,
      signingTime: SIGNED_AT,
    });
    const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms.slice().buffer).content });
    const si = sd.signerInfos[0] as pkijs.SignerInfo;
    const signedAttrs = new Uint8Array(si.signedAttrs!.encodedValue);
    const spki = pkijs.Certificate.fromBER(s.certificate.slice().buffer).subjectPublicKeyInfo;
    const keyOctets = (await import('asn1js')).fromBER(spki.subjectPublicKey.valueBlock.valueHexView.slice().buffer)
      .result as unknown as {
      valueBlock: { valueHexView: Uint8Array };
    };
    const peer = peerSigner('S-256-A', 256);
    const sig = new Uint8Array(si.signature.valueBlock.valueHexView);
    expect(peer.verify(new Uint8Array(keyOctets.valueBlock.valueHexView), sig, signedAttrs)).toBe(true);
    expect(peer.verify(new Uint8Array(keyOctets.valueBlock.valueHexView), sig, flipAt(signedAttrs, 20))).toBe(false);
  });
});
