/**
 * Test-only access to the peer library @wavesenterprise/crypto-gost-js (a devDependency), used to show that
 * this package's encodings interoperate with an independent GOST implementation. Not exported from the package.
 */
import { createRequire } from 'node:module';

interface PeerDigest {
  digest(data: Uint8Array): ArrayBuffer;
}
interface PeerSign {
  sign(privateKey: Uint8Array, data: Uint8Array): ArrayBuffer;
  verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): boolean;
  generateKey(): { privateKey: ArrayBuffer; publicKey: ArrayBuffer };
}
interface PeerEngine {
  getGostDigest(algorithm: Record<string, unknown>): PeerDigest;
  getGostSign(algorithm: Record<string, unknown>): PeerSign;
}

const require = createRequire(import.meta.url);
const peer = require('@wavesenterprise/crypto-gost-js') as { GostEngine: PeerEngine };

/** Streebog through the peer library. */
export function peerDigest(data: Uint8Array, bits: 256 | 512): Uint8Array {
  return new Uint8Array(
    peer.GostEngine.getGostDigest({ name: 'GOST R 34.11', version: 2012, length: bits }).digest(data),
  );
}

/**
 * A GOST R 34.10-2012 signer/verifier of the peer library in CryptoPro conventions (little-endian keys, signature
 * s||r big-endian), for the peer's curve name (`S-256-A` = CryptoPro A, `S-256-B`, `S-256-C`, `T-512-A`, `T-512-B`).
 */
export function peerSigner(curve: string, bits: 256 | 512): PeerSign {
  return peer.GostEngine.getGostSign({
    name: 'GOST R 34.10',
    version: 2012,
    mode: 'SIGN',
    length: bits,
    procreator: 'CP',
    namedCurve: curve,
    hash: { name: 'GOST R 34.11', version: 2012, mode: 'HASH', length: bits, procreator: 'CP' },
  });
}
