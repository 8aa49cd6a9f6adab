import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { TestCa, type IssuedCertificate, type RevocationReason, type RevokedEntry, type SubjectInput } from '@mchd/pki';
import type { Clock } from '@mchd/subgraph-kit';

const DAY = 86_400_000;

/** File names of the built-in CA under `<MCHD_DATA_DIR>/ca/`. */
export const CA_FILES = { certificate: 'ca.cer', privateKey: 'ca.key', crl: 'ca.crl' } as const;

/**
 * The certificate subgraph's built-in CA: a GOST R 34.10-2012 (256) root made once by `TestCa` from `@mchd/pki`,
 * its certificate and PKCS#8 key persisted under `<dataDir>/ca/` and loaded on later starts. Issues certificates
 * for PKCS#10 requests and publishes CRLs (also written to `<dataDir>/ca/ca.crl`).
 *
 * @example
 * ```ts
 * const ca = BuiltInCa.open('./data', () => new Date());
 * const issued = await ca.issue(csrDer, { notBefore, notAfter, qualified: false });
 * ```
 */
export class BuiltInCa {
  private constructor(
    readonly ca: TestCa,
    private readonly dir: string,
  ) {}

  /** Loads the CA from `<dataDir>/ca/`, creating it there on first use. */
  static async open(dataDir: string, clock: Clock): Promise<BuiltInCa> {
    const dir = path.join(dataDir, 'ca');
    mkdirSync(dir, { recursive: true });
    const certFile = path.join(dir, CA_FILES.certificate);
    const keyFile = path.join(dir, CA_FILES.privateKey);
    if (!existsSync(certFile) || !existsSync(keyFile)) {
      const created = await TestCa.create({
        algorithm: 'gost256',
        name: 'MCHD Registry Built-in CA',
        subject: { organization: 'MCHD Registry', country: 'RU' },
        // A fresh seed: each installation gets its own key.
        seed: randomUUID(),
        clock,
        notBefore: new Date(clock().getTime() - DAY),
        notAfter: new Date(clock().getTime() + 20 * 365 * DAY),
      });
      writeAtomic(keyFile, Buffer.from(created.privateKey.toPem()), 0o600);
      writeAtomic(certFile, Buffer.from(created.certificate));
    }
    const ca = TestCa.load({
      certificate: new Uint8Array(readFileSync(certFile)),
      privateKey: readFileSync(keyFile, 'utf8'),
      clock,
      // Serial numbers continue from a per-process seed so that restarts never repeat one.
      seed: randomUUID(),
    });
    return new BuiltInCa(ca, dir);
  }

  /** The CA certificate (DER). */
  get certificate(): Uint8Array {
    return this.ca.certificate;
  }

  get subject(): string {
    return this.ca.info.subject;
  }

  /** Issues a certificate for a verified PKCS#10 request (throws PkiError `CSR_INVALID`). */
  async issue(
    csr: Uint8Array,
    options: {
      notBefore: Date;
      notAfter: Date;
      qualified: boolean;
      subject?: SubjectInput;
    },
  ): Promise<IssuedCertificate> {
    return this.ca.issueFromCsr(csr, {
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      qualified: options.qualified,
      ...(options.subject ? { subject: options.subject } : {}),
    });
  }

  /** Signs a CRL of `revoked` at `now` (next update a day later) and writes it to `<dataDir>/ca/ca.crl`. */
  async publishCrl(revoked: readonly RevokedEntry[], now: Date): Promise<Uint8Array> {
    const crl = await this.ca.issueCrl({
      revoked,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + DAY),
      number: Math.floor(now.getTime() / 1000),
    });
    writeAtomic(path.join(this.dir, CA_FILES.crl), Buffer.from(crl));
    return crl;
  }
}

/** CRL reason of a registry revocation reason. */
export function crlReason(reason: string | null): RevocationReason {
  switch (reason) {
    case 'DISMISSAL':
      return 'affiliationChanged';
    case 'CARRIER_LOST':
      return 'keyCompromise';
    case 'SUPERSEDED':
      return 'superseded';
    default:
      return 'unspecified';
  }
}

function writeAtomic(file: string, data: Buffer, mode?: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, mode === undefined ? undefined : { mode });
  renameSync(tmp, file);
}
