/**
 * "Who signed": matching a signer certificate to the persons a document names as its possible signatories (for
 * an MCHD the principal's signatories acting without a power of attorney; for a re-delegation the representative
 * of the parent MCHD). Kept independent of the MCHD format: callers map their document to {@link SignerCandidate}.
 */
import { normalizeSnils } from '@mchd/identifiers';
import { type CertificateInfo } from './certificate.js';

/** A person who may sign, as the document names them. */
export interface SignerCandidate {
  readonly inn?: string;
  readonly snils?: string;
  readonly lastName?: string;
  readonly firstName?: string;
  readonly middleName?: string;
}

/** The result of {@link matchSigner}. */
export interface SignerMatch {
  readonly matched: boolean;
  /** `identifier`: INN or SNILS equal; `name`: only the full name matched (weaker: the certificate lacks them). */
  readonly strength: 'identifier' | 'name' | 'none';
  /** Index of the matched candidate. */
  readonly candidateIndex?: number;
}

function normName(s: string | undefined): string {
  return (s ?? '').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

function snilsDigits(s: string | undefined): string | undefined {
  if (!s) return undefined;
  return normalizeSnils(s.trim()) ?? (s.replace(/\D/g, '') || undefined);
}

/** The certificate holder's full name: surname + given name (which in Russian certificates holds name and patronymic), else the CN. */
function certificateFullName(cert: CertificateInfo): string {
  const { surname, givenName, commonName } = cert.subjectName;
  if (surname && givenName) return normName(`${surname} ${givenName}`);
  return normName(commonName);
}

function candidateFullName(c: SignerCandidate): string {
  return normName([c.lastName, c.firstName, c.middleName].filter(Boolean).join(' '));
}

/**
 * Finds which candidate the certificate belongs to: first by INN or SNILS (a candidate whose identifier contradicts
 * the certificate's is never matched), then, when identifiers cannot decide, by full name (reported as the weaker
 * `name` match).
 *
 * @example
 * ```ts
 * const m = matchSigner(verdict.signer, document.principals[0].signatories);
 * if (m.strength === 'identifier') …
 * ```
 */
export function matchSigner(cert: CertificateInfo, candidates: ReadonlyArray<SignerCandidate>): SignerMatch {
  const certSnils = snilsDigits(cert.snils);
  const certInn = cert.inn;
  const conflicts = (c: SignerCandidate): boolean => {
    const snils = snilsDigits(c.snils);
    return (!!certInn && !!c.inn && c.inn !== certInn) || (!!certSnils && !!snils && snils !== certSnils);
  };
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as SignerCandidate;
    if (conflicts(c)) continue;
    const snils = snilsDigits(c.snils);
    if ((certInn && c.inn === certInn) || (certSnils && snils === certSnils)) {
      return { matched: true, strength: 'identifier', candidateIndex: i };
    }
  }
  const certName = certificateFullName(cert);
  if (certName) {
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i] as SignerCandidate;
      if (conflicts(c)) continue;
      const name = candidateFullName(c);
      if (name && name === certName) return { matched: true, strength: 'name', candidateIndex: i };
    }
  }
  return { matched: false, strength: 'none' };
}
