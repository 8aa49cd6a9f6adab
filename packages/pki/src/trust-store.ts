/** The configured trust: root certificates (anchors), intermediates for path building, and offline CRLs. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCertificate, type CertificateInfo } from './certificate.js';
import { pemBlocks } from './der.js';
import { PkiError } from './errors.js';

/** Something that is or carries a certificate. */
export type CertificateInput = Uint8Array | CertificateInfo;

/** Reads a certificate input into its description. */
export function certificateInfoOf(input: CertificateInput): CertificateInfo {
  return input instanceof Uint8Array ? parseCertificate(input) : input;
}

/**
 * A set of trusted certificates: self-signed ones are trust anchors; the others serve to build paths. CRLs found
 * alongside are used for revocation checks.
 *
 * @example
 * ```ts
 * const store = await TrustStore.fromDirectory(process.env.MCHD_TRUST_DIR ?? './trust');
 * const verdict = await verifyDetachedSignature({ content, signature, trustStore: store });
 * ```
 */
export class TrustStore {
  private constructor(
    /** Every certificate of the store. */
    readonly certificates: readonly CertificateInfo[],
    /** CRLs (DER) found with the certificates. */
    readonly crls: readonly Uint8Array[],
  ) {}

  /**
   * A store of the given certificates (DER, PEM or base64 bytes, or parsed) and CRLs (DER).
   *
   * @example
   * ```ts
   * const store = TrustStore.fromCertificates([root.certificate]);
   * ```
   */
  static fromCertificates(certificates: readonly CertificateInput[], crls: readonly Uint8Array[] = []): TrustStore {
    return new TrustStore(certificates.map(certificateInfoOf), crls.slice());
  }

  /**
   * Loads every certificate (`.pem`, `.crt`, `.cer`, `.der`; PEM files may hold several) and CRL (`.crl`, PEM or
   * DER) in a directory. Throws PkiError `TRUST_STORE_UNREADABLE` when the directory cannot be read or a file is
   * not a certificate.
   *
   * @example
   * ```ts
   * const store = await TrustStore.fromDirectory('/etc/mchd/trust');
   * ```
   */
  static async fromDirectory(dir: string): Promise<TrustStore> {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      throw new PkiError('TRUST_STORE_UNREADABLE', `cannot read trust directory ${dir}: ${(e as Error).message}`);
    }
    const certs: CertificateInfo[] = [];
    const crls: Uint8Array[] = [];
    for (const name of names) {
      const lower = name.toLowerCase();
      if (!/\.(pem|crt|cer|der|crl)$/.test(lower)) continue;
      const bytes = new Uint8Array(await readFile(join(dir, name)));
      const text = Buffer.from(bytes).toString('latin1');
      const blocks = text.includes('-----BEGIN')
        ? pemBlocks(text)
        : [{ label: lower.endsWith('.crl') ? 'X509 CRL' : 'CERTIFICATE', der: bytes }];
      for (const block of blocks) {
        if (block.label === 'X509 CRL') {
          crls.push(block.der);
        } else if (block.label === 'CERTIFICATE') {
          try {
            certs.push(parseCertificate(block.der));
          } catch (e) {
            throw new PkiError('TRUST_STORE_UNREADABLE', `${name}: ${(e as Error).message}`);
          }
        }
      }
    }
    return new TrustStore(certs, crls);
  }

  /** The self-signed certificates: the trust anchors. */
  get anchors(): readonly CertificateInfo[] {
    return this.certificates.filter((c) => c.selfIssued);
  }

  /** Whether exactly this certificate (by SHA-256) is in the store. */
  contains(cert: CertificateInfo): boolean {
    return this.certificates.some((c) => c.sha256 === cert.sha256);
  }

  /** This store plus more certificates and CRLs. */
  with(certificates: readonly CertificateInput[], crls: readonly Uint8Array[] = []): TrustStore {
    return new TrustStore([...this.certificates, ...certificates.map(certificateInfoOf)], [...this.crls, ...crls]);
  }
}
