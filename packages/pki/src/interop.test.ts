import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './algorithms.js';
import { canonicalSetOf, verifyDetachedSignature } from './cms-verify.js';
import { encode } from './der.js';
import { streebog256, streebog512 } from './gost/streebog.js';
import { OID } from './oids.js';
import { peerSignCms } from './testing/peer-cms.js';
import { TrustStore } from './trust-store.js';

type Node = asn1js.AsnType & { valueBlock: { value?: Node[] } };
const kids = (n: Node): Node[] => (n.valueBlock.value ?? []) as Node[];

/** The SubjectPublicKeyInfo of the peer's certificate: the TBS element that is SEQUENCE { SEQUENCE, BIT STRING }. */
function peerSpki(cert: Uint8Array): Uint8Array {
  const tbs = kids(asn1js.fromBER(cert.slice().buffer).result as Node)[0] as Node;
  const spki = kids(tbs).find((e) => e instanceof asn1js.Sequence && kids(e)[1] instanceof asn1js.BitString);
  if (!spki) throw new Error('no SubjectPublicKeyInfo');
  return encode(spki as asn1js.Sequence);
}

describe('CMS signed by @wavesenterprise/crypto-gost-js, checked here', () => {
  it.each([['TC-256', 256] as const, ['TC-512', 512] as const])(
    '%s: message digest and signature over the signed attributes verify',
    async (provider, bits) => {
      const content = new TextEncoder().encode(`content signed by the peer library, ${bits} bits`);
      const { cms, certificate } = await peerSignCms(content, provider);
      const signedData = kids(kids(asn1js.fromBER(cms.slice().buffer).result as Node)[1] as Node)[0] as Node;
      const signerInfo = kids(
        kids(signedData).find(
          (e) =>
            e instanceof asn1js.Set &&
            kids(e)[0] instanceof asn1js.Sequence &&
            kids(kids(e)[0] as Node)[0] instanceof asn1js.Integer,
        ) as Node,
      )[0] as Node;
      const fields = kids(signerInfo);
      const signedAttrs = fields.find((f) => f.idBlock.tagClass === 3 && f.idBlock.tagNumber === 0) as Node;
      const signature = fields[fields.length - 1] as unknown as asn1js.OctetString;
      const attrsDer = encode(signedAttrs as asn1js.Constructed);
      attrsDer[0] = 0x31;
      // The peer's message digest is Streebog of the content as computed here.
      const md = kids(signedAttrs)
        .map((a) => kids(a))
        .find(([oid]) => (oid as unknown as asn1js.ObjectIdentifier).valueBlock.toString() === OID.messageDigest);
      const mdValue = new Uint8Array(
        (kids(md?.[1] as Node)[0] as unknown as asn1js.OctetString).valueBlock.valueHexView,
      );
      expect(Buffer.from(mdValue).equals(Buffer.from(bits === 256 ? streebog256(content) : streebog512(content)))).toBe(
        true,
      );
      const spki = peerSpki(certificate);
      const sig = new Uint8Array(signature.valueBlock.valueHexView);
      const alg = { oid: bits === 256 ? OID.gost3410_2012_256 : OID.gost3410_2012_512 };
      // The peer signs the DER of the attributes (sorted) but writes them unsorted: verify over the DER, as
      // verifyDetachedSignature does when the bytes as received do not verify.
      const der = canonicalSetOf(attrsDer) as Uint8Array;
      expect(await verifySignature(spki, alg, der, sig)).toBe(true);
      const tampered = der.slice();
      tampered[tampered.length - 3] = (tampered[tampered.length - 3] as number) ^ 1;
      expect(await verifySignature(spki, alg, tampered, sig)).toBe(false);
      // The whole CMS (its SignerInfo lacks the serial number) still gives a verdict, not an exception.
      const verdict = await verifyDetachedSignature({
        content,
        signature: cms,
        trustStore: TrustStore.fromCertificates([]),
      });
      expect(verdict.valid).toBe(false);
    },
  );
});
