import type { MikroORM } from '@mikro-orm/core';
import type { Caller } from '@mchd/auth';
import { readPowerOfAttorney, type Finding, type PowerOfAttorneyDocument } from '@mchd/format';
import {
  LedgerError,
  type Ledger,
  type LedgerIdentity,
  type PowerOfAttorneyRecord,
  type StatusReport,
} from '@mchd/ledger';
import {
  matchSigner,
  verifyDetachedSignature,
  type CertificateInfo,
  type SignatureVerdict,
  type SignerCandidate,
  type TrustStore,
} from '@mchd/pki';
import { requireRegistrarFor } from './access.js';
import { hashes, metadataOf, principalsOf, principalSignatories, transferorInns } from './document-mapping.js';
import type { PowerOfAttorneyRow } from './entities.js';
import { StoredDocumentRow } from './entities.js';
import { PowerOfAttorneyError, type PowerOfAttorneyErrorCode } from './errors.js';
import { PowerOfAttorneyIndex, recordOf, statusOfChain, upsertRecord } from './index-store.js';

/** The largest signature accepted (the document's limit is the format layer's, 1 MiB). */
export const MAX_SIGNATURE_BYTES = 256 * 1024;

/** What the registry keeps about the signer of a registered document. */
export interface SignerDetails {
  readonly subject: string;
  readonly commonName: string | null;
  readonly thumbprint: string;
  readonly serialNumber: string;
  readonly issuer: string;
  readonly inn: string | null;
  readonly innLe: string | null;
  readonly snils: string | null;
  readonly ogrn: string | null;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly algorithm: string | null;
  readonly signedAt: string | null;
}

/** The answer of {@link RegistrationService.register}. */
export interface RegistrationResult {
  readonly guid: string;
  readonly status: StatusReport['status'];
  readonly transactionId: string;
  readonly blockNumber: number;
  readonly alreadyRegistered: boolean;
  readonly row: PowerOfAttorneyRow;
}

/** Dependencies shared by the services. */
export interface ServiceDependencies {
  readonly orm: MikroORM;
  readonly ledger: Ledger;
  /** The identity that signs ledger transactions (a registrar of a registry participant). */
  readonly ledgerIdentity: LedgerIdentity;
  readonly trustStore: TrustStore;
  /** Domain time (statuses, signing time when a signature carries none). */
  readonly clock: () => Date;
}

const FORMAT_CODES = new Set<string>([
  'MCHD_MALFORMED_XML',
  'MCHD_SCHEMA_VIOLATION',
  'MCHD_INVALID_IDENTIFIER',
  'MCHD_UNSUPPORTED_FORMAT',
  'MCHD_INVALID_DATE',
  'MCHD_REDELEGATION_INCONSISTENT',
  'MCHD_PARTY_TYPE_MISMATCH',
  'MCHD_POWERS_INCONSISTENT',
  'MCHD_GUID_MISSING',
  'MCHD_INVALID_GUID',
  'MCHD_FORBIDDEN_DTD',
  'MCHD_TOO_DEEP',
  'MCHD_FILE_NAME_MISMATCH',
  'INPUT_TOO_LARGE',
]);

/** A format finding as a GraphQL error: its code, the XML path, and every finding in `extensions.findings`. */
export function findingError(first: Finding, all: readonly Finding[]): PowerOfAttorneyError {
  const code = (FORMAT_CODES.has(first.code) ? first.code : 'MCHD_SCHEMA_VIOLATION') as PowerOfAttorneyErrorCode;
  return new PowerOfAttorneyError(code, first.message, {
    path: first.path,
    findings: all
      .filter((f) => f.severity !== 'warning')
      .map((f) => ({ code: f.code, path: f.path, message: f.message })),
  });
}

/** Reads and validates a document, or throws the first finding as a {@link PowerOfAttorneyError}. */
export function readDocument(bytes: Uint8Array): PowerOfAttorneyDocument & { guid: string } {
  const read = readPowerOfAttorney(bytes);
  const errors = read.errors.filter((f) => f.severity !== 'warning');
  if (!read.valid || !read.document) {
    const first = errors[0] ?? { code: 'MCHD_SCHEMA_VIOLATION', path: '/', message: 'the document is not valid' };
    throw findingError(first as Finding, errors);
  }
  if (!read.document.guid) {
    throw new PowerOfAttorneyError('MCHD_GUID_MISSING', 'the document has no GUID (НомДовер)', {
      path: '/Доверенность/Документ',
    });
  }
  return read.document as PowerOfAttorneyDocument & { guid: string };
}

/**
 * Throws the signature problem that decides the verdict: `SIGNATURE_MALFORMED`, `SIGNATURE_INVALID` (digest,
 * signature value, chain, trust, algorithm, time stamp — `extensions.reason` says which), or
 * `CERTIFICATE_NOT_VALID_AT_SIGNING` (outside its validity or revoked at signing time).
 */
export function assertSignatureValid(verdict: SignatureVerdict): CertificateInfo {
  if (verdict.valid && verdict.signer) return verdict.signer;
  const codes = verdict.errors.map((e) => e.code as string);
  const first = (wanted: readonly string[]) => verdict.errors.find((e) => wanted.includes(e.code));
  const malformed = first(['SIGNATURE_MALFORMED']);
  if (malformed || !verdict.signer) {
    throw new PowerOfAttorneyError(
      'SIGNATURE_MALFORMED',
      malformed?.message ?? 'the signature has no signer certificate',
    );
  }
  const invalid = first([
    'DIGEST_MISMATCH',
    'SIGNATURE_INVALID',
    'UNSUPPORTED_ALGORITHM',
    'CHAIN_INVALID',
    'UNTRUSTED_ROOT',
    'TIMESTAMP_INVALID',
  ]);
  if (invalid)
    throw new PowerOfAttorneyError('SIGNATURE_INVALID', invalid.message, { reason: invalid.code, problems: codes });
  const notValid = first(['CERTIFICATE_NOT_VALID_AT_SIGNING', 'CERTIFICATE_REVOKED']);
  if (notValid) {
    throw new PowerOfAttorneyError('CERTIFICATE_NOT_VALID_AT_SIGNING', notValid.message, {
      reason: notValid.code,
      problems: codes,
    });
  }
  throw new PowerOfAttorneyError('SIGNATURE_INVALID', 'the signature did not verify', { problems: codes });
}

/** The signer's particulars as kept in the document store. */
export function signerDetails(signer: CertificateInfo, verdict: SignatureVerdict): SignerDetails {
  return {
    subject: signer.subject,
    commonName: signer.subjectName.commonName ?? null,
    thumbprint: signer.thumbprint.toLowerCase(),
    serialNumber: signer.serialNumber,
    issuer: signer.issuer,
    inn: signer.inn ?? null,
    innLe: signer.innLe ?? null,
    snils: signer.snils ?? null,
    ogrn: signer.ogrn ?? signer.ogrnip ?? null,
    notBefore: signer.notBefore.toISOString(),
    notAfter: signer.notAfter.toISOString(),
    algorithm: verdict.algorithm,
    signedAt: verdict.signedAt?.toISOString() ?? null,
  };
}

/** Ledger refusals as the API's codes (`PARENT_NOT_FOUND` becomes `NOT_FOUND` at the parent's path). */
export function ledgerError(e: unknown): never {
  if (!(e instanceof LedgerError)) throw e;
  switch (e.code) {
    case 'PARENT_NOT_FOUND':
      throw new PowerOfAttorneyError('NOT_FOUND', e.message, { path: '/Доверенность/Документ/Передов' });
    case 'INVALID_INPUT':
      throw new PowerOfAttorneyError('BAD_USER_INPUT', e.message);
    case 'MCHD_ALREADY_REGISTERED':
    case 'PARENT_NOT_ACTIVE':
    case 'REDELEGATION_NOT_ALLOWED':
    case 'VALIDITY_EXCEEDS_PARENT':
    case 'POWERS_EXCEED_PARENT':
    case 'IRREVOCABLE':
    case 'NOT_FOUND':
    case 'LEDGER_UNAVAILABLE':
      throw new PowerOfAttorneyError(e.code, e.message);
    default:
      throw e;
  }
}

/**
 * Registers an MCHD: decodes and validates the document (format layer), verifies the detached signature against
 * the trust store, matches the signer to the principal's signatories (or, for a re-delegation, to the parent's
 * representatives), keeps the original bytes in the document store, submits `Register` to the ledger with SHA-256
 * and Streebog-256 hashes, and indexes the record at once (the projection writes the same row again, idempotently,
 * and logs the REGISTERED event).
 *
 * Who may register: a `registrar` acting for one of the principals' organizations (claim `orgs`), or for a
 * re-delegation also for the organization or person who passes the powers on.
 *
 * @example
 * ```ts
 * const result = await registration.register(caller, xmlBytes, signatureBytes);
 * console.log(result.guid, result.transactionId, result.blockNumber);
 * ```
 */
export class RegistrationService {
  constructor(private readonly deps: ServiceDependencies) {}

  async register(
    caller: Caller | null,
    documentBytes: Uint8Array,
    signatureBytes: Uint8Array,
  ): Promise<RegistrationResult> {
    if (signatureBytes.length > MAX_SIGNATURE_BYTES) {
      throw new PowerOfAttorneyError(
        'INPUT_TOO_LARGE',
        `the signature has ${signatureBytes.length} bytes; the limit is ${MAX_SIGNATURE_BYTES}`,
        {
          path: 'input.signature',
        },
      );
    }
    if (signatureBytes.length === 0) throw new PowerOfAttorneyError('SIGNATURE_MALFORMED', 'the signature is empty');
    const doc = readDocument(documentBytes);
    const principals = principalsOf(doc);
    requireRegistrarFor(caller, [...principals.map((p) => p.inn), ...transferorInns(doc)], 'registering an MCHD');

    const em = this.deps.orm.em.fork();
    const index = new PowerOfAttorneyIndex(em);
    const parent = doc.parentGuid ? await this.parentOf(index, doc.parentGuid) : null;
    if (parent) {
      // A re-delegation's principals are its root's: the document's root block must name the registered ones.
      const claimed = [...new Set(principals.map((p) => p.inn))].sort().join(',');
      const actual = [...new Set(parent.record.principals.map((p) => p.inn))].sort().join(',');
      if (claimed !== actual) {
        throw new PowerOfAttorneyError(
          'MCHD_REDELEGATION_INCONSISTENT',
          `the root block names principals ${claimed || 'none'}, the registered chain has ${actual}`,
          { path: '/Доверенность/Документ/Передов/СвПервДовер' },
        );
      }
    }
    const candidates = parent ? parent.candidates : principalSignatories(doc);

    const verdict = await verifyDetachedSignature({
      content: documentBytes,
      signature: signatureBytes,
      trustStore: this.deps.trustStore,
      clock: this.deps.clock,
    });
    const signer = assertSignatureValid(verdict);
    const match = matchSigner(signer, candidates);
    if (!match.matched) {
      throw new PowerOfAttorneyError(
        'SIGNER_NOT_AUTHORIZED',
        doc.parentGuid
          ? `the signer (${signer.subject}) is not a representative of the parent MCHD ${doc.parentGuid}`
          : `the signer (${signer.subject}) is none of the principal's signatories`,
      );
    }

    const metadata = {
      ...metadataOf(doc, documentBytes, signatureBytes, signer.thumbprint),
      ...(parent ? { principals: parent.record.principals } : {}),
    };
    let stored = await em.findOne(StoredDocumentRow, { documentSha256: metadata.documentSha256 });
    if (stored && !stored.guid) {
      // An earlier attempt the ledger refused: keep this attempt's signature instead.
      em.remove(stored);
      await em.flush();
      stored = null;
    }
    if (!stored) {
      // Kept before the ledger write, so that an acknowledged registration always has its bytes. A registration
      // the ledger then refuses leaves the row unlinked (guid null) until the same document registers.
      stored = Object.assign(new StoredDocumentRow(), {
        documentSha256: metadata.documentSha256,
        guid: null,
        document: Buffer.from(documentBytes).toString('base64'),
        signature: Buffer.from(signatureBytes).toString('base64'),
        details: JSON.stringify(doc),
        signer: JSON.stringify(signerDetails(signer, verdict)),
        storedAt: this.deps.clock().toISOString(),
      });
      await em.persistAndFlush(stored);
    }

    const registration = await this.deps.ledger.register(metadata, this.deps.ledgerIdentity).catch(ledgerError);
    stored.guid = registration.guid;
    const row = await upsertRecord(em, registration.record, registration.blockNumber, this.deps.clock());
    await em.flush();
    const chain = await index.chainOf(row);
    return {
      guid: registration.guid,
      status: statusOfChain(chain, this.deps.clock()).status,
      transactionId: registration.transactionId,
      blockNumber: registration.blockNumber,
      alreadyRegistered: registration.alreadyRegistered,
      row,
    };
  }

  /** The parent's record and its representatives as signer candidates (from the index, else the ledger). */
  private async parentOf(
    index: PowerOfAttorneyIndex,
    parentGuid: string,
  ): Promise<{ record: PowerOfAttorneyRecord; candidates: SignerCandidate[] }> {
    const row = await index.get(parentGuid);
    const record = row ? recordOf(row) : await this.deps.ledger.get(parentGuid.toLowerCase()).catch(() => undefined);
    if (!record) {
      throw new PowerOfAttorneyError('NOT_FOUND', `the parent MCHD ${parentGuid} is not registered`, {
        path: '/Доверенность/Документ/Передов',
      });
    }
    if (row) {
      // The ledger checks the parent at the child's issue date; a parent revoked (or below a revoked one) by now
      // cannot hand powers on any more either.
      const status = statusOfChain(await index.chainOf(row), this.deps.clock()).status;
      if (status === 'REVOKED' || status === 'PARENT_INVALID') {
        throw new PowerOfAttorneyError('PARENT_NOT_ACTIVE', `the parent MCHD ${parentGuid} is ${status}`, {
          path: '/Доверенность/Документ/Передов',
        });
      }
    }
    const candidates: SignerCandidate[] = record.representatives.map((r) => ({
      ...(r.inn ? { inn: r.inn } : {}),
      ...(r.snils ? { snils: r.snils } : {}),
    }));
    // Names from the parent's stored document let a certificate without INN/SNILS match by full name.
    const stored = row ? await index.document(row) : null;
    if (stored) {
      const parentDoc = JSON.parse(stored.details) as PowerOfAttorneyDocument;
      parentDoc.representatives.forEach((r, i) => {
        const p = r.person?.person ?? r.entrepreneur?.person;
        if (p && candidates[i]) {
          candidates[i] = {
            ...candidates[i],
            lastName: p.lastName,
            firstName: p.firstName,
            ...(p.middleName ? { middleName: p.middleName } : {}),
          };
        }
      });
    }
    return { record, candidates };
  }
}

/** Re-exported for the revocation service. */
export { hashes };
