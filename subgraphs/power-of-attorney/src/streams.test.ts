import { issueDevelopmentToken } from '@mchd/auth';
import { createPersonSubgraph } from '@mchd/person-subgraph';
import {
  disposeTestSubgraph,
  postGraphQL,
  testSubgraphConfig,
  type Subgraph,
  type TestSubgraphConfig,
} from '@mchd/subgraph-kit';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { b64, Fixtures, principalInnOf, representativeOf } from './fixtures.test-support.js';
import { createPowerOfAttorneySubgraph, type PowerOfAttorneySubgraph } from './power-of-attorney-subgraph.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const REGISTER = `mutation($d: Base64!, $s: Base64!) { registerPowerOfAttorney(input: { document: $d, signature: $s }) { guid transactionId } }`;
const EVENTS = `subscription($f: PowerOfAttorneyEventFilter, $after: String) { powerOfAttorneyEvents(filter: $f, after: $after) {
  cursor type guid at transactionId powerOfAttorney { guid status representatives { person { snils } } } } }`;

/**
 * The live parts over real HTTP and WebSocket: `Subscription.powerOfAttorneyEvents` (filters, resume by cursor),
 * and dismissals consumed from a real person subgraph's feed.
 */
describe('power-of-attorney streams', () => {
  const now = new Date('2026-03-01T09:00:00.000Z');
  const clock = () => now;
  let shared: TestSubgraphConfig;
  let personTest: TestSubgraphConfig;
  let poaTest: TestSubgraphConfig;
  let person: Subgraph;
  let poa: PowerOfAttorneySubgraph;
  let personUrl: string;
  let poaUrl: string;
  let fx: Fixtures;
  let client: Client;

  const subscribe = <T>(variables: Record<string, unknown>, token: string) => {
    const c = createClient({
      url: poaUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
    });
    return { client: c, iterator: c.iterate<T>({ query: EVENTS, variables }) };
  };

  beforeAll(async () => {
    fx = await Fixtures.create(clock);
    shared = testSubgraphConfig('shared');
    const common = { dataDir: shared.dataDir, auth: { ...shared.config.auth } };
    personTest = testSubgraphConfig('person', 'sqlite', common);
    person = createPersonSubgraph(personTest.config);
    ({ url: personUrl } = await person.start());
    poaTest = testSubgraphConfig('power-of-attorney', 'sqlite', common);
    poa = createPowerOfAttorneySubgraph(poaTest.config, {
      clock,
      trustStore: fx.trustStore,
      eventPollMs: 20,
      env: { MCHD_PERSON_FEED_URL: personUrl },
    });
    ({ url: poaUrl } = await poa.start());
  }, 60_000);

  afterAll(async () => {
    await client?.dispose();
    if (poa) await disposeTestSubgraph(poa, poaTest);
    if (person) await disposeTestSubgraph(person, personTest);
    shared?.cleanup();
  });

  it('delivers filtered events over graphql-ws and resumes after a cursor with exactly what was missed', async () => {
    const docs = await Promise.all([0, 1, 2, 3, 4].map((i) => fx.document({ seed: 200 + i })));
    const operator = await shared.token(['operator'], [], 'operator');
    const inn = principalInnOf(docs[0]!.doc);
    const register = async (i: number) => {
      const token = await shared.token(['registrar'], [principalInnOf(docs[i]!.doc)]);
      const r = await postGraphQL<Data>(poaUrl, REGISTER, { d: b64(docs[i]!.xml), s: b64(docs[i]!.signature) }, token);
      expect(r.body.errors).toBeUndefined();
      return r.body.data!.registerPowerOfAttorney as { guid: string; transactionId: string };
    };

    const all = subscribe<{ powerOfAttorneyEvents: Data }>({}, operator);
    client = all.client;
    const mine = subscribe<{ powerOfAttorneyEvents: Data }>({ f: { principalInn: inn } }, operator);
    const first = all.iterator.next();
    const firstMine = mine.iterator.next();
    await new Promise((r) => setTimeout(r, 300));
    const r0 = await register(0);
    const e0 = (await first).value!.data!.powerOfAttorneyEvents;
    expect(e0).toMatchObject({ type: 'REGISTERED', guid: r0.guid, transactionId: r0.transactionId });
    // Operators get no personal data in the event's power of attorney.
    expect(e0.powerOfAttorney).toEqual({
      guid: r0.guid,
      status: 'ACTIVE',
      representatives: [{ person: { snils: null } }],
    });
    expect((await firstMine).value!.data!.powerOfAttorneyEvents.guid).toBe(r0.guid);
    await mine.iterator.return?.();
    await mine.client.dispose();

    // The client goes away; four registrations happen meanwhile.
    await all.iterator.return?.();
    await all.client.dispose();
    const missed = [];
    for (let i = 1; i <= 4; i++) missed.push((await register(i)).guid);

    const again = subscribe<{ powerOfAttorneyEvents: Data }>({ after: e0.cursor }, operator);
    client = again.client;
    const got: Data[] = [];
    for (let i = 0; i < 4; i++) got.push((await again.iterator.next()).value!.data!.powerOfAttorneyEvents);
    expect(got.map((e) => [e.type, e.guid])).toEqual(missed.map((g) => ['REGISTERED', g]));
    const cursors = got.map((e) => Number(e.cursor));
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);
    expect(cursors[0]).toBeGreaterThan(Number(e0.cursor));
    await again.iterator.return?.();

    const registrar = await shared.token(['registrar'], ['7707083893']);
    const refused = subscribe({ f: { principalInn: inn } }, registrar);
    const outcome = await refused.iterator.next().then(
      (r) => r,
      (e: unknown) => ({ error: e }),
    );
    expect(JSON.stringify(outcome)).toContain('FORBIDDEN');
    await refused.client.dispose();
  }, 60_000);

  it("revokes a dismissed representative's MCHDs from the person subgraph's feed", async () => {
    const doc = await fx.document({ seed: 230 });
    const inn = principalInnOf(doc.doc);
    const rep = representativeOf(doc.doc);
    const registrar = await shared.token(['registrar'], [inn]);
    const reg = await postGraphQL<Data>(poaUrl, REGISTER, { d: b64(doc.xml), s: b64(doc.signature) }, registrar);
    expect(reg.body.errors).toBeUndefined();

    const admin = await issueDevelopmentToken({ dataDir: shared.dataDir }, { roles: ['admin'], orgs: [inn] });
    const org = await postGraphQL<Data>(
      personUrl,
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: 'ООО «Ромашка»', inn } },
      admin,
    );
    expect(org.body.errors).toBeUndefined();
    const p = await postGraphQL<Data>(
      personUrl,
      'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
      { i: { lastName: rep.lastName, firstName: rep.firstName, inn: rep.inn, snils: rep.snils } },
      admin,
    );
    expect(p.body.errors).toBeUndefined();
    const hire = await postGraphQL<Data>(
      personUrl,
      'mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }',
      {
        i: {
          personId: p.body.data!.createPerson.id,
          organizationId: org.body.data!.createOrganization.id,
          position: 'Бухгалтер',
          hiredOn: '2026-01-10',
        },
      },
      admin,
    );
    expect(hire.body.errors).toBeUndefined();
    const dismiss = await postGraphQL<Data>(
      personUrl,
      'mutation($i: DismissEmployeeInput!) { dismissEmployee(input: $i) { id } }',
      { i: { employmentId: hire.body.data!.hireEmployee.id, dismissedOn: '2026-02-28', reason: 'сокращение' } },
      admin,
    );
    expect(dismiss.body.errors).toBeUndefined();

    const operator = await shared.token(['operator']);
    const check = `query($g: GUID!, $p: String!) { checkPowerOfAttorney(guid: $g, principalInn: $p) { status revocationReason } }`;
    let answer: Data = {};
    for (let i = 0; i < 100; i++) {
      answer = (await postGraphQL<Data>(poaUrl, check, { g: doc.doc.guid, p: inn }, operator)).body.data!
        .checkPowerOfAttorney;
      if (answer.status === 'REVOKED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer.status).toBe('REVOKED');
    expect(answer.revocationReason).toContain('сокращение');
  }, 60_000);
});
