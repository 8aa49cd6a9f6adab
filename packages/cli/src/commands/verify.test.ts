import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPowerOfAttorneyXml, examplePowerOfAttorney, inspectSummary, readPowerOfAttorney } from '@mchd/format';
import { TestCa, addSigner, signDetached } from '@mchd/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandIo, UsageError } from '../command.js';
import { run, signerCandidates } from './verify.js';

const clock = () => new Date('2026-03-01T09:00:00Z');
let dir: string;
let xmlName: string;
let io: CommandIo & { out: string[]; err: string[] };

async function runJson(
  args: string[],
): Promise<{ code: number; json: Record<string, unknown> & { signature: Record<string, unknown> } }> {
  io.out.length = 0;
  const code = await run([...args, '--json'], io);
  return { code, json: JSON.parse(io.out.join('')) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mchd-verify-'));
  const out: string[] = [];
  const err: string[] = [];
  io = { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir };

  const doc = examplePowerOfAttorney({
    seed: 3,
    principalType: 'legalEntity',
    issuedOn: '2026-02-20',
    validUntil: '2027-02-20',
  });
  xmlName = `${doc.fileId}.xml`;
  const xml = buildPowerOfAttorneyXml(doc);
  const summary = inspectSummary(readPowerOfAttorney(xml));
  const signatory = summary?.principals[0]?.signatories[0];
  if (!signatory) throw new Error('example without signatory');

  const ca = await TestCa.create({ algorithm: 'gost256', name: 'Verify CLI CA', clock });
  const signer = await ca.issueEndEntity({
    subject: {
      commonName: `${signatory.lastName} ${signatory.firstName}`,
      surname: signatory.lastName,
      givenName: [signatory.firstName, signatory.middleName].filter(Boolean).join(' '),
      inn: signatory.inn ?? undefined,
      snils: signatory.snils ?? undefined,
    },
  });
  const stranger = await ca.issueEndEntity({ subject: { commonName: 'Посторонний Человек', inn: '390000000007' } });
  const signingTime = new Date('2026-03-01T10:00:00Z');
  await writeFile(join(dir, xmlName), xml);
  await writeFile(
    join(dir, 'poa.xml.sig'),
    await signDetached({ content: xml, certificate: signer.certificate, privateKey: signer.privateKey!, signingTime }),
  );
  await writeFile(
    join(dir, 'stranger.sig'),
    await signDetached({
      content: xml,
      certificate: stranger.certificate,
      privateKey: stranger.privateKey!,
      signingTime,
    }),
  );
  await mkdir(join(dir, 'tampered'));
  const tampered = xml.slice();
  const i = Buffer.from(tampered).lastIndexOf(Buffer.from('2027'));
  tampered[i + 3] = 0x38; // 2027 -> 2028: a one-byte change in the signed document
  await writeFile(join(dir, 'tampered', xmlName), tampered);
  await writeFile(join(dir, 'garbage.sig'), 'not a signature');
  const own = await signDetached({
    content: xml,
    certificate: signer.certificate,
    privateKey: signer.privateKey!,
    signingTime,
  });
  await writeFile(
    join(dir, 'joint.sig'),
    await addSigner(own, {
      content: xml,
      certificate: stranger.certificate,
      privateKey: stranger.privateKey!,
      signingTime,
    }),
  );
  await mkdir(join(dir, 'trust'));
  await writeFile(join(dir, 'trust', 'ca.cer'), ca.certificate);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mchd verify', () => {
  it('reports a valid document signed by the principal signatory', async () => {
    const { code, json } = await runJson([xmlName, '--sig', 'poa.xml.sig', '--trust', 'trust']);
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
    expect(json.valid).toBe(true);
    expect(json.format).toBeTruthy();
    expect(json.document).toBeTruthy();
    expect(json.signature).toMatchObject({
      valid: true,
      algorithm: 'GOST R 34.10-2012 256 / Streebog-256',
      signedAt: '2026-03-01T10:00:00.000Z',
      digestMatches: true,
      chainValid: true,
      signerMatchesPrincipal: true,
      signerMatch: 'identifier',
    });
    const signer = json.signature.signer as Record<string, unknown>;
    expect(Object.keys(signer)).toEqual(
      expect.arrayContaining([
        'subject',
        'inn',
        'snils',
        'ogrn',
        'serialNumber',
        'thumbprint',
        'notBefore',
        'notAfter',
      ]),
    );
  });

  it('reports each part when the document was changed after signing', async () => {
    const { code, json } = await runJson([join('tampered', xmlName), '--sig', 'poa.xml.sig', '--trust', 'trust']);
    expect(code).toBe(1);
    expect(json.valid).toBe(false);
    expect(json.signature).toMatchObject({ digestMatches: false, chainValid: true, signerMatchesPrincipal: true });
    expect((json.errors as { code: string }[]).map((e) => e.code)).toContain('DIGEST_MISMATCH');
  });

  it('flags a signer who is not a signatory of the principal', async () => {
    const { code, json } = await runJson([xmlName, '--sig', 'stranger.sig', '--trust', 'trust']);
    expect(code).toBe(1);
    expect(json.signature).toMatchObject({ valid: true, signerMatchesPrincipal: false });
    expect((json.errors as { code: string }[]).map((e) => e.code)).toContain('SIGNER_NOT_AUTHORIZED');
  });

  it('checks every signer of a jointly signed document', async () => {
    const { code, json } = await runJson([xmlName, '--sig', 'joint.sig', '--trust', 'trust']);
    expect(code).toBe(1);
    expect(json.signature).toMatchObject({ valid: true, signerMatchesPrincipal: true });
    const signers = json.signers as { valid: boolean; signerMatchesPrincipal: boolean }[];
    expect(signers.map((s) => [s.valid, s.signerMatchesPrincipal])).toEqual([
      [true, true],
      [true, false],
    ]);
    expect((json.errors as { code: string }[]).map((e) => e.code)).toEqual(['SIGNER_NOT_AUTHORIZED']);
  });

  it('without a trust store the chain is not valid; --at outside the certificate period is reported', async () => {
    const untrusted = await runJson([xmlName, '--sig', 'poa.xml.sig']);
    expect(untrusted.code).toBe(1);
    expect(untrusted.json.signature).toMatchObject({ chainValid: false, digestMatches: true });
    const late = await runJson([xmlName, '--sig', 'poa.xml.sig', '--trust', 'trust', '--at', '2030-01-01T00:00:00Z']);
    expect(late.code).toBe(1);
    expect(late.json.signature).toMatchObject({ certificateValidAtSigning: false });
  });

  it('gives SIGNATURE_MALFORMED for garbage and exit 2 for usage errors', async () => {
    const { code, json } = await runJson([xmlName, '--sig', 'garbage.sig', '--trust', 'trust']);
    expect(code).toBe(1);
    expect((json.errors as { code: string }[]).map((e) => e.code)).toContain('SIGNATURE_MALFORMED');
    // The dispatcher (main) turns these into exit code 2.
    await expect(run(['poa.xml'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(run([xmlName, '--sig', 'poa.xml.sig', '--at', 'yesterday'], io)).rejects.toBeInstanceOf(UsageError);
    await expect(run([xmlName, '--sig', 'missing.sig'], io)).rejects.toThrow(/cannot read signature/);
    await expect(run([xmlName, '--sig', 'poa.xml.sig', '--trust', 'nowhere'], io)).rejects.toMatchObject({
      code: 'TRUST_STORE_UNREADABLE',
    });
  });

  it('prints a readable report without --json', async () => {
    io.out.length = 0;
    const code = await run([xmlName, '--sig', 'poa.xml.sig', '--trust', 'trust'], io);
    expect(code).toBe(0);
    expect(io.out.join('')).toMatch(/^VALID: ON_EMCHD_/);
  });
});

describe('signerCandidates', () => {
  it('for a re-delegation, is the representative of the parent who passes the powers on', () => {
    const parent = examplePowerOfAttorney({
      seed: 5,
      principalType: 'legalEntity',
      representativeType: 'person',
      redelegation: 'once',
    });
    const child = examplePowerOfAttorney({ seed: 6, parent });
    const rep = parent.representatives[0]?.person;
    expect(rep).toBeTruthy();
    const candidates = signerCandidates(child);
    expect(candidates.some((c) => c.inn === rep?.inn && c.lastName === rep?.person.lastName)).toBe(true);
    // The root's principal signatories are not the signers of a re-delegation.
    const rootSignatories = signerCandidates(parent);
    for (const s of rootSignatories)
      expect(candidates.some((c) => c.inn === s.inn && c.snils === s.snils)).toBe(s.inn === rep?.inn);
  });
});
