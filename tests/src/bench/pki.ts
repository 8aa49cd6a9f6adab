/**
 * `npm run bench -- pki`: GOST R 34.10-2012 (256-bit, CryptoPro-A) verifications per second on one core, next to
 * the peer library @wavesenterprise/crypto-gost-js verifying the same signature in the same run, and ECDSA P-256
 * through WebCrypto as the native baseline. Also Streebog throughput and a whole CMS verification.
 *
 * Every figure is the median of several alternating rounds, in operations per second of process CPU time.
 */
import { webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  GostPublicKey,
  TestCa,
  TrustStore,
  generateGostKeyPair,
  gostParamSet,
  gostSignDigest,
  gostVerifyDigest,
  seededBytes,
  signDetached,
  streebog256,
  verifyDetachedSignature,
} from '@mchd/pki';
import type { BenchResult } from './result.js';

interface PeerEngine {
  getGostDigest(algorithm: Record<string, unknown>): { digest(data: Uint8Array): ArrayBuffer };
  getGostSign(algorithm: Record<string, unknown>): {
    verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): boolean;
  };
}

const require = createRequire(import.meta.url);
const peer = (require('@wavesenterprise/crypto-gost-js') as { GostEngine: PeerEngine }).GostEngine;

const ROUNDS = 3;
const ROUND_MS = 1500;

/**
 * Operations per second of CPU time of this process (user + system), measured over about `ms` milliseconds of
 * wall time. CPU time, not wall time: the machines are shared and noisy, and these loops run on one thread, so
 * CPU time is the time of one core actually spent on them.
 */
function rateSync(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  let now = start;
  while (now - start < ms) {
    fn();
    n++;
    if ((n & 7) === 0) now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return n / ((used.user + used.system) / 1e6);
}

async function rateAsync(fn: () => Promise<unknown>, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  const used = process.cpuUsage(cpu);
  return n / ((used.user + used.system) / 1e6);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function bench(): Promise<BenchResult[]> {
  const set = gostParamSet('cryptopro-a');
  if (!set) throw new Error('cryptopro-a missing');
  const pair = generateGostKeyPair(set, seededBytes('bench'));
  // The message is the size of a CMS SignedAttributes set (what is actually signed).
  const message = seededBytes('message')(240);
  const signature = gostSignDigest(set, pair.privateKey, streebog256(message));
  const publicKey = pair.publicKey.toBytes();

  const peerSign = peer.getGostSign({
    name: 'GOST R 34.10',
    version: 2012,
    mode: 'SIGN',
    length: 256,
    procreator: 'CP',
    namedCurve: 'S-256-A',
    hash: { name: 'GOST R 34.11', version: 2012, mode: 'HASH', length: 256, procreator: 'CP' },
  });
  const peerDigest = peer.getGostDigest({ name: 'GOST R 34.11', version: 2012, length: 256 });

  // Same signature, checked by all three before measuring.
  const ours = () =>
    gostVerifyDigest(GostPublicKey.fromBytes(set, publicKey, { cache: false }), streebog256(message), signature);
  const oursWarm = () => gostVerifyDigest(GostPublicKey.fromBytes(set, publicKey), streebog256(message), signature);
  const theirs = () => peerSign.verify(publicKey, signature, message);
  if (!ours() || !oursWarm() || !oursWarm() || !theirs()) throw new Error('the bench signature does not verify');

  const ecKeys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const ecSig = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecKeys.privateKey, message);
  const ecdsa = () => webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecKeys.publicKey, ecSig, message);
  if (!(await ecdsa())) throw new Error('ECDSA baseline does not verify');

  const big = seededBytes('streebog')(1 << 20);
  const oursHash = () => streebog256(big);
  const peerHash = () => peerDigest.digest(big);
  if (Buffer.from(oursHash()).compare(Buffer.from(new Uint8Array(peerHash()))) !== 0)
    throw new Error('Streebog disagrees with the peer');

  // A whole CAdES-BES verification of a 12 KB document (digest, signature, certificate, chain, validity).
  const clock = () => new Date('2026-03-01T09:00:00Z');
  const ca = await TestCa.create({ algorithm: 'gost256', name: 'Bench CA', clock });
  const signer = await ca.issueEndEntity({ subject: { commonName: 'Bench Signer', inn: '500100732259' } });
  const doc = seededBytes('doc')(12 * 1024);
  const cms = await signDetached({
    content: doc,
    certificate: signer.certificate,
    privateKey: signer.privateKey!,
    signingTime: new Date('2026-03-01T10:00:00Z'),
  });
  const trustStore = TrustStore.fromCertificates([ca.certificate]);
  const cmsVerify = async () => {
    const v = await verifyDetachedSignature({ content: doc, signature: cms, trustStore });
    if (!v.valid) throw new Error('bench CMS invalid');
  };
  await cmsVerify();

  const r = {
    cold: [] as number[],
    warm: [] as number[],
    peer: [] as number[],
    ecdsa: [] as number[],
    cms: [] as number[],
    hash: [] as number[],
    peerHash: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    r.cold.push(rateSync(ours, ROUND_MS));
    r.warm.push(rateSync(oursWarm, ROUND_MS));
    r.peer.push(rateSync(theirs, ROUND_MS));
    r.ecdsa.push(await rateAsync(ecdsa, ROUND_MS));
    r.cms.push(await rateAsync(cmsVerify, ROUND_MS));
    r.hash.push(rateSync(oursHash, ROUND_MS / 3));
    r.peerHash.push(rateSync(peerHash, ROUND_MS / 3));
  }
  const cold = median(r.cold);
  const warm = median(r.warm);
  const peerRate = median(r.peer);
  const ecdsaRate = median(r.ecdsa);
  const params = {
    curve: 'cryptopro-a (id-GostR3410-2001-CryptoPro-A-ParamSet)',
    messageBytes: message.length,
    rounds: ROUNDS,
  };
  const peerName = '@wavesenterprise/crypto-gost-js 2.0.1 verify';
  return [
    {
      name: 'pki.gost256.verify',
      value: cold,
      unit: 'verifications/s',
      baseline: { name: peerName, value: peerRate },
      ratio: cold / peerRate,
      params: { ...params, keyCache: false },
    },
    {
      name: 'pki.gost256.verify.repeat-signer',
      value: warm,
      unit: 'verifications/s',
      baseline: { name: peerName, value: peerRate },
      ratio: warm / peerRate,
      params: { ...params, keyCache: true, note: 'public key seen before: its multiples are precomputed' },
    },
    {
      name: 'pki.gost256.verify.vs-native-ecdsa-p256',
      value: cold,
      unit: 'verifications/s',
      baseline: { name: 'WebCrypto ECDSA P-256 / SHA-256 verify', value: ecdsaRate },
      ratio: cold / ecdsaRate,
      params,
    },
    {
      name: 'pki.cms.gost256.verify-12kb',
      value: median(r.cms),
      unit: 'verifications/s',
      params: {
        documentBytes: doc.length,
        parts: 'digest, signed attributes, signature, signing certificate, chain, validity',
      },
    },
    {
      name: 'pki.streebog256.throughput',
      value: median(r.hash),
      unit: 'MB/s',
      baseline: { name: '@wavesenterprise/crypto-gost-js 2.0.1 digest', value: median(r.peerHash) },
      ratio: median(r.hash) / median(r.peerHash),
      params: { inputBytes: big.length },
    },
  ];
}
