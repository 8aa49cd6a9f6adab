import { createPersonSubgraph } from '@mchd/person-subgraph';
import { createPowerOfAttorneySubgraph, PowerOfAttorneyRow } from '@mchd/power-of-attorney-subgraph';
import {
  disposeTestSubgraph,
  postGraphQL,
  testSubgraphConfig,
  type Subgraph,
  type TestSubgraphConfig,
} from '@mchd/subgraph-kit';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateRow, createCertificateSubgraph } from './index.js';

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
      ['certificate', createCertificateSubgraph],
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

  it('resolves Person.certificates from the certificate table', async () => {
    const certificate = running[1]!;
    const em = certificate.subgraph.orm.em.fork();
    const row = Object.assign(new CertificateRow(), {
      id: 'c1',
      thumbprint: 'a'.repeat(40),
      serialNumber: '01ab',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
      subjectCommonName: 'Иванов Иван',
      subjectInn: null,
      subjectInnLe: null,
      subjectSnils: null,
      subjectOgrn: null,
      ownerPersonId: 'p1',
      status: 'VALID',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await em.persistAndFlush(row);
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id certificates { id thumbprint notAfter subject { commonName } } } } }`;
    const res = await postGraphQL<{ _entities: { id: string; certificates: { id: string }[] }[] }>(
      certificate.url,
      q,
      {
        r: [
          { __typename: 'Person', id: 'p1' },
          { __typename: 'Person', id: 'p2' },
        ],
      },
      auditor,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!._entities).toEqual([
      {
        id: 'p1',
        certificates: [
          {
            id: 'c1',
            thumbprint: 'a'.repeat(40),
            notAfter: '2027-01-01T00:00:00.000Z',
            subject: { commonName: 'Иванов Иван' },
          },
        ],
      },
      { id: 'p2', certificates: [] },
    ]);
    const byThumbprint = await postGraphQL<{ certificateByThumbprint: { id: string } }>(
      certificate.url,
      `{ certificateByThumbprint(thumbprint: "${'AA:'.repeat(19)}AA") { id } }`,
      {},
      auditor,
    );
    expect(byThumbprint.body.data!.certificateByThumbprint).toEqual({ id: 'c1' });
    const bad = await postGraphQL(
      certificate.url,
      '{ certificateByThumbprint(thumbprint: "xyz") { id } }',
      {},
      auditor,
    );
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'thumbprint' });
  });

  it('resolves powers of attorney by GUID and on Person and Organization from its table', async () => {
    const poa = running[2]!;
    const em = poa.subgraph.orm.em.fork();
    const guid = '0e6f2c0a-8a57-4a0e-9c55-3f1c1d2b3a41';
    await em.persistAndFlush(
      Object.assign(new PowerOfAttorneyRow(), {
        guid,
        number: 'МЧД-1',
        status: 'ACTIVE',
        principalInn: '7707083893',
        representativeInn: null,
        representativeSnils: null,
        principalPersonId: 'p1',
        representativePersonId: 'p2',
        createdAt: '2026-01-01T00:00:00.000Z',
      }),
    );
    const one = await postGraphQL<{ powerOfAttorney: { number: string; status: string } }>(
      poa.url,
      `{ powerOfAttorney(guid: "${guid}") { number status } }`,
      {},
      auditor,
    );
    expect(one.body.data!.powerOfAttorney).toEqual({ number: 'МЧД-1', status: 'ACTIVE' });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Person { id principal: powersOfAttorney(role: PRINCIPAL) { guid } representative: powersOfAttorney(role: REPRESENTATIVE) { guid } }
      ... on Organization { inn powersOfAttorney { guid } } } }`;
    const res = await postGraphQL<{ _entities: unknown[] }>(
      poa.url,
      q,
      {
        r: [
          { __typename: 'Person', id: 'p1' },
          { __typename: 'Organization', inn: '7707083893' },
          { __typename: 'Organization', inn: '500100732259' },
        ],
      },
      auditor,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!._entities).toEqual([
      { id: 'p1', principal: [{ guid }], representative: [] },
      { inn: '7707083893', powersOfAttorney: [{ guid }] },
      { inn: '500100732259', powersOfAttorney: [] },
    ]);
  });
});
