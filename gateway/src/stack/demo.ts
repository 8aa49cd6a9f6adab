import { issueDevelopmentToken } from '@mchd/auth';
import { generateInnLegal, generateInnPerson, generateOgrn, generateSnils, seededRandom } from '@mchd/identifiers';
import { postGraphQL } from './graphql-client.js';

/** Where to load the demo data set. */
export interface DemoTarget {
  /** The gateway's GraphQL URL. */
  readonly url: string;
  /** Data directory holding the development key (the loader signs its own admin token). */
  readonly dataDir: string;
}

interface DemoOrganization {
  readonly name: string;
  readonly inn: string;
  readonly kpp: string;
  readonly ogrn: string;
  readonly employees: ReadonlyArray<{
    lastName: string;
    firstName: string;
    middleName: string;
    position: string;
    inn: string;
    snils: string;
    birthDate: string;
  }>;
}

const NAMES = [
  ['Иванов', 'Иван', 'Иванович'],
  ['Петрова', 'Мария', 'Сергеевна'],
  ['Сидоров', 'Алексей', 'Петрович'],
  ['Кузнецова', 'Анна', 'Дмитриевна'],
  ['Смирнов', 'Олег', 'Викторович'],
  ['Волкова', 'Елена', 'Андреевна'],
  ['Морозов', 'Дмитрий', 'Игоревич'],
  ['Новикова', 'Ольга', 'Николаевна'],
  ['Фёдоров', 'Сергей', 'Александрович'],
] as const;
const POSITIONS = ['Генеральный директор', 'Главный бухгалтер', 'Юрист'] as const;

/**
 * The demo data set, the same on every run (seeded identifiers): a parent company with two subsidiaries, three
 * employees each (director, chief accountant, lawyer).
 *
 * @example
 * ```ts
 * const [parent, ...subsidiaries] = demoOrganizations();
 * ```
 */
export function demoOrganizations(): DemoOrganization[] {
  const random = seededRandom(20261123);
  const names = ['ПАО «Северный холдинг»', 'ООО «Северный холдинг — Логистика»', 'ООО «Северный холдинг — Сервис»'];
  let n = 0;
  return names.map((name, i) => ({
    name,
    inn: generateInnLegal(random),
    kpp: `77${String(10 + i)}01001`,
    ogrn: generateOgrn(random),
    employees: POSITIONS.map((position) => {
      const [lastName, firstName, middleName] = NAMES[n++ % NAMES.length] ?? NAMES[0];
      return {
        lastName,
        firstName,
        middleName,
        position,
        inn: generateInnPerson(random),
        snils: generateSnils(random),
        birthDate: `19${70 + n}-0${1 + (n % 9)}-1${n % 10}`,
      };
    }),
  }));
}

/**
 * Loads the demo data set through the gateway's public API; running it again changes nothing (existing
 * organizations and people are found by INN and kept). Returns a one-line summary.
 *
 * @example
 * ```ts
 * await loadDemoData({ url: 'http://127.0.0.1:4000/graphql', dataDir: './data' });
 * ```
 */
export async function loadDemoData(target: DemoTarget): Promise<string> {
  const orgs = demoOrganizations();
  const token = await issueDevelopmentToken(
    { dataDir: target.dataDir },
    { roles: ['admin', 'auditor'], orgs: orgs.map((o) => o.inn), subject: 'demo-loader', ttlSeconds: 600 },
  );
  let created = 0;
  let parentId: string | null = null;
  for (const org of orgs) {
    const found = await postGraphQL<{ organizationByInn: { id: string } | null }>(
      target.url,
      token,
      'query($inn: String!) { organizationByInn(inn: $inn) { id } }',
      { inn: org.inn },
    );
    let orgId: string | undefined = found.organizationByInn?.id;
    if (!orgId) {
      const made: { createOrganization: { id: string } } = await postGraphQL(
        target.url,
        token,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
        { input: { name: org.name, inn: org.inn, kpp: org.kpp, ogrn: org.ogrn, parentId } },
      );
      orgId = made.createOrganization.id;
      created++;
      for (const e of org.employees) {
        const person = await postGraphQL<{ personByInn: { id: string } | null }>(
          target.url,
          token,
          'query($inn: String!) { personByInn(inn: $inn) { id } }',
          { inn: e.inn },
        );
        const personId =
          person.personByInn?.id ??
          (
            await postGraphQL<{ createPerson: { id: string } }>(
              target.url,
              token,
              'mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }',
              {
                input: {
                  lastName: e.lastName,
                  firstName: e.firstName,
                  middleName: e.middleName,
                  inn: e.inn,
                  snils: e.snils,
                  birthDate: e.birthDate,
                },
              },
            )
          ).createPerson.id;
        await postGraphQL(
          target.url,
          token,
          'mutation($input: HireEmployeeInput!) { hireEmployee(input: $input) { id } }',
          { input: { personId, organizationId: orgId, position: e.position, hiredOn: '2024-02-01' } },
        );
      }
    }
    parentId ??= orgId ?? null;
  }
  const people = orgs.reduce((s, o) => s + o.employees.length, 0);
  return created === 0
    ? `already present (${orgs.length} organizations, ${people} employees)`
    : `${created} organizations and their employees created (parent INN ${orgs[0]?.inn})`;
}
