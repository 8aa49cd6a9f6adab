import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signDetached } from './cms-sign.js';
import { verifyDetachedSignature } from './cms-verify.js';
import { toPem } from './der.js';
import { TestCa } from './test-ca.js';
import { TrustStore } from './trust-store.js';
import { isCertificateValidAt } from './validation.js';

const clock = () => new Date('2026-03-01T09:00:00Z');

describe('TrustStore.fromDirectory', () => {
  it('loads PEM bundles, DER certificates and CRLs; intermediates in the store complete the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-trust-'));
    try {
      const root = await TestCa.create({ algorithm: 'ecdsa-p256', name: 'Dir Root', clock });
      const sub = await root.issueIntermediate({ name: 'Dir Sub', algorithm: 'gost256' });
      const ee = await sub.issueEndEntity({ subject: { commonName: 'Signer', inn: '500100732259' } });
      const crl = await sub.issueCrl({
        revoked: [{ serialNumber: ee.info.serialNumber, revokedAt: new Date('2026-03-01T09:30:00Z') }],
      });
      await writeFile(
        join(dir, 'bundle.pem'),
        toPem('CERTIFICATE', root.certificate) + toPem('CERTIFICATE', sub.certificate),
      );
      await writeFile(join(dir, 'sub.crl'), crl);
      await writeFile(join(dir, 'README.txt'), 'ignored');
      const store = await TrustStore.fromDirectory(dir);
      expect(store.certificates.map((c) => c.subjectName.commonName)).toEqual(['Dir Root', 'Dir Sub']);
      expect(store.anchors.map((c) => c.subjectName.commonName)).toEqual(['Dir Root']);
      expect(store.crls).toHaveLength(1);

      // The CMS carries no chain: the intermediate comes from the store, the CRL too.
      const content = Uint8Array.of(1, 2, 3);
      const cms = await signDetached({
        content,
        certificate: ee.certificate,
        privateKey: ee.privateKey!,
        signingTime: new Date('2026-03-01T10:00:00Z'),
      });
      const v = await verifyDetachedSignature({ content, signature: cms, trustStore: store });
      expect(v.chainValid).toBe(true);
      expect(v.certificateValidAtSigning).toBe(false);
      expect(v.errors.map((e) => e.code)).toContain('CERTIFICATE_REVOKED');

      const before = await isCertificateValidAt(ee.certificate, new Date('2026-03-01T09:10:00Z'), {
        trustStore: store,
      });
      expect(before.valid).toBe(true);
      expect(before.chain).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with TRUST_STORE_UNREADABLE for a missing directory or a broken certificate file', async () => {
    await expect(TrustStore.fromDirectory('/nonexistent/mchd-trust')).rejects.toMatchObject({
      code: 'TRUST_STORE_UNREADABLE',
    });
    const dir = await mkdtemp(join(tmpdir(), 'mchd-trust-'));
    try {
      await writeFile(join(dir, 'bad.cer'), 'not a certificate');
      await expect(TrustStore.fromDirectory(dir)).rejects.toMatchObject({ code: 'TRUST_STORE_UNREADABLE' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
