import type { Caller } from '@mchd/auth';
import { requireCaller } from '@mchd/auth';
import { readRevocationApplication, type PowerOfAttorneyDocument, type RevocationApplication } from '@mchd/format';
import type { PowerOfAttorneyRecord } from '@mchd/ledger';
import { matchSigner, verifyDetachedSignature, type CertificateInfo, type SignerCandidate } from '@mchd/pki';
import { requireRegistrarFor } from './access.js';
import { principalSignatories } from './document-mapping.js';
import { PowerOfAttorneyError } from './errors.js';
import { PowerOfAttorneyIndex, recordOf, upsertRecord } from './index-store.js';
import {
  assertSignatureValid,
  findingError,
  ledgerError,
  MAX_SIGNATURE_BYTES,
  type ServiceDependencies,
} from './registration-service.js';

/** Input of {@link RevocationService.revoke}. */
export interface RevokeInput {
  readonly guid: string;
  /** 1–500 characters. */
  readonly reason: string;
  /** A signed revocation application (format 001) and its detached signature; both or neither. */
  readonly application?: Uint8Array | null;
  readonly signature?: Uint8Array | null;
}

/** The answer of {@link RevocationService.revoke}. */
export interface RevokeResult {
  readonly guid: string;
  readonly revokedAt: string;
  readonly transactionId: string;
  readonly blockNumber: number;
  /** Descendants whose chain became invalid. */
  readonly affected: readonly string[];
  readonly alreadyRevoked: boolean;
}

/**
 * Revokes an MCHD either by a signed revocation application (parsed, its signature verified, the applicant and
 * the signer checked: a principal's signatory, or one of the representatives) or by a `registrar` acting for one
 * of the principals. Records the revocation on the ledger and indexes it at once.
 *
 * @example
 * ```ts
 * const { affected } = await revocation.revoke(caller, { guid, reason: 'Увольнение' });
 * ```
 */
export class RevocationService {
  constructor(private readonly deps: ServiceDependencies) {}

  async revoke(caller: Caller | null, input: RevokeInput): Promise<RevokeResult> {
    const reason = input.reason.trim();
    if (reason.length === 0 || reason.length > 500) {
      throw new PowerOfAttorneyError('BAD_USER_INPUT', 'reason must have 1 to 500 characters', {
        path: 'input.reason',
      });
    }
    const guid = input.guid.toLowerCase();
    const em = this.deps.orm.em.fork();
    const index = new PowerOfAttorneyIndex(em);
    const row = await index.get(guid);
    const record = row ? recordOf(row) : await this.deps.ledger.get(guid).catch(() => undefined);
    if (!record) throw new PowerOfAttorneyError('NOT_FOUND', `no power of attorney ${guid}`, { path: 'input.guid' });
    const principalInns = record.principals.map((p) => p.inn);

    let by: string;
    if (input.application || input.signature) {
      requireCaller(caller);
      if (!input.application || !input.signature) {
        throw new PowerOfAttorneyError('BAD_USER_INPUT', 'a revocation application needs its signature (and back)', {
          path: input.application ? 'input.signature' : 'input.application',
        });
      }
      by = await this.checkApplication(
        guid,
        record,
        row ? await index.document(row) : null,
        new Uint8Array(input.application),
        new Uint8Array(input.signature),
      );
    } else {
      const c = requireRegistrarFor(caller, principalInns, 'revoking an MCHD without a signed application');
      by = `registrar:${c.subject}`;
    }

    const revocation = await this.deps.ledger
      .revoke({ guid, reason, by: by.slice(0, 200) }, this.deps.ledgerIdentity)
      .catch(ledgerError);
    const revoked = await this.deps.ledger.get(guid);
    if (revoked) {
      await upsertRecord(em, revoked, revocation.blockNumber, this.deps.clock());
      await em.flush();
    }
    return {
      guid,
      revokedAt: revocation.revokedAt,
      transactionId: revocation.transactionId,
      blockNumber: revocation.blockNumber,
      affected: revocation.affected,
      alreadyRevoked: revocation.alreadyRevoked,
    };
  }

  /** Checks a signed application; answers who applied (recorded on the ledger as `by`). */
  private async checkApplication(
    guid: string,
    record: PowerOfAttorneyRecord,
    stored: { details: string } | null,
    applicationBytes: Uint8Array,
    signatureBytes: Uint8Array,
  ): Promise<string> {
    if (signatureBytes.length > MAX_SIGNATURE_BYTES) {
      throw new PowerOfAttorneyError('INPUT_TOO_LARGE', 'the signature is too large', { path: 'input.signature' });
    }
    const read = readRevocationApplication(applicationBytes);
    const errors = read.errors.filter((f) => f.severity !== 'warning');
    if (!read.valid || !read.application) {
      const first = errors[0] ?? { code: 'MCHD_SCHEMA_VIOLATION' as const, path: '/', message: 'invalid application' };
      throw findingError(first, errors);
    }
    const app: RevocationApplication = read.application;
    if (app.guid.toLowerCase() !== guid) {
      throw new PowerOfAttorneyError('BAD_USER_INPUT', `the application revokes ${app.guid}, not ${guid}`, {
        path: 'input.application',
      });
    }
    const verdict = await verifyDetachedSignature({
      content: applicationBytes,
      signature: signatureBytes,
      trustStore: this.deps.trustStore,
      clock: this.deps.clock,
    });
    const signer = assertSignatureValid(verdict);
    const applicant = app.applicant;
    if (applicant.role === 'principal') {
      const principalInns = record.principals.map((p) => p.inn);
      if (!applicant.inn || !principalInns.includes(applicant.inn)) {
        throw new PowerOfAttorneyError(
          'SIGNER_NOT_AUTHORIZED',
          `the applicant ${applicant.inn ?? '?'} is not a principal of ${guid}`,
        );
      }
      if (!this.signerActsForPrincipal(signer, applicant.inn, stored)) {
        throw new PowerOfAttorneyError(
          'SIGNER_NOT_AUTHORIZED',
          `the signer (${signer.subject}) may not act for ${applicant.inn}`,
        );
      }
      return `application:principal:${applicant.inn}`;
    }
    const candidates: SignerCandidate[] = record.representatives.map((r) => ({
      ...(r.inn ? { inn: r.inn } : {}),
      ...(r.snils ? { snils: r.snils } : {}),
    }));
    if (!matchSigner(signer, candidates).matched) {
      throw new PowerOfAttorneyError(
        'SIGNER_NOT_AUTHORIZED',
        `the signer (${signer.subject}) is no representative of ${guid}`,
      );
    }
    return `application:representative:${signer.inn ?? signer.snils ?? signer.thumbprint}`;
  }

  /**
   * The signer acts for the principal: one of the signatories the stored MCHD names, or (when the document is not
   * in the store) a certificate issued for the principal (INN of the legal entity, or the person's INN).
   */
  private signerActsForPrincipal(
    signer: CertificateInfo,
    principalInn: string,
    stored: { details: string } | null,
  ): boolean {
    if (stored) {
      const doc = JSON.parse(stored.details) as PowerOfAttorneyDocument;
      if (matchSigner(signer, principalSignatories(doc)).matched) return true;
    }
    return signer.innLe === principalInn || signer.inn === principalInn;
  }
}
