import { generateKeyPairSync, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { describePublicKey, digest, verifySignature } from './algorithms.js';
import { PkiError } from './errors.js';
import { generateKeyPair } from './keys.js';
import { OID } from './oids.js';

const data = new TextEncoder().encode('signed bytes');

function pssParams(hashOid: string, salt: number): Uint8Array {
  const hashAlg = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashOid })] });
  const mgf = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.mgf1 }), hashAlg] });
  return new Uint8Array(
    new asn1js.Sequence({
      value: [
        new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [hashAlg] }),
        new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [mgf] }),
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 2 },
          value: [new asn1js.Integer({ value: salt })],
        }),
      ],
    }).toBER(),
  );
}

describe('verifySignature through WebCrypto', () => {
  it('verifies RSA-PSS with the parameters of the algorithm identifier', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    const sig = new Uint8Array(sign('sha256', data, { key: privateKey, padding: 6, saltLength: 32 }));
    const alg = { oid: OID.rsaPss, params: pssParams(OID.sha256, 32) };
    expect(await verifySignature(spki, alg, data, sig)).toBe(true);
    expect(await verifySignature(spki, alg, Uint8Array.of(1), sig)).toBe(false);
    expect(describePublicKey(spki).name).toBe('RSA 2048');
  });

  it('accepts the key algorithm plus a digest, as CMS SignerInfos often name ECDSA and RSA', async () => {
    const key = generateKeyPair('ecdsa-p256', { seed: 'x' });
    expect(await verifySignature(key.publicKeyInfo(), { oid: OID.ecPublicKey }, data, key.sign(data), OID.sha256)).toBe(
      true,
    );
    const rsa = generateKeyPair('rsa');
    expect(
      await verifySignature(rsa.publicKeyInfo(), { oid: OID.rsaEncryption }, data, rsa.sign(data), OID.sha256),
    ).toBe(true);
  });

  it('refuses a signature algorithm that does not fit the key with UNSUPPORTED_ALGORITHM', async () => {
    const gost = generateKeyPair('gost256', { seed: 'g' });
    await expect(
      verifySignature(gost.publicKeyInfo(), { oid: OID.signWithGost3411_2012_512 }, data, gost.sign(data)),
    ).rejects.toBeInstanceOf(PkiError);
    await expect(
      verifySignature(gost.publicKeyInfo(), { oid: OID.ecdsaWithSha256 }, data, gost.sign(data)),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_ALGORITHM',
    });
    expect(() => digest('1.2.3.4', data)).toThrow(PkiError);
  });
});
