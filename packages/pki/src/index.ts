/**
 * @mchd/pki: CMS signature verification with GOST R 34.10-2012 / Streebog (and RSA, ECDSA through WebCrypto),
 * X.509 certificates with the Russian attributes, chains, CRLs and time stamps, signer matching, and a test CA.
 */
export { PkiError, type PkiErrorCode, type VerificationProblem } from './errors.js';
export { OID } from './oids.js';
export { type Clock, systemClock } from './clock.js';
export { Streebog, streebog256, streebog512 } from './gost/streebog.js';
export { GOST_PARAM_SETS, gostParamSet, type GostParamSet } from './gost/param-sets.js';
export {
  GostPublicKey,
  decodeGostSignature,
  encodeGostSignature,
  generateGostKeyPair,
  gostDigestToInteger,
  gostHash,
  gostKeyPairFromPrivate,
  gostSignDigest,
  gostSignInteger,
  gostVerifyDigest,
  gostVerifyInteger,
  type GostKeyPair,
  type GostSignatureValue,
  type RandomBytes,
} from './gost/gost3410.js';
export {
  describePublicKey,
  digest,
  signatureAlgorithmName,
  verifySignature,
  type PublicKeyDescription,
} from './algorithms.js';
export {
  PrivateKey,
  generateKeyPair,
  seededBytes,
  type AlgorithmId,
  type KeyAlgorithm,
  type KeyGenerationOptions,
} from './keys.js';
export { parseCertificate, type CertificateInfo, type NameParts } from './certificate.js';
export { TrustStore, type CertificateInput } from './trust-store.js';
export {
  isCertificateValidAt,
  type CertificateStatus,
  type RevocationInfo,
  type ValidationOptions,
} from './validation.js';
export {
  verifyAllSigners,
  verifyDetachedSignature,
  type SignatureVerdict,
  type TimestampVerdict,
  type VerifyDetachedOptions,
} from './cms-verify.js';
export { addSigner, signDetached, type SignOptions, type TimeStampAuthority } from './cms-sign.js';
export { matchSigner, type SignerCandidate, type SignerMatch } from './signer-match.js';
export {
  TestCa,
  TestTsa,
  createCsr,
  readCsr,
  type CsrInfo,
  type EndEntityOptions,
  type IssuedCertificate,
  type RevocationReason,
  type RevokedEntry,
  type TestCaOptions,
} from './test-ca.js';
export { type SubjectInput } from './x509-builder.js';
