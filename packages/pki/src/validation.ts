/**
 * "Was this certificate valid at time T": the path to a trust anchor (signatures, CA flags, validity periods),
 * the private key usage period, and revocation against CRLs given offline.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { verifySignature } from './algorithms.js';
import { certificateSignatureParts, type CertificateInfo } from './certificate.js';
import { bytesEqual, encode, toArrayBuffer } from './der.js';
import { PkiError, type VerificationProblem } from './errors.js';
import { certificateInfoOf, type CertificateInput, type TrustStore } from './trust-store.js';

/** Options of {@link isCertificateValidAt}. */
export interface ValidationOptions {
  readonly trustStore: TrustStore;
  /** CRLs (DER or PEM bytes) besides those of the trust store. */
  readonly crls?: readonly Uint8Array[];
  /** Certificates that may be intermediates (e.g. those a CMS carries). */
  readonly intermediates?: readonly CertificateInput[];
}

/** A revocation found in a CRL. */
export interface RevocationInfo {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reason?: string;
}

/** The answer of {@link isCertificateValidAt}. */
export interface CertificateStatus {
  /** Everything holds: chain to a trust anchor, validity at T, not revoked at T. */
  readonly valid: boolean;
  /** The path to a trust anchor exists and every signature on it is correct. */
  readonly chainValid: boolean;
  /** The certificate (and its private key usage period) covered T, and it was not revoked at T. */
  readonly validAtTime: boolean;
  /** The certificate's revocation, when a CRL lists it (at any time). */
  readonly revocation?: RevocationInfo;
  /** The path, from the certificate to the anchor. */
  readonly chain: readonly CertificateInfo[];
  readonly errors: readonly VerificationProblem[];
}

const REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'unused',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
];

/** Certificate signatures already found correct, as `child SHA-256 / issuer SHA-256`: a signature never changes. */
const verifiedLinks = new Set<string>();
const VERIFIED_LINKS_SIZE = 2048;

async function signedBy(child: CertificateInfo, issuer: CertificateInfo): Promise<boolean> {
  const link = `${child.sha256}/${issuer.sha256}`;
  if (verifiedLinks.has(link)) return true;
  const parts = certificateSignatureParts(child.der);
  let ok: boolean;
  try {
    ok = await verifySignature(issuer.publicKeyInfo, parts.algorithm, parts.tbs, parts.signature);
  } catch {
    ok = false;
  }
  if (ok) {
    verifiedLinks.add(link);
    if (verifiedLinks.size > VERIFIED_LINKS_SIZE) verifiedLinks.delete(verifiedLinks.values().next().value as string);
  }
  return ok;
}

function inPeriod(at: Date, from: Date | undefined, to: Date | undefined): boolean {
  const t = at.getTime();
  return (from === undefined || t >= from.getTime()) && (to === undefined || t <= to.getTime());
}

interface ParsedCrl {
  readonly issuerDer: Uint8Array;
  readonly crl: pkijs.CertificateRevocationList;
}

function parseCrls(list: readonly Uint8Array[]): ParsedCrl[] {
  const out: ParsedCrl[] = [];
  for (const bytes of list) {
    try {
      let der = bytes;
      const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
      if (text.includes('-----BEGIN')) {
        const m = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(
          Buffer.from(bytes).toString('latin1'),
        );
        if (!m) continue;
        der = new Uint8Array(Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64'));
      }
      const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
      out.push({ issuerDer: encode(crl.issuer.toSchema()), crl });
    } catch {
      // An unreadable CRL is skipped; it cannot revoke anything.
    }
  }
  return out;
}

async function crlSignedBy(entry: ParsedCrl, issuer: CertificateInfo): Promise<boolean> {
  const { crl } = entry;
  const params = crl.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
  try {
    return await verifySignature(
      issuer.publicKeyInfo,
      {
        oid: crl.signatureAlgorithm.algorithmId,
        params: params && !(params instanceof asn1js.Null) ? encode(params as asn1js.BaseBlock) : undefined,
      },
      new Uint8Array(crl.tbsView),
      new Uint8Array(crl.signatureValue.valueBlock.valueHexView),
    );
  } catch {
    return false;
  }
}

function serialHex(int: asn1js.Integer): string {
  const bytes = new Uint8Array(int.valueBlock.valueHexView);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.subarray(start)).toString('hex').toUpperCase();
}

async function findRevocation(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  crls: ParsedCrl[],
): Promise<RevocationInfo | undefined> {
  for (const entry of crls) {
    if (!bytesEqual(entry.issuerDer, cert.issuerDer)) continue;
    const listed = (entry.crl.revokedCertificates ?? []).find(
      (r) => serialHex(r.userCertificate) === cert.serialNumber,
    );
    if (!listed) continue;
    if (!(await crlSignedBy(entry, issuer))) continue;
    let reason: string | undefined;
    for (const ext of listed.crlEntryExtensions?.extensions ?? []) {
      if (ext.extnID === '2.5.29.21') {
        const v = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView.slice().buffer).result;
        if (v instanceof asn1js.Enumerated) reason = REASONS[v.valueBlock.valueDec] ?? String(v.valueBlock.valueDec);
      }
    }
    return { serialNumber: cert.serialNumber, revokedAt: listed.revocationDate.value, reason };
  }
  return undefined;
}

/**
 * Checks a certificate at time `at`: builds the path to a self-signed certificate of the trust store (checking
 * every signature and that issuers are CAs), checks validity periods at `at` (and the signer's private key usage
 * period), and looks the certificates up in the CRLs. Never throws for a bad certificate: problems come back as
 * `errors` with codes `CHAIN_INVALID`, `UNTRUSTED_ROOT`, `CERTIFICATE_NOT_VALID_AT_SIGNING`, `CERTIFICATE_REVOKED`.
 *
 * @example
 * ```ts
 * const status = await isCertificateValidAt(signerDer, new Date('2026-03-01T10:00:00Z'), { trustStore, crls: [crlDer] });
 * if (!status.valid) console.log(status.errors);
 * ```
 */
export async function isCertificateValidAt(
  cert: CertificateInput,
  at: Date,
  options: ValidationOptions,
): Promise<CertificateStatus> {
  let leaf: CertificateInfo;
  try {
    leaf = certificateInfoOf(cert);
  } catch (e) {
    const message = e instanceof PkiError ? e.message : String(e);
    return {
      valid: false,
      chainValid: false,
      validAtTime: false,
      chain: [],
      errors: [{ code: 'CHAIN_INVALID', message }],
    };
  }
  const errors: VerificationProblem[] = [];
  const pool: CertificateInfo[] = [...options.trustStore.certificates];
  for (const c of options.intermediates ?? []) {
    try {
      pool.push(certificateInfoOf(c));
    } catch {
      // Unreadable extra certificates cannot be path elements.
    }
  }
  const chain: CertificateInfo[] = [leaf];
  let chainValid = false;
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    if (current.selfIssued && options.trustStore.contains(current)) {
      chainValid = true;
      break;
    }
    const candidates = pool.filter((c) => bytesEqual(c.subjectDer, current.issuerDer) && c.sha256 !== current.sha256);
    let issuer: CertificateInfo | undefined;
    for (const c of candidates) {
      if (await signedBy(current, c)) {
        issuer = c;
        break;
      }
    }
    if (!issuer) {
      if (current.selfIssued) {
        errors.push({ code: 'UNTRUSTED_ROOT', message: `root "${current.subject}" is not in the trust store` });
      } else if (candidates.length > 0) {
        errors.push({
          code: 'CHAIN_INVALID',
          message: `the signature of "${current.subject}" does not verify with its issuer's key`,
        });
      } else {
        errors.push({
          code: 'UNTRUSTED_ROOT',
          message: `no trusted issuer "${current.issuer}" for "${current.subject}"`,
        });
      }
      break;
    }
    if (!issuer.isCa) {
      errors.push({ code: 'CHAIN_INVALID', message: `issuer "${issuer.subject}" is not a CA` });
      break;
    }
    if (issuer.keyUsage.length > 0 && !issuer.keyUsage.includes('keyCertSign')) {
      errors.push({ code: 'CHAIN_INVALID', message: `issuer "${issuer.subject}" may not sign certificates` });
      break;
    }
    chain.push(issuer);
    current = issuer;
  }

  let validAtTime = true;
  if (!inPeriod(at, leaf.notBefore, leaf.notAfter)) {
    validAtTime = false;
    errors.push({
      code: 'CERTIFICATE_NOT_VALID_AT_SIGNING',
      message: `certificate valid ${leaf.notBefore.toISOString()} – ${leaf.notAfter.toISOString()}, not at ${at.toISOString()}`,
    });
  } else if (
    leaf.privateKeyUsagePeriod &&
    !inPeriod(at, leaf.privateKeyUsagePeriod.notBefore, leaf.privateKeyUsagePeriod.notAfter)
  ) {
    validAtTime = false;
    errors.push({
      code: 'CERTIFICATE_NOT_VALID_AT_SIGNING',
      message: `the private key usage period does not cover ${at.toISOString()}`,
    });
  }
  for (const ca of chain.slice(1)) {
    if (!inPeriod(at, ca.notBefore, ca.notAfter)) {
      chainValid = false;
      errors.push({
        code: 'CHAIN_INVALID',
        message: `CA certificate "${ca.subject}" was not valid at ${at.toISOString()}`,
      });
    }
  }

  const crls = parseCrls([...options.trustStore.crls, ...(options.crls ?? [])]);
  let revocation: RevocationInfo | undefined;
  for (let i = 0; i + 1 < chain.length; i++) {
    const subject = chain[i] as CertificateInfo;
    const found = await findRevocation(subject, chain[i + 1] as CertificateInfo, crls);
    if (!found) continue;
    if (i === 0) revocation = found;
    if (found.revokedAt.getTime() <= at.getTime()) {
      errors.push({
        code: 'CERTIFICATE_REVOKED',
        message: `certificate "${subject.subject}" revoked at ${found.revokedAt.toISOString()}${found.reason ? ` (${found.reason})` : ''}`,
      });
      if (i === 0) {
        validAtTime = false;
        errors.push({
          code: 'CERTIFICATE_NOT_VALID_AT_SIGNING',
          message: `the certificate was revoked before ${at.toISOString()}`,
        });
      } else {
        chainValid = false;
      }
    }
  }
  return { valid: chainValid && validAtTime, chainValid, validAtTime, revocation, chain, errors };
}
