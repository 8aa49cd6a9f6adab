import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPowerOfAttorneyXml, examplePowerOfAttorney } from '@mchd/format';
import { describe, expect, it } from 'vitest';
import { run } from './inspect.js';
import { UsageError, type CommandIo } from '../command.js';

function capture(cwd: string): { io: CommandIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd },
    out: () => out,
    err: () => err,
  };
}

describe('mchd inspect', () => {
  it('prints the API.md JSON for a valid document and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-inspect-'));
    const root = examplePowerOfAttorney({ seed: 1, redelegation: 'successive' });
    const doc = examplePowerOfAttorney({ seed: 2, parent: root });
    await writeFile(join(dir, `${doc.fileId}.xml`), buildPowerOfAttorneyXml(doc, { encoding: 'windows-1251' }));
    const c = capture(dir);
    expect(await run([`${doc.fileId}.xml`, '--json'], c.io)).toBe(0);
    const json = JSON.parse(c.out()) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['document', 'errors', 'format', 'valid']);
    expect(json).toMatchObject({ valid: true, format: 'EMCHD_1', errors: [] });
    const d = json.document as Record<string, unknown>;
    expect(Object.keys(d).sort()).toEqual(
      [
        'guid',
        'number',
        'internalNumber',
        'issuedOn',
        'validUntil',
        'redelegation',
        'principals',
        'representatives',
        'powers',
        'parentGuid',
        'rootGuid',
      ].sort(),
    );
    expect(d).toMatchObject({ guid: doc.guid, rootGuid: root.guid, parentGuid: root.guid, validUntil: doc.validUntil });
    const principal = (d.principals as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.keys(principal).sort()).toEqual(['inn', 'kpp', 'name', 'ogrn', 'signatories', 'type']);
    const rep = (d.representatives as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.keys(rep).sort()).toEqual(['firstName', 'inn', 'lastName', 'middleName', 'snils', 'type']);
    expect(rep.snils).toBe(doc.representatives[0]?.person?.snils);
    expect((d.powers as unknown[])[0]).toEqual({ code: 'KLASS_2.0_SIGN', name: 'Подписание документов' });
  });

  it('reports coded errors with paths and exits 1 for an invalid document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-inspect-'));
    const doc = examplePowerOfAttorney({ seed: 3 });
    const xml = new TextDecoder().decode(buildPowerOfAttorneyXml(doc)).replace('ПрПередов="2"', 'ПрПередов="9"');
    await writeFile(join(dir, 'renamed.xml'), xml);
    const c = capture(dir);
    expect(await run(['renamed.xml', '--json'], c.io)).toBe(1);
    const json = JSON.parse(c.out()) as { valid: boolean; errors: { code: string; path: string }[]; document: unknown };
    expect(json.valid).toBe(false);
    expect(json.document).toBeNull();
    expect(json.errors).toContainEqual(
      expect.objectContaining({ code: 'MCHD_SCHEMA_VIOLATION', path: '/Доверенность/Документ/Довер/СвДов/@ПрПередов' }),
    );
    const human = capture(dir);
    expect(await run(['renamed.xml'], human.io)).toBe(1);
    expect(human.out()).toContain('INVALID');
    expect(human.out()).toContain('MCHD_SCHEMA_VIOLATION');
  });

  it('flags a file name that differs from ИдФайл, and exits 2 on usage errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mchd-inspect-'));
    const doc = examplePowerOfAttorney({ seed: 4 });
    await writeFile(join(dir, 'doc.xml'), buildPowerOfAttorneyXml(doc));
    const c = capture(dir);
    expect(await run(['doc.xml', '--json'], c.io)).toBe(1);
    expect(JSON.parse(c.out()).errors).toEqual([expect.objectContaining({ code: 'MCHD_FILE_NAME_MISMATCH' })]);
    // Usage errors are thrown as UsageError, which the dispatcher (main) turns into exit code 2.
    await expect(run([], capture(dir).io)).rejects.toThrow(UsageError);
    await expect(run(['doc.xml', '--bogus'], capture(dir).io)).rejects.toThrow(UsageError);
    const missing = capture(dir);
    expect(await run(['missing.xml'], missing.io)).toBe(2);
    expect(missing.err()).toContain('cannot read missing.xml');
  });
});
