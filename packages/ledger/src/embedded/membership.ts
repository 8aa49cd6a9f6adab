import * as x509 from '@peculiar/x509';
import { LedgerError } from '../errors.js';
import type { LedgerIdentity } from '../ledger.js';

/** Root certificates (PEM) of each organization the node accepts, by MSP id. */
export type MspRoots = Readonly<Record<string, readonly string[]>>;

/**
 * What a Fabric peer's MSP does for the embedded node: a creator certificate must be issued by (or be) one of its
 * organization's root certificates and be valid at the transaction time; otherwise the transaction is FORBIDDEN
 * before the contract runs. Results are cached per certificate and organization.
 */
export class Membership {
  private readonly roots = new Map<string, x509.X509Certificate[]>();
  private readonly verdicts = new Map<string, Promise<string | undefined>>();

  constructor(msps: MspRoots) {
    for (const [mspId, pems] of Object.entries(msps)) {
      this.roots.set(
        mspId,
        pems.map((pem) => new x509.X509Certificate(pem)),
      );
    }
  }

  /** Throws FORBIDDEN unless `identity` belongs to its MSP at `at`. */
  async check(identity: LedgerIdentity, at: Date): Promise<void> {
    const key = `${identity.mspId}\n${identity.certificatePem}`;
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = this.issuer(identity);
      if (this.verdicts.size > 1000) this.verdicts.clear();
      this.verdicts.set(key, verdict);
    }
    const problem = await verdict;
    if (problem) throw new LedgerError('FORBIDDEN', problem);
    const cert = new x509.X509Certificate(identity.certificatePem);
    if (at < cert.notBefore || at > cert.notAfter) {
      throw new LedgerError('FORBIDDEN', `the certificate is not valid at ${at.toISOString()}`);
    }
  }

  /** Answers why the certificate is not a member, or undefined when it is. */
  private async issuer(identity: LedgerIdentity): Promise<string | undefined> {
    const roots = this.roots.get(identity.mspId);
    if (!roots) return `organization ${identity.mspId} is not a member of this ledger`;
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(identity.certificatePem);
    } catch (e) {
      return `the identity's certificate cannot be read: ${String(e)}`;
    }
    for (const root of roots) {
      if (cert.issuer !== root.subject) continue;
      if (await cert.verify({ publicKey: root.publicKey, signatureOnly: true })) return undefined;
    }
    return `the certificate was not issued by ${identity.mspId}`;
  }
}
