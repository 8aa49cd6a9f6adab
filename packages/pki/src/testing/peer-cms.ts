/**
 * Test-only: a CMS signature made by the peer library's own CMS module (@wavesenterprise/crypto-gost-js), for the
 * reverse interoperability check. The peer's certificates and SignerInfo lack the serial number (a bug of the
 * library), so tests take the pieces they need — signer key, signed attributes, signature value — with asn1js.
 */
import { createRequire } from 'node:module';

interface PeerX509 {
  subject: Record<string, string>;
  generate(provider: string): Promise<unknown>;
  sign(privateKey: unknown): Promise<unknown>;
  encode(format: 'DER'): ArrayBuffer;
}
interface PeerSignedData {
  content: { encapContentInfo: { eContentType: string; eContent: ArrayBuffer } };
  addSignature(key: unknown, cert: PeerX509, signedAttrs: boolean): Promise<void>;
  encode(format: 'DER'): ArrayBuffer;
}
interface PeerCrypto {
  cert: { X509: new () => PeerX509 };
  cms: { SignedDataContentInfo: new () => PeerSignedData };
}

const require = createRequire(import.meta.url);
const peer = (require('@wavesenterprise/crypto-gost-js') as { CryptoGost: PeerCrypto }).CryptoGost;

/** Signs `content` (attached, with signed attributes) with a fresh self-signed key of the peer's `TC-256` or `TC-512` provider. */
export async function peerSignCms(
  content: Uint8Array,
  provider: 'TC-256' | 'TC-512',
): Promise<{ cms: Uint8Array; certificate: Uint8Array }> {
  const cert = new peer.cert.X509();
  cert.subject = { commonName: 'Peer Signer' };
  const key = await cert.generate(provider);
  await cert.sign(key);
  const cms = new peer.cms.SignedDataContentInfo();
  cms.content.encapContentInfo = { eContentType: 'data', eContent: content.slice().buffer };
  await cms.addSignature(key, cert, true);
  return { cms: new Uint8Array(cms.encode('DER')), certificate: new Uint8Array(cert.encode('DER')) };
}
