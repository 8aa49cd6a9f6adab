import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@mchd/cli';
import { readRevocationApplication } from '@mchd/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningWorld } from './documents.js';

// The suite's signed documents are what `mchd verify` accepts offline: valid format, digest, signature, chain to the
// trust directory, certificate valid at signing, signer = the principal's director (or the parent's representative).
let dir: string;
let world: SigningWorld;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mchd-poa-docs-'));
  world = await SigningWorld.create(dir);
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function verify(
  xml: Uint8Array,
  sig: Uint8Array,
  name: string,
): Promise<{ code: number; json: Record<string, unknown> }> {
  await writeFile(join(dir, `${name}.xml`), xml);
  await writeFile(join(dir, `${name}.sig`), sig);
  let out = '';
  const code = await main(['verify', `${name}.xml`, '--sig', `${name}.sig`, '--trust', world.trustDir, '--json'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    env: {},
    cwd: dir,
  });
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

describe('signed test documents', () => {
  it('verify for each algorithm, for a three-level chain, and fail for the untrusted CA', async () => {
    const root = await world.powerOfAttorney({ seed: 11, algorithm: 'gost256' });
    const child = await world.powerOfAttorney({ seed: 12, algorithm: 'ecdsa-p256', parent: root });
    const grandchild = await world.powerOfAttorney({ seed: 13, algorithm: 'gost512', parent: child });
    for (const m of [root, child, grandchild]) {
      const r = await verify(m.xml, m.signature, m.doc.fileId);
      expect(r.json['errors'], m.algorithm).toEqual([]);
      expect(r.code).toBe(0);
      expect(m.principalInn).toBe(root.principalInn);
    }
    expect(grandchild.doc.rootGuid).toBe(root.guid);
    expect(grandchild.doc.parentGuid).toBe(child.guid);
    const stranger = await world.powerOfAttorney({ seed: 14, untrusted: true });
    const r = await verify(stranger.xml, stranger.signature, stranger.doc.fileId);
    expect(r.code).toBe(1);
    expect((r.json['signature'] as Record<string, unknown>)['chainValid']).toBe(false);
  }, 60_000);

  it('make a revocation application signed by the principal signatory', async () => {
    const m = await world.powerOfAttorney({ seed: 15 });
    const { application, signature } = await world.revocation(m, 'Увольнение представителя');
    const read = readRevocationApplication(application);
    expect(read.errors).toEqual([]);
    expect(read.application).toMatchObject({ guid: m.guid, applicant: { role: 'principal', inn: m.principalInn } });
    expect(signature.length).toBeGreaterThan(100);
  });
});
