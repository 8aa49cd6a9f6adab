import { generateInnLegal, generateInnPerson, generateSnils, seededRandom } from '@mchd/identifiers';
import {
  consumeFeed,
  disposeTestSubgraph,
  ormCursorStore,
  postGraphQL,
  testDatabases,
  testSubgraphConfig,
  type FeedEvent,
  type Subgraph,
  type TestSubgraphConfig,
} from '@mchd/subgraph-kit';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPersonSubgraph } from './index.js';

const random = seededRandom(20261123);
const ORG_INN = generateInnLegal(random);
const OTHER_INN = generateInnLegal(random);
const FIXED_NOW = new Date('2026-11-23T12:00:00.000Z');

describe.each(testDatabases())('person subgraph on %s', (database) => {
  let t: TestSubgraphConfig;
  let subgraph: Subgraph;
  let url: string;
  let admin: string;
  let observer: string;
  let otherAdmin: string;
  let auditor: string;
  let operator: string;
  let service: string;
  const queries: string[] = [];
  let orgId = '';

  const gql = <D = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
    postGraphQL<D>(url, query, variables, token);

  beforeAll(async () => {
    t = testSubgraphConfig('person', database);
    subgraph = createPersonSubgraph(t.config, { clock: () => FIXED_NOW, onQuery: (sql) => queries.push(sql) });
    ({ url } = await subgraph.start());
    admin = await t.token(['admin'], [ORG_INN]);
    observer = await t.token(['observer'], [ORG_INN]);
    otherAdmin = await t.token(['admin'], [OTHER_INN]);
    auditor = await t.token(['auditor']);
    operator = await t.token(['operator']);
    service = await t.token(['service'], [], 'certificate-subgraph');
  });

  afterAll(async () => {
    await disposeTestSubgraph(subgraph, t);
  });

  it('answers /healthz and /readyz', async () => {
    const base = url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', name: 'person' });
  });

  it('refuses calls without a token and with a bad token', async () => {
    const none = await gql('{ organizations { totalCount } }');
    expect(none.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await gql('{ organizations { totalCount } }', {}, 'not-a-jwt');
    expect(bad.status).toBe(401);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a bad INN with INVALID_IDENTIFIER and the argument path', async () => {
    const badInn = `${ORG_INN.slice(0, 9)}${(Number(ORG_INN[9]) + 1) % 10}`;
    const r = await gql(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: 'Bad', inn: badInn } },
      await t.token(['admin'], [badInn]),
    );
    expect(r.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_IDENTIFIER',
      path: 'input.inn',
      problem: 'CHECKSUM',
    });
    const q = await gql('query { personBySnils(snils: "123") { id } }', {}, auditor);
    expect(q.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_IDENTIFIER',
      path: 'snils',
      problem: 'FORMAT',
    });
  });

  it('creates organizations with a parent and subsidiaries', async () => {
    const create = await gql<{ createOrganization: { id: string; inn: string } }>(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id inn } }',
      { i: { name: 'АО Головная', inn: ORG_INN, kpp: '770701001' } },
      admin,
    );
    expect(create.body.errors).toBeUndefined();
    orgId = create.body.data!.createOrganization.id;
    const sub = await gql<{ createOrganization: { id: string; parent: { id: string } } }>(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id parent { id } } }',
      { i: { name: 'ООО Дочка', inn: OTHER_INN, parentId: orgId } },
      admin,
    );
    expect(sub.body.errors).toBeUndefined();
    expect(sub.body.data!.createOrganization.parent.id).toBe(orgId);
    const read = await gql<{ organizationByInn: { subsidiaries: { inn: string }[] } }>(
      `{ organizationByInn(inn: "${ORG_INN}") { subsidiaries { inn } } }`,
      {},
      operator,
    );
    expect(read.body.data!.organizationByInn.subsidiaries).toEqual([{ inn: OTHER_INN }]);
    const dup = await gql(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: 'Again', inn: ORG_INN } },
      admin,
    );
    expect(dup.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', path: 'input.inn' });
    const foreign = await gql(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: 'Not mine', inn: generateInnLegal(random) } },
      admin,
    );
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  const people: { id: string; employmentId: string; inn: string; snils: string }[] = [];

  it('creates and hires people; the outbox records the hires', async () => {
    for (let i = 0; i < 5; i += 1) {
      const inn = generateInnPerson(random);
      const snils = generateSnils(random);
      const p = await gql<{ createPerson: { id: string; snils: string } }>(
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id snils } }',
        {
          i: {
            lastName: `Иванов${i}`,
            firstName: 'Иван',
            middleName: 'Иванович',
            inn,
            snils,
            birthDate: '1990-01-0' + (i + 1),
            identityDocument: { type: '21', series: '4510', number: `12345${i}`, issuedOn: '2010-05-01' },
          },
        },
        admin,
      );
      expect(p.body.errors).toBeUndefined();
      expect(p.body.data!.createPerson.snils).toBe(snils.replace(/\D/g, ''));
      const h = await gql<{ hireEmployee: { id: string; active: boolean } }>(
        'mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id active } }',
        {
          i: {
            personId: p.body.data!.createPerson.id,
            organizationId: orgId,
            position: 'Бухгалтер',
            hiredOn: '2024-01-10',
          },
        },
        admin,
      );
      expect(h.body.errors).toBeUndefined();
      people.push({ id: p.body.data!.createPerson.id, employmentId: h.body.data!.hireEmployee.id, inn, snils });
    }
    const events = await subgraph.outbox.read(0, 100);
    expect(events.filter((e) => e.type === 'EMPLOYEE_HIRED')).toHaveLength(5);
    expect(events[0]!.at).toBe(FIXED_NOW.toISOString());
  });

  it('paginates employees with cursors and totalCount', async () => {
    const page = `query($first: Int, $after: String) { organization(id: "${'$ORG'}") {
      employees(first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const q = page.replace('$ORG', orgId);
    type Page = {
      organization: {
        employees: {
          totalCount: number;
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const first = await gql<Page>(q, { first: 2 }, admin);
    expect(first.body.errors).toBeUndefined();
    const e1 = first.body.data!.organization.employees;
    expect(e1.totalCount).toBe(5);
    expect(e1.edges.map((e) => e.node.id)).toEqual(people.slice(0, 2).map((p) => p.employmentId));
    expect(e1.pageInfo.hasNextPage).toBe(true);
    const second = await gql<Page>(q, { first: 3, after: e1.pageInfo.endCursor }, admin);
    const e2 = second.body.data!.organization.employees;
    expect(e2.edges.map((e) => e.node.id)).toEqual(people.slice(2).map((p) => p.employmentId));
    expect(e2.pageInfo.hasNextPage).toBe(false);
    const bad = await gql(q, { first: 2, after: 'garbage!' }, admin);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'after' });
    const tooMany = await gql(q, { first: 1000 }, admin);
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'first' });
  });

  it('batches a nested list with DataLoader: the query count does not grow with the list', async () => {
    const nested = `{ organization(id: "${orgId}") { employees(first: 50) { edges { node {
      position person { fullName snils employments { organization { name parent { name } } } } } } } } }`;
    queries.length = 0;
    const r = await gql<{ organization: { employees: { edges: unknown[] } } }>(nested, {}, admin);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.organization.employees.edges).toHaveLength(5);
    const selects = queries.filter((q) => /\bselect\b/i.test(q)).length;
    // organization, employees page, employees count, the 5 persons in one batch, their employments in one batch
    // (their organizations come from the loader's cache). Without DataLoader: 1 + 2 + 5 + 5 + 5 at least.
    expect(selects).toBe(5);
    expect(queries.filter((q) => /person. as .p0. where .p0.\..id. in \(/.test(q))).toHaveLength(1);
  });

  it('shows personal data to the org admin and the auditor, masks it (null) for observers and operators', async () => {
    const q = `{ person(id: "${people[0]!.id}") { inn snils birthDate identityDocument { number } } }`;
    const asAdmin = await gql<{
      person: { snils: string | null; birthDate: string | null; identityDocument: unknown };
    }>(q, {}, admin);
    expect(asAdmin.body.data!.person.snils).toBe(people[0]!.snils.replace(/\D/g, ''));
    expect(asAdmin.body.data!.person.birthDate).toBe('1990-01-01');
    expect(asAdmin.body.data!.person.identityDocument).toEqual({ number: '123450' });
    const asAuditor = await gql<{ person: { snils: string | null } }>(q, {}, auditor);
    expect(asAuditor.body.data!.person.snils).toBe(people[0]!.snils.replace(/\D/g, ''));
    for (const token of [observer, operator]) {
      const masked = await gql<{ person: { inn: string; snils: null; birthDate: null; identityDocument: null } }>(
        q,
        {},
        token,
      );
      expect(masked.body.errors).toBeUndefined();
      expect(masked.body.data!.person).toEqual({
        inn: people[0]!.inn,
        snils: null,
        birthDate: null,
        identityDocument: null,
      });
    }
  });

  it("forbids reading another organization's people", async () => {
    const r = await gql(`{ organization(id: "${orgId}") { employees { totalCount } } }`, {}, otherAdmin);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const p = await gql(`{ person(id: "${people[0]!.id}") { id } }`, {}, otherAdmin);
    expect(p.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hire = await gql(
      'mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }',
      { i: { personId: people[0]!.id, organizationId: orgId, position: 'X', hiredOn: '2024-01-01' } },
      observer,
    );
    expect(hire.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('finds people by INN and by SNILS in any accepted form', async () => {
    const s = people[1]!.snils.replace(/\D/g, '');
    const formatted = `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6, 9)} ${s.slice(9)}`;
    const bySnils = await gql<{ personBySnils: { id: string } }>(
      `{ personBySnils(snils: "${formatted}") { id } }`,
      {},
      auditor,
    );
    expect(bySnils.body.data!.personBySnils.id).toBe(people[1]!.id);
    const byInn = await gql<{ personByInn: { id: string } }>(
      `{ personByInn(inn: "${people[1]!.inn}") { id } }`,
      {},
      admin,
    );
    expect(byInn.body.data!.personByInn.id).toBe(people[1]!.id);
  });

  it('dismisses: the employment ends, the feed serves EMPLOYEE_DISMISSED to service tokens only', async () => {
    const d = await gql<{ dismissEmployee: { active: boolean; dismissedOn: string } }>(
      'mutation($i: DismissEmployeeInput!) { dismissEmployee(input: $i) { active dismissedOn } }',
      { i: { employmentId: people[4]!.employmentId, dismissedOn: '2026-11-20', reason: 'по собственному желанию' } },
      admin,
    );
    expect(d.body.errors).toBeUndefined();
    expect(d.body.data!.dismissEmployee).toEqual({ active: false, dismissedOn: '2026-11-20' });
    const early = await gql(
      'mutation($i: DismissEmployeeInput!) { dismissEmployee(input: $i) { id } }',
      { i: { employmentId: people[3]!.employmentId, dismissedOn: '2020-01-01' } },
      admin,
    );
    expect(early.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'input.dismissedOn' });

    const feedUrl = url.replace(/\/graphql$/, '/events');
    expect((await fetch(feedUrl)).status).toBe(401);
    expect((await fetch(feedUrl, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(403);
    const res = await fetch(`${feedUrl}?after=0&types=EMPLOYEE_DISMISSED`, {
      headers: { authorization: `Bearer ${service}` },
    });
    expect(res.status).toBe(200);
    const { events } = (await res.json()) as { events: FeedEvent[] };
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'EMPLOYEE_DISMISSED',
      payload: {
        personId: people[4]!.id,
        inn: people[4]!.inn,
        snils: people[4]!.snils.replace(/\D/g, ''),
        organizationId: orgId,
        organizationInn: ORG_INN,
        dismissedOn: '2026-11-20',
        reason: 'по собственному желанию',
      },
    });
    const active = await gql<{ organization: { employees: { totalCount: number } } }>(
      `{ organization(id: "${orgId}") { employees { totalCount } } }`,
      {},
      admin,
    );
    expect(active.body.data!.organization.employees.totalCount).toBe(4);
    const all = await gql<{ organization: { employees: { totalCount: number } } }>(
      `{ organization(id: "${orgId}") { employees(includeDismissed: true) { totalCount } } }`,
      {},
      admin,
    );
    expect(all.body.data!.organization.employees.totalCount).toBe(5);
  });

  it('consumeFeed follows the feed with a durable cursor and resumes after it', async () => {
    const feedUrl = url.replace(/\/graphql$/, '/events');
    const store = ormCursorStore(subgraph.orm, 'test-consumer');
    const seen: string[] = [];
    const consumer = consumeFeed({
      url: feedUrl,
      token: service,
      cursorStore: store,
      batchSize: 2,
      intervalMs: 60_000,
      handle: async (e) => {
        seen.push(`${e.type}:${e.cursor}`);
      },
    });
    expect(await consumer.poll()).toBe(6);
    await consumer.stop();
    expect(seen.filter((s) => s.startsWith('EMPLOYEE_HIRED'))).toHaveLength(5);
    const cursor = await store.load();
    expect(cursor).toBe(seen[seen.length - 1]!.split(':')[1]);
    const again = consumeFeed({
      url: feedUrl,
      token: service,
      cursorStore: store,
      intervalMs: 60_000,
      handle: async (e) => {
        seen.push(e.cursor);
      },
    });
    expect(await again.poll()).toBe(0);
    await again.stop();
  });

  it('delivers employment events over graphql-ws, filtered by organization', async () => {
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${admin}` },
      lazy: false,
    });
    try {
      type Received = {
        cursor: string;
        type: string;
        person: { id: string; employments: { id: string; active: boolean }[] };
        employment: { id: string; position: string; active: boolean };
      };
      const iterator = client.iterate<{ employmentEvents: Received }>({
        query: `subscription { employmentEvents(organizationInn: "${ORG_INN}") {
          cursor type at person { id employments { id active } } employment { id position active } } }`,
      });
      const next = iterator.next();
      await new Promise((r) => setTimeout(r, 300));
      const h = await gql<{ hireEmployee: { id: string } }>(
        'mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }',
        { i: { personId: people[4]!.id, organizationId: orgId, position: 'Кассир', hiredOn: '2026-11-21' } },
        admin,
      );
      expect(h.body.errors).toBeUndefined();
      const hired: Received | undefined = (await next).value?.data?.employmentEvents;
      expect(hired).toMatchObject({
        type: 'HIRED',
        person: { id: people[4]!.id },
        employment: { id: h.body.data!.hireEmployee.id, position: 'Кассир', active: true },
      });
      expect(hired!.person.employments.find((e) => e.id === h.body.data!.hireEmployee.id)?.active).toBe(true);
      const d = await gql(
        'mutation($i: DismissEmployeeInput!) { dismissEmployee(input: $i) { id } }',
        { i: { employmentId: h.body.data!.hireEmployee.id, dismissedOn: '2026-11-22' } },
        admin,
      );
      expect(d.body.errors).toBeUndefined();
      // The second event shares the subscription's context: it must show the state after the dismissal.
      const dismissed: Received | undefined = (await iterator.next()).value?.data?.employmentEvents;
      expect(dismissed).toMatchObject({ type: 'DISMISSED', employment: { active: false } });
      expect(dismissed!.person.employments.find((e) => e.id === h.body.data!.hireEmployee.id)?.active).toBe(false);
      expect(Number(dismissed!.cursor)).toBeGreaterThan(Number(hired!.cursor));
      await iterator.return?.();

      const forbidden = client.iterate({
        query: `subscription { employmentEvents(organizationInn: "${generateInnLegal(random)}") { cursor } }`,
      });
      const result = await forbidden.next().then(
        (r) => r,
        (e: unknown) => ({ error: e }),
      );
      expect(JSON.stringify(result)).toContain('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });

  it('applies depth, cost and body-size limits', async () => {
    let deep = 'name';
    for (let i = 0; i < 20; i += 1) deep = `parent { ${deep} }`;
    const d = await gql(`{ organization(id: "${orgId}") { ${deep} } }`, {}, admin);
    expect(d.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    const costly = `{ organizations(first: 100) { edges { node { employees(first: 100) { edges { node { person { employments { organization { name inn kpp } } } } } } } } } }`;
    const c = await gql(costly, {}, admin);
    expect(c.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const big = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(t.config.limits.maxBodyBytes) } }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'INPUT_TOO_LARGE',
    );
  });

  it('resolves Person references by id, INN and SNILS, and Organization by INN', async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Person { id lastName } ... on Organization { id name } } }`;
    const r = await gql<{ _entities: ({ id: string } | null)[] }>(
      q,
      {
        r: [
          { __typename: 'Person', id: people[0]!.id },
          { __typename: 'Person', inn: people[1]!.inn },
          { __typename: 'Person', snils: people[2]!.snils },
          { __typename: 'Organization', inn: ORG_INN },
          { __typename: 'Person', id: 'missing' },
        ],
      },
      auditor,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!._entities.map((e) => e?.id ?? null)).toEqual([
      people[0]!.id,
      people[1]!.id,
      people[2]!.id,
      orgId,
      null,
    ]);
    const denied = await gql(q, { r: [{ __typename: 'Person', id: people[0]!.id }] }, otherAdmin);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('serves its federated SDL with the entity keys', async () => {
    const r = await gql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const sdl = r.body.data!._service.sdl;
    expect(sdl.replace(/\s+/g, ' ')).toContain(
      'type Person @key(fields: "id") @key(fields: "inn") @key(fields: "snils") {',
    );
    expect(sdl.replace(/\s+/g, ' ')).toContain('type Organization @key(fields: "id") @key(fields: "inn") {');
    expect(sdl).toContain('employmentEvents(');
  });
});
