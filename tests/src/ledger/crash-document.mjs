// Metadata of the crash test's documents, shared by crash-child.mjs and crash.test.ts.
import { createHash } from 'node:crypto';

/** Metadata of document `i`: the same for the same index in every process. */
export function crashDocument(i) {
  const h = (s) => createHash('sha256').update(`crash:${s}:${i}`).digest('hex');
  return {
    number: `CRASH-${i}`,
    format: 'EMCHD_1',
    issuedOn: '2025-01-01',
    validUntil: '2035-12-31',
    principals: [{ inn: '7707083893' }],
    representatives: [{ snils: '11223344595' }],
    powers: ['P1'],
    redelegation: 'none',
    kind: 'revocable',
    documentSha256: h('doc'),
    documentStreebog256: h('doc-gost'),
    signatureSha256: h('sig'),
    signatureStreebog256: h('sig-gost'),
    signerThumbprint: h('signer').slice(0, 40),
  };
}
