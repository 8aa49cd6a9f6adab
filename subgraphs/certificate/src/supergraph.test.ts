import { createPersonSubgraph } from '@mchd/person-subgraph';
import { createPowerOfAttorneySubgraph } from '@mchd/power-of-attorney-subgraph';
import {
  disposeTestSubgraph,
  postGraphQL,
  testSubgraphConfig,
  type Subgraph,
  type SubgraphConfig,
  type TestSubgraphConfig,
} from '@mchd/subgraph-kit';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateSubgraph } from './index.js';

/**
 * The three subgraphs in one process (as the gateway tests run them): their SDLs compose into one supergraph,
 * and the certificate and power-of-attorney shells answer from their own tables.
 */
describe('the three subgraphs together', () => {
  const running: { subgraph: Subgraph; test: TestSubgraphConfig; url: string }[] = [];
  let auditor: string;

  beforeAll(async () => {
    const dataDir = testSubgraphConfig('shared');
    for (const [name, create] of [
      ['person', createPersonSubgraph],
      [
        'certificate',
        (c: SubgraphConfig) => createCertificateSubgraph(c, { personFeedUrl: null, schedulerIntervalMs: 0 }),
      ],
      ['power-of-attorney', createPowerOfAttorneySubgraph],
    ] as const) {
      // One data directory, as `npm start` uses: one development key pair for all.
      const test = testSubgraphConfig(name, 'sqlite', {
        dataDir: dataDir.dataDir,
        auth: { ...dataDir.config.auth },
      });
      const subgraph = create(test.config);
      const { url } = await subgraph.start();
      running.push({ subgraph, test, url });
    }
    auditor = await dataDir.token(['auditor']);
  });

  afterAll(async () => {
    for (const r of running) await disposeTestSubgraph(r.subgraph, r.test);
  });

  it('composes into a supergraph with the cross-subgraph fields', async () => {
    const services = await Promise.all(
      running.map(async (r) => {
        const res = await postGraphQL<{ _service: { sdl: string } }>(r.url, '{ _service { sdl } }');
        return { name: r.subgraph.name, url: r.url, typeDefs: parse(res.body.data!._service.sdl) };
      }),
    );
    const result = composeServices(services);
    expect(result.errors ?? []).toEqual([]);
    const supergraph = result.supergraphSdl!.replace(/\s+/g, ' ');
    expect(supergraph).toMatch(/type Person .*certificates: \[Certificate!\]!/);
    expect(supergraph).toMatch(/powersOfAttorney\([^)]*role: PowerOfAttorneyRole/);
    expect(supergraph).toMatch(/type Subscription .*employmentEvents/);
  });

  // The shells' lists come from real queries on their own (still empty) tables; the certificate and
  // power-of-attorney issues fill the tables and test the rows.
  it('answers Person.certificates, Person.powersOfAttorney and Organization.powersOfAttorney from their tables', async () => {
    const certificate = running[1]!;
    const poa = running[2]!;
    const certs = await postGraphQL<{ _entities: unknown[] }>(
      certificate.url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id certificates { id thumbprint } } } }',
      { r: [{ __typename: 'Person', id: 'p1' }] },
      auditor,
    );
    expect(certs.body.errors).toBeUndefined();
    expect(certs.body.data!._entities).toEqual([{ id: 'p1', certificates: [] }]);
    const powers = await postGraphQL<{ _entities: unknown[] }>(
      poa.url,
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Person { id powersOfAttorney(role: REPRESENTATIVE) { guid } }
        ... on Organization { inn powersOfAttorney { guid } } } }`,
      {
        r: [
          { __typename: 'Person', id: 'p1' },
          { __typename: 'Organization', inn: '7707083893' },
        ],
      },
      auditor,
    );
    expect(powers.body.errors).toBeUndefined();
    expect(powers.body.data!._entities).toEqual([
      { id: 'p1', powersOfAttorney: [] },
      { inn: '7707083893', powersOfAttorney: [] },
    ]);
  });

  it("answers the shells' own queries and refuses callers without a token", async () => {
    const certificate = running[1]!;
    const poa = running[2]!;
    const missing = await postGraphQL(certificate.url, '{ certificate(id: "nope") { id } }', {}, auditor);
    expect(missing.body).toEqual({ data: { certificate: null } });
    const guid = '0e6f2c0a-8a57-4a0e-9c55-3f1c1d2b3a41';
    const none = await postGraphQL(poa.url, `{ powerOfAttorney(guid: "${guid}") { guid } }`, {}, auditor);
    expect(none.body).toEqual({ data: { powerOfAttorney: null } });
    const anonymous = await postGraphQL(poa.url, `{ powerOfAttorney(guid: "${guid}") { guid } }`);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
