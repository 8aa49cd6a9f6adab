import { auditServer } from 'graphql-http';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoOrganizations } from '@mchd/gateway';
import { generateInnPerson, generateSnils, seededRandom } from '@mchd/identifiers';
import { startStackFixture, type StackFixture } from './stack-fixture.js';

// The whole stack as `npm start` runs it (each part its own process), reached only through the gateway over real
// HTTP and WebSocket.
let f: StackFixture;
const [parent, subsidiary] = demoOrganizations();
const random = seededRandom(7);
let admin: string;
let parentId: string;

beforeAll(async () => {
  f = await startStackFixture();
  admin = await f.token(['admin'], [parent!.inn, subsidiary!.inn]);
  const made = await f.graphql<{ createOrganization: { id: string } }>(
    'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
    { input: { name: parent!.name, inn: parent!.inn, kpp: parent!.kpp, ogrn: parent!.ogrn } },
    admin,
  );
  expect(made.errors).toBeUndefined();
  parentId = made.data!.createOrganization.id;
  await f.graphql(
    'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
    { input: { name: subsidiary!.name, inn: subsidiary!.inn, kpp: subsidiary!.kpp, ogrn: subsidiary!.ogrn, parentId } },
    admin,
  );
}, 120_000);

afterAll(async () => {
  await f?.close();
});

async function hire(organizationId: string, lastName: string): Promise<{ personId: string; employmentId: string }> {
  const person = await f.graphql<{ createPerson: { id: string } }>(
    'mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }',
    {
      input: {
        lastName,
        firstName: 'Анна',
        inn: generateInnPerson(random),
        snils: generateSnils(random),
        birthDate: '1990-05-17',
      },
    },
    admin,
  );
  expect(person.errors).toBeUndefined();
  const personId = person.data!.createPerson.id;
  const hired = await f.graphql<{ hireEmployee: { id: string } }>(
    'mutation($input: HireEmployeeInput!) { hireEmployee(input: $input) { id } }',
    { input: { personId, organizationId, position: 'Бухгалтер', hiredOn: '2025-03-01' } },
    admin,
  );
  expect(hired.errors).toBeUndefined();
  return { personId, employmentId: hired.data!.hireEmployee.id };
}

describe('through the gateway over HTTP', () => {
  it('answers a query that crosses all three subgraphs', async () => {
    await hire(parentId, 'Соколова');
    const answer = await f.graphql<{
      organizationByInn: {
        name: string;
        subsidiaries: Array<{ inn: string }>;
        powersOfAttorney: unknown[];
        employees: {
          totalCount: number;
          edges: Array<{ node: { position: string; person: Record<string, unknown> } }>;
        };
      };
    }>(
      `query($inn: String!) { organizationByInn(inn: $inn) {
          name subsidiaries { inn } powersOfAttorney { guid }
          employees(first: 10) { totalCount edges { node { position person {
            lastName certificates { id thumbprint } powersOfAttorney(role: REPRESENTATIVE) { guid status } } } } } } }`,
      { inn: parent!.inn },
      await f.token(['auditor']),
    );
    expect(answer.errors).toBeUndefined();
    const org = answer.data!.organizationByInn;
    expect(org.name).toBe(parent!.name);
    expect(org.subsidiaries.map((s) => s.inn)).toEqual([subsidiary!.inn]);
    expect(org.powersOfAttorney).toEqual([]);
    expect(org.employees.totalCount).toBeGreaterThanOrEqual(1);
    const node = org.employees.edges.find((e) => e.node.person['lastName'] === 'Соколова')!.node;
    expect(node.position).toBe('Бухгалтер');
    expect(node.person).toEqual({ lastName: 'Соколова', certificates: [], powersOfAttorney: [] });
  });

  it("refuses a call without a token (UNAUTHENTICATED) and outside the caller's organizations (FORBIDDEN)", async () => {
    const anonymous = await f.graphql('query($inn: String!) { organizationByInn(inn: $inn) { name } }', {
      inn: parent!.inn,
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');

    const outsider = await f.token(['admin'], [subsidiary!.inn]);
    const write = await f.graphql(
      'mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { id } }',
      { input: { id: parentId, name: 'Захват' } },
      outsider,
    );
    expect(write.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const read = await f.graphql(
      'query($inn: String!) { organizationByInn(inn: $inn) { employees { totalCount } } }',
      { inn: parent!.inn },
      await f.token(['observer'], [subsidiary!.inn]),
    );
    expect(read.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('rejects a bad identifier with INVALID_IDENTIFIER and the argument path, writing nothing', async () => {
    const bad = await f.graphql(
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      { input: { name: 'Ошибка', inn: '7707083894' } },
      await f.token(['admin'], ['7707083894']),
    );
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('INVALID_IDENTIFIER');
    expect(bad.errors?.[0]?.extensions?.['path']).toBe('input.inn');
    const none = await f.graphql('{ organizationByInn(inn: "7707083893") { id } }', {}, await f.token(['auditor']));
    expect(none.data?.['organizationByInn']).toBeNull();
  });

  it('enforces the depth and body size limits', async () => {
    const auditor = await f.token(['auditor']);
    const deep = await f.graphql(
      `{ organizations { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } }`,
      {},
      auditor,
    );
    expect(deep.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
    const big = await fetch(f.stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5 * 1024 * 1024) } }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
      'INPUT_TOO_LARGE',
    );
  });

  it('follows the GraphQL-over-HTTP specification (graphql-http audit: every MUST passes)', async () => {
    const token = await f.token(['auditor']);
    const results = await auditServer({
      url: f.stack.url,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    });
    const mustFailures = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok');
    expect(mustFailures.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });
});

describe('through the gateway over WebSocket', () => {
  it('passes a person-subgraph subscription through, with fields of other subgraphs in each event', async () => {
    const client = createClient({
      url: f.stack.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${admin}` },
      retryAttempts: 0,
    });
    const events: Array<{ employmentEvents: { type: string; person: Record<string, unknown> } }> = [];
    let resolveFirst: () => void = () => undefined;
    const first = new Promise<void>((r) => (resolveFirst = r));
    const errors: unknown[] = [];
    const unsubscribe = client.subscribe<{ employmentEvents: { type: string; person: Record<string, unknown> } }>(
      {
        query: `subscription($inn: String) { employmentEvents(organizationInn: $inn) {
          type person { lastName certificates { id } powersOfAttorney(role: REPRESENTATIVE) { guid } } } }`,
        variables: { inn: subsidiary!.inn },
      },
      {
        next: (v) => {
          if (v.data) events.push(v.data);
          else errors.push(v.errors);
          resolveFirst();
        },
        error: (e) => {
          errors.push(e);
          resolveFirst();
        },
        complete: () => undefined,
      },
    );
    const subsidiaryId = (
      await f.graphql<{ organizationByInn: { id: string } }>(
        'query($inn: String!) { organizationByInn(inn: $inn) { id } }',
        { inn: subsidiary!.inn },
        admin,
      )
    ).data!.organizationByInn.id;
    // the upstream subscription is set up asynchronously: hire until the first event arrives (bounded)
    for (let i = 0; i < 40 && events.length === 0 && errors.length === 0; i++) {
      await hire(subsidiaryId, `Орлова${i}`);
      await Promise.race([first, new Promise((r) => setTimeout(r, 250))]);
    }
    unsubscribe();
    await client.dispose();
    expect(errors).toEqual([]);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]!.employmentEvents.type).toBe('HIRED');
    expect(events[0]!.employmentEvents.person).toMatchObject({ certificates: [], powersOfAttorney: [] });
    expect(String(events[0]!.employmentEvents.person['lastName'])).toMatch(/^Орлова\d+$/);
  });
});
