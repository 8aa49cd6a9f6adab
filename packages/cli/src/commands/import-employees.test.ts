import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateInnLegal, generateInnPerson, generateSnils, seededRandom } from '@mchd/identifiers';
import { EmploymentRow, openPersonDatabase, PersonDirectory, PersonRow } from '@mchd/person-subgraph';
import { OutboxEventRow } from '@mchd/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../command.js';
import { run } from './import-employees.js';

const random = seededRandom(7);
const ORG_INN = generateInnLegal(random);
const people = Array.from({ length: 3 }, (_, i) => ({
  inn: generateInnPerson(random),
  snils: generateSnils(random),
  lastName: `Петров${i}`,
}));

function io(cwd: string, env: NodeJS.ProcessEnv = {}): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd };
}

describe('mchd import-employees', () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mchd-import-'));
    dataDir = path.join(dir, 'data');
    const db = await openPersonDatabase({ dataDir });
    await new PersonDirectory(db.orm.em.fork(), db.outbox).createOrganization({ name: 'ООО Импорт', inn: ORG_INN });
    await db.close();
    const badSnils = `${people[0]!.snils.slice(0, -1)}${(Number(people[0]!.snils.slice(-1)) + 1) % 10}`;
    writeFileSync(
      path.join(dir, 'staff.csv'),
      [
        'lastName;firstName;middleName;inn;snils;birthDate;position;hiredOn;documentType;documentNumber',
        `${people[0]!.lastName};Пётр;Петрович;${people[0]!.inn};${people[0]!.snils};1985-03-04;Директор;2020-01-09;21;111111`,
        `${people[1]!.lastName};Анна;;${people[1]!.inn};;1990-12-31;Бухгалтер;2021-02-01;;`,
        `Сидоров;Олег;;;${badSnils};;Кладовщик;2022-03-01;;`,
        `${people[2]!.lastName};Иван;;;${people[2]!.snils};;Юрист;2022-13-01;;`,
        `${people[2]!.lastName};Иван;;;${people[2]!.snils};;Юрист;2022-04-01;;`,
        '',
      ].join('\n'),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports rows, reports bad ones by row, column and code, and is idempotent', async () => {
    const first = io(dir);
    expect(await run(['staff.csv', '--org', ORG_INN, '--data-dir', 'data', '--json'], first)).toBe(1);
    const report = JSON.parse(first.out.join(''));
    expect(report).toMatchObject({
      organizationInn: ORG_INN,
      rows: 5,
      created: 3,
      updated: 0,
      unchanged: 0,
      failed: 2,
    });
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 4, column: 'snils', code: 'INVALID_IDENTIFIER' }),
      expect.objectContaining({ row: 5, column: 'hiredOn', code: 'BAD_USER_INPUT' }),
    ]);

    const second = io(dir);
    expect(await run(['staff.csv', '--org', ORG_INN, '--data-dir', 'data', '--json'], second)).toBe(1);
    expect(JSON.parse(second.out.join(''))).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 2 });

    const db = await openPersonDatabase({ dataDir });
    try {
      const em = db.orm.em.fork();
      expect(await em.count(PersonRow, {})).toBe(3);
      expect(await em.count(EmploymentRow, {})).toBe(3);
      expect(await em.count(OutboxEventRow, { type: 'EMPLOYEE_HIRED' })).toBe(3);
      const first = await em.findOneOrFail(PersonRow, { inn: people[0]!.inn });
      expect(first).toMatchObject({
        middleName: 'Петрович',
        birthDate: '1985-03-04',
        documentType: '21',
        documentNumber: '111111',
      });
    } finally {
      await db.close();
    }
  });

  it('updates a changed position instead of hiring again', async () => {
    const csv = `lastName,firstName,inn,position,hiredOn\n${people[1]!.lastName},Анна,${people[1]!.inn},Главный бухгалтер,2021-02-01\n`;
    writeFileSync(path.join(dir, 'promotion.csv'), csv);
    const out = io(dir, { MCHD_DATA_DIR: dataDir });
    expect(await run(['promotion.csv', '--org', ORG_INN], out)).toBe(0);
    expect(out.out.join('')).toContain('0 created, 1 updated, 0 unchanged, 0 failed');
    const db = await openPersonDatabase({ dataDir });
    try {
      const em = db.orm.em.fork();
      const person = await em.findOneOrFail(PersonRow, { inn: people[1]!.inn });
      const jobs = await em.find(EmploymentRow, { personId: person.id });
      expect(jobs.map((j) => j.position)).toEqual(['Главный бухгалтер']);
    } finally {
      await db.close();
    }
  });

  it('refuses an unknown organization, a bad INN, an unknown column and missing arguments', async () => {
    const unknownOrg = io(dir);
    expect(
      await run(['staff.csv', '--org', generateInnLegal(random), '--data-dir', 'data', '--json'], unknownOrg),
    ).toBe(1);
    expect(JSON.parse(unknownOrg.out.join('')).error.code).toBe('NOT_FOUND');
    const badInn = io(dir);
    expect(await run(['staff.csv', '--org', '1234567890', '--data-dir', 'data', '--json'], badInn)).toBe(1);
    expect(JSON.parse(badInn.out.join('')).error.code).toBe('INVALID_IDENTIFIER');
    writeFileSync(path.join(dir, 'odd.csv'), 'lastName,firstName,salary\nA,B,1\n');
    await expect(run(['odd.csv', '--org', ORG_INN, '--data-dir', 'data'], io(dir))).rejects.toThrow(
      /unknown CSV column\(s\): salary/,
    );
    await expect(run(['staff.csv'], io(dir))).rejects.toThrow(/usage/);
  });
});
