import {
  disposeTestSubgraph,
  postGraphQL,
  testDatabases,
  testSubgraphConfig,
  type GraphQLResponse,
  type TestSubgraphConfig,
} from '@mchd/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  b64,
  Fixtures,
  headOf,
  principalInnOf,
  representativeOf,
  type SignedDocument,
} from './fixtures.test-support.js';
import { createPowerOfAttorneySubgraph, type PowerOfAttorneySubgraph } from './power-of-attorney-subgraph.js';
import { PowerOfAttorneyRow } from './entities.js';
import { reindex } from './reindex.js';

const REGISTER = `mutation($d: Base64!, $s: Base64!) { registerPowerOfAttorney(input: { document: $d, signature: $s }) {
  guid status transactionId blockNumber alreadyRegistered powerOfAttorney { guid number status } } }`;
const CHECK = `query($g: GUID!, $p: String!, $at: DateTime) { checkPowerOfAttorney(guid: $g, principalInn: $p, at: $at) {
  guid status validFrom validUntil revokedAt revocationReason checkedAt invalidAncestor } }`;
const READ = `query($g: GUID!) { powerOfAttorney(guid: $g) { guid number format issuedOn validUntil status redelegation
  principals { inn name organization { inn } signatories { lastName snils birthDate } }
  representatives { type inn person { inn snils lastName birthDate identityDocument } }
  powers { code name restrictions { code valueCode } } signer { thumbprint inn snils certificate { thumbprint } }
  ledger { transactionId blockNumber documentHash } document signature } }`;
const REVOKE = `mutation($i: RevokePowerOfAttorneyInput!) { revokePowerOfAttorney(input: $i) {
  guid revokedAt transactionId blockNumber affected } }`;

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(testDatabases())('power-of-attorney subgraph on %s', (database) => {
  let now = new Date('2026-03-01T09:00:00.000Z');
  const clock = () => now;
  let t: TestSubgraphConfig;
  let subgraph: PowerOfAttorneySubgraph;
  let url: string;
  let fx: Fixtures;
  let root: SignedDocument;
  let principalInn: string;
  let registrar: string;
  let otherRegistrar: string;
  let operator: string;
  let auditor: string;

  const gql = async (
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<Data>> => (await postGraphQL<Data>(url, query, variables, token)).body;
  const register = (d: SignedDocument, token = registrar) =>
    gql(REGISTER, { d: b64(d.xml), s: b64(d.signature) }, token);
  const code = (r: GraphQLResponse<Data>) => r.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    fx = await Fixtures.create(clock);
    t = testSubgraphConfig('power-of-attorney', database);
    subgraph = createPowerOfAttorneySubgraph(t.config, {
      clock,
      trustStore: fx.trustStore,
      personFeed: false,
      eventPollMs: 20,
      env: {},
    });
    ({ url } = await subgraph.start());
    root = await fx.document({ seed: 101, redelegation: 'successive' });
    principalInn = principalInnOf(root.doc);
    registrar = await t.token(['registrar'], [principalInn], 'registrar-1');
    otherRegistrar = await t.token(['registrar'], ['7707083893'], 'registrar-2');
    operator = await t.token(['operator'], [], 'operator-1');
    auditor = await t.token(['auditor'], [], 'auditor-1');
  }, 60_000);

  afterAll(async () => {
    if (subgraph) await disposeTestSubgraph(subgraph, t);
  });

  it('registers a GOST-signed MCHD with its ledger references and keeps the original bytes', async () => {
    const res = await register(root);
    expect(res.errors).toBeUndefined();
    const out = res.data!.registerPowerOfAttorney;
    expect(out).toMatchObject({ guid: root.doc.guid, status: 'ACTIVE', alreadyRegistered: false });
    expect(out.transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.blockNumber).toBeGreaterThan(0);
    expect(out.powerOfAttorney).toEqual({ guid: root.doc.guid, number: root.doc.internalNumber, status: 'ACTIVE' });

    const read = (await gql(READ, { g: root.doc.guid }, auditor)).data!.powerOfAttorney;
    expect(read.document).toBe(b64(root.xml));
    expect(read.signature).toBe(b64(root.signature));
    expect(read.ledger).toMatchObject({ transactionId: out.transactionId, blockNumber: out.blockNumber });
    expect(read.ledger.documentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(read.principals[0]).toMatchObject({ inn: principalInn, organization: { inn: principalInn } });
    expect(read.representatives[0].person.snils).toBe(representativeOf(root.doc).snils);
    expect(read.representatives[0].person.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(read.powers.map((p: Data) => p.code)).toEqual(['KLASS_2.0_SIGN', '02.001']);
    expect(read.powers[0].restrictions).toEqual([{ code: 'LIM_01', valueCode: 'UPD' }]);
    expect(read.signer.thumbprint).toBe(root.signer.info.thumbprint.toLowerCase());
    expect(read.signer.certificate).toEqual({ thumbprint: root.signer.info.thumbprint.toLowerCase() });
    expect(read.redelegation).toBe('SUCCESSIVE');
  });

  it('masks personal data for operators and refuses other organizations', async () => {
    const masked = (await gql(READ, { g: root.doc.guid }, operator)).data!.powerOfAttorney;
    expect(masked.status).toBe('ACTIVE');
    expect(masked.representatives[0].person).toMatchObject({ snils: null, birthDate: null, identityDocument: null });
    expect(masked.representatives[0].person.lastName).toBe(representativeOf(root.doc).lastName);
    expect(masked.principals[0].signatories[0]).toMatchObject({ snils: null, birthDate: null });
    expect(masked.signer.snils).toBeNull();
    expect(masked.document).toBeNull();
    expect(masked.signature).toBeNull();
    const full = (await gql(READ, { g: root.doc.guid }, registrar)).data!.powerOfAttorney;
    expect(full.representatives[0].person.snils).toBe(representativeOf(root.doc).snils);
    expect(code(await gql(READ, { g: root.doc.guid }, otherRegistrar))).toBe('FORBIDDEN');
    expect(code(await gql(READ, { g: root.doc.guid }))).toBe('UNAUTHENTICATED');
  });

  it('registers an ECDSA-signed MCHD, and the same document and signature again idempotently', async () => {
    const doc = await fx.document({ seed: 102 }, { ca: fx.ecdsa });
    const token = await t.token(['registrar'], [principalInnOf(doc.doc)]);
    const first = await register(doc, token);
    expect(first.errors).toBeUndefined();
    const again = await register(doc, token);
    expect(again.data!.registerPowerOfAttorney).toMatchObject({
      guid: doc.doc.guid,
      alreadyRegistered: true,
      transactionId: first.data!.registerPowerOfAttorney.transactionId,
    });
    const otherSignature = {
      ...doc,
      signature: await fx.sign(doc.xml, await fx.certificateFor(headOf(doc.doc), fx.gost)),
    };
    expect(code(await register(otherSignature, token))).toBe('MCHD_ALREADY_REGISTERED');
  });

  it('registers a format 002 document (B2B, windows-1251 capable)', async () => {
    const doc = await fx.document({ seed: 150, format: '002' });
    const inn = principalInnOf(doc.doc);
    const res = await register(doc, await t.token(['registrar'], [inn]));
    expect(res.errors).toBeUndefined();
    const read = await gql(
      `query($g: GUID!) { powerOfAttorney(guid: $g) { format principals { inn } } }`,
      { g: doc.doc.guid },
      auditor,
    );
    expect(read.data!.powerOfAttorney).toEqual({ format: '002', principals: [{ inn }] });
  });

  it('refuses bad documents and signatures with their codes and XML paths', async () => {
    const doc = await fx.document({ seed: 103 });
    const token = await t.token(['registrar'], [principalInnOf(doc.doc)]);
    const malformed = await gql(
      REGISTER,
      { d: b64(new TextEncoder().encode('<a><b></a>')), s: b64(doc.signature) },
      token,
    );
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'MCHD_MALFORMED_XML', path: '/' });

    const text = new TextDecoder().decode(doc.xml);
    const badInn = text.replace(
      /ИННЮЛ="(\d{9})(\d)"/,
      (_m, a: string, d: string) => `ИННЮЛ="${a}${(Number(d) + 1) % 10}"`,
    );
    expect(badInn).not.toBe(text);
    const invalidId = await gql(REGISTER, { d: b64(new TextEncoder().encode(badInn)), s: b64(doc.signature) }, token);
    expect(invalidId.errors?.[0]?.extensions?.code).toBe('MCHD_INVALID_IDENTIFIER');
    expect(invalidId.errors?.[0]?.extensions?.path).toMatch(/@ИННЮЛ$/);

    const schema = text.replace(/ ВнНомДовер="[^"]*"/, '').replace(/<СвДов /, '<СвДов Лишний="1" ');
    const violation = await gql(REGISTER, { d: b64(new TextEncoder().encode(schema)), s: b64(doc.signature) }, token);
    expect(violation.errors?.[0]?.extensions?.code).toBe('MCHD_SCHEMA_VIOLATION');
    expect(String(violation.errors?.[0]?.extensions?.path)).toContain('/Доверенность');

    const huge = new Uint8Array(1024 * 1024 + 1).fill(0x20);
    const tooLarge = await gql(REGISTER, { d: b64(huge), s: b64(doc.signature) }, token);
    expect(tooLarge.errors?.[0]?.extensions).toMatchObject({ code: 'INPUT_TOO_LARGE', path: '/' });

    const otherContent = await fx.sign(new TextEncoder().encode('something else'), doc.signer);
    expect(code(await gql(REGISTER, { d: b64(doc.xml), s: b64(otherContent) }, token))).toBe('SIGNATURE_INVALID');
    expect(code(await gql(REGISTER, { d: b64(doc.xml), s: b64(new Uint8Array([1, 2, 3])) }, token))).toBe(
      'SIGNATURE_MALFORMED',
    );

    const stranger = await fx.certificateFor({ lastName: 'Чужой', firstName: 'Пётр', inn: '500100732259' });
    const strangerSigned = { ...doc, signature: await fx.sign(doc.xml, stranger) };
    expect(code(await register(strangerSigned, token))).toBe('SIGNER_NOT_AUTHORIZED');

    const expired = await fx.certificateFor(headOf(doc.doc), fx.gost, {
      notBefore: new Date('2025-01-02T00:00:00Z'),
      notAfter: new Date('2025-12-31T00:00:00Z'),
    });
    const lateSigned = { ...doc, signature: await fx.sign(doc.xml, expired) };
    expect(code(await register(lateSigned, token))).toBe('CERTIFICATE_NOT_VALID_AT_SIGNING');

    expect(code(await register(doc, otherRegistrar))).toBe('FORBIDDEN');
    expect(code(await register(doc, operator))).toBe('FORBIDDEN');
    expect(code(await gql(REGISTER, { d: b64(doc.xml), s: b64(doc.signature) }))).toBe('UNAUTHENTICATED');
    // Nothing of the refused attempts reached the index.
    expect(await subgraph.orm.em.fork().findOne(PowerOfAttorneyRow, { guid: doc.doc.guid })).toBeNull();
  });

  it('checks a status now, in the past, and for the wrong principal', async () => {
    const ok = (await gql(CHECK, { g: root.doc.guid, p: principalInn }, operator)).data!.checkPowerOfAttorney;
    expect(ok).toMatchObject({ status: 'ACTIVE', validFrom: '2026-01-14T21:00:00.000Z', revokedAt: null });
    expect(ok.checkedAt).toBe(now.toISOString());
    const before = await gql(CHECK, { g: root.doc.guid, p: principalInn, at: '2026-01-10T00:00:00Z' }, operator);
    expect(before.data!.checkPowerOfAttorney.status).toBe('NOT_YET_VALID');
    const later = await gql(CHECK, { g: root.doc.guid, p: principalInn, at: '2027-06-01T00:00:00Z' }, operator);
    expect(later.data!.checkPowerOfAttorney.status).toBe('EXPIRED');
    const wrong = await gql(CHECK, { g: root.doc.guid, p: '7707083893' }, operator);
    expect(wrong.data!.checkPowerOfAttorney).toMatchObject({ status: 'NOT_FOUND', validFrom: null });
    const unknown = await gql(CHECK, { g: '00000000-0000-4000-8000-000000000000', p: principalInn }, operator);
    expect(unknown.data!.checkPowerOfAttorney.status).toBe('NOT_FOUND');
  });

  it('follows a three-level chain, revokes its root and invalidates the descendants', async () => {
    const chainRoot = await fx.document({ seed: 110, redelegation: 'successive' });
    const child = await fx.document({ seed: 111, parent: chainRoot.doc, redelegation: 'successive' });
    const grandchild = await fx.document({ seed: 112, parent: child.doc, redelegation: 'none' });
    const inn = principalInnOf(chainRoot.doc);
    const token = await t.token(['registrar'], [inn]);
    for (const d of [chainRoot, child, grandchild]) expect((await register(d, token)).errors).toBeUndefined();

    // A re-delegation whose root block names another principal than the registered chain's.
    const forged = await fx.document({ seed: 115, parent: chainRoot.doc }, undefined, (d) => ({
      ...d,
      redelegated: {
        ...d.redelegated!,
        root: {
          ...d.redelegated!.root,
          principals: d.redelegated!.root.principals.map((p) => ({
            ...p,
            legalEntity: { ...p.legalEntity!, inn: '7707083893' },
          })),
        },
      },
    }));
    const forgedAnswer = await register(forged, await t.token(['registrar'], [inn, '7707083893']));
    expect(forgedAnswer.errors?.[0]?.extensions).toMatchObject({
      code: 'MCHD_REDELEGATION_INCONSISTENT',
      path: '/Доверенность/Документ/Передов/СвПервДовер',
    });

    // The child must be signed by the parent's representative, not by the principal's head.
    const wrongSigner = await fx.document({ seed: 113, parent: chainRoot.doc }, { person: headOf(chainRoot.doc) });
    expect(code(await register(wrongSigner, token))).toBe('SIGNER_NOT_AUTHORIZED');

    const read = await gql(
      `query($g: GUID!) { powerOfAttorney(guid: $g) { parentGuid rootGuid chain { guid } } }`,
      { g: grandchild.doc.guid },
      auditor,
    );
    expect(read.data!.powerOfAttorney).toEqual({
      parentGuid: child.doc.guid,
      rootGuid: chainRoot.doc.guid,
      chain: [{ guid: chainRoot.doc.guid }, { guid: child.doc.guid }, { guid: grandchild.doc.guid }],
    });
    const children = await gql(
      `query($g: GUID!) { powerOfAttorney(guid: $g) { children { guid } } }`,
      { g: chainRoot.doc.guid },
      auditor,
    );
    expect(children.data!.powerOfAttorney.children).toEqual([{ guid: child.doc.guid }]);

    // Checked (and cached) as ACTIVE before the root's revocation: the cache must not answer that afterwards.
    const cached = await gql(CHECK, { g: grandchild.doc.guid, p: inn }, operator);
    expect(cached.data!.checkPowerOfAttorney.status).toBe('ACTIVE');
    expect(code(await gql(REVOKE, { i: { guid: chainRoot.doc.guid, reason: 'test' } }, otherRegistrar))).toBe(
      'FORBIDDEN',
    );
    const revoked = await gql(REVOKE, { i: { guid: chainRoot.doc.guid, reason: 'Прекращение полномочий' } }, token);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokePowerOfAttorney.affected).toEqual([child.doc.guid, grandchild.doc.guid]);
    expect(revoked.data!.revokePowerOfAttorney.revokedAt).toBe(now.toISOString());

    const check = await gql(CHECK, { g: grandchild.doc.guid, p: inn }, operator);
    expect(check.data!.checkPowerOfAttorney).toMatchObject({
      status: 'PARENT_INVALID',
      invalidAncestor: chainRoot.doc.guid,
    });
    const rootCheck = await gql(CHECK, { g: chainRoot.doc.guid, p: inn }, operator);
    expect(rootCheck.data!.checkPowerOfAttorney).toMatchObject({
      status: 'REVOKED',
      revocationReason: 'Прекращение полномочий',
    });
    const past = await gql(CHECK, { g: grandchild.doc.guid, p: inn, at: '2026-02-01T00:00:00Z' }, operator);
    expect(past.data!.checkPowerOfAttorney.status).toBe('ACTIVE');

    const history = await gql(
      `query($g: GUID!) { powerOfAttorney(guid: $g) { history { type transactionId blockNumber reason } } }`,
      { g: chainRoot.doc.guid },
      auditor,
    );
    expect(history.data!.powerOfAttorney.history.map((h: Data) => [h.type, h.reason])).toEqual([
      ['REGISTERED', null],
      ['REVOKED', 'Прекращение полномочий'],
    ]);
    expect(history.data!.powerOfAttorney.history[1].transactionId).toBe(
      revoked.data!.revokePowerOfAttorney.transactionId,
    );

    const newChild = await fx.document({ seed: 114, parent: chainRoot.doc, issuedOn: '2026-03-01' });
    expect(code(await register(newChild, token))).toBe('PARENT_NOT_ACTIVE');
  });

  it('revokes by a signed revocation application of the representative, and refuses a stranger', async () => {
    const doc = await fx.document({ seed: 120 });
    const token = await t.token(['registrar'], [principalInnOf(doc.doc)]);
    expect((await register(doc, token)).errors).toBeUndefined();
    const rep = representativeOf(doc.doc);
    const applicant = {
      role: 'representative' as const,
      type: 'person' as const,
      inn: rep.inn,
      snils: rep.snils,
      lastName: rep.lastName,
      firstName: rep.firstName,
    };
    const stranger = await fx.certificateFor({ lastName: 'Чужой', firstName: 'Иван', inn: '500100732259' }, fx.ecdsa);
    const bad = await fx.application(doc.doc.guid, applicant, stranger);
    const refused = await gql(
      REVOKE,
      { i: { guid: doc.doc.guid, reason: 'x', application: b64(bad.xml), signature: b64(bad.signature) } },
      operator,
    );
    expect(code(refused)).toBe('SIGNER_NOT_AUTHORIZED');
    const good = await fx.application(doc.doc.guid, applicant, await fx.certificateFor(rep, fx.ecdsa));
    const ok = await gql(
      REVOKE,
      {
        i: {
          guid: doc.doc.guid,
          reason: 'Отказ представителя',
          application: b64(good.xml),
          signature: b64(good.signature),
        },
      },
      operator,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.revokePowerOfAttorney.affected).toEqual([]);
    const check = await gql(CHECK, { g: doc.doc.guid, p: principalInnOf(doc.doc) }, operator);
    expect(check.data!.checkPowerOfAttorney.status).toBe('REVOKED');
  });

  it('answers signing authority with the granting chain or the reason', async () => {
    const rep = representativeOf(root.doc);
    const q = `query($r: RepresentativeInput!, $p: String!, $c: String!, $at: DateTime, $x: [RestrictionValueInput!]) {
      checkSigningAuthority(representative: $r, principalInn: $p, powerCode: $c, at: $at, restrictions: $x) {
        allowed reason chain { guid } considered } }`;
    const ask = async (vars: Record<string, unknown>) =>
      (await gql(q, { r: { inn: rep.inn }, p: principalInn, c: 'KLASS_2.0_SIGN', ...vars }, operator)).data!
        .checkSigningAuthority;
    expect(await ask({})).toMatchObject({ allowed: true, reason: null, chain: [{ guid: root.doc.guid }] });
    expect(await ask({ x: [{ code: 'LIM_01', value: 'UPD' }] })).toMatchObject({ allowed: true });
    expect(await ask({ x: [{ code: 'LIM_01', value: 'INVOICE' }] })).toMatchObject({
      allowed: false,
      reason: 'RESTRICTION_NOT_MET',
    });
    expect(await ask({ c: '99.999' })).toMatchObject({ allowed: false, reason: 'POWER_MISSING' });
    expect(await ask({ at: '2028-01-01T00:00:00Z' })).toMatchObject({ allowed: false, reason: 'EXPIRED' });
    expect(await ask({ p: '7707083893' })).toMatchObject({
      allowed: false,
      reason: 'NO_POWER_OF_ATTORNEY',
      considered: [],
    });
    const bySnils = await gql(q, { r: { snils: rep.snils }, p: principalInn, c: 'KLASS_2.0_SIGN' }, operator);
    expect(bySnils.data!.checkSigningAuthority.allowed).toBe(true);
  });

  it('searches with filters and cursor pagination, limited to the organizations a registrar acts for', async () => {
    const q = `query($f: PowerOfAttorneyFilter, $first: Int, $after: String) { powersOfAttorney(filter: $f, first: $first, after: $after) {
      totalCount edges { cursor node { guid status } } pageInfo { hasNextPage endCursor } } }`;
    const all = (await gql(q, { first: 2 }, auditor)).data!.powersOfAttorney;
    expect(all.totalCount).toBeGreaterThanOrEqual(5);
    expect(all.edges).toHaveLength(2);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = (await gql(q, { first: 2, after: all.pageInfo.endCursor }, auditor)).data!.powersOfAttorney;
    expect(next.edges[0].node.guid).not.toBe(all.edges[1].node.guid);
    const mine = (await gql(q, {}, registrar)).data!.powersOfAttorney;
    expect(mine.edges.map((e: Data) => e.node.guid)).toEqual([root.doc.guid]);
    const revoked = (await gql(q, { f: { status: 'REVOKED' } }, auditor)).data!.powersOfAttorney;
    expect(revoked.edges.length).toBeGreaterThanOrEqual(2);
    expect(revoked.edges.every((e: Data) => e.node.status === 'REVOKED')).toBe(true);
    const invalid = (await gql(q, { f: { status: 'PARENT_INVALID' } }, auditor)).data!.powersOfAttorney;
    expect(invalid.edges).toHaveLength(2);
    const byRep = (
      await gql(q, { f: { representativeSnils: representativeOf(root.doc).snils, powerCode: '02.001' } }, auditor)
    ).data!.powersOfAttorney;
    expect(byRep.edges.map((e: Data) => e.node.guid)).toEqual([root.doc.guid]);
    expect(code(await gql(q, { f: { principalInn: '7707083893' } }, registrar))).toBe('FORBIDDEN');
  });

  it('lists powers of attorney on Person (by INN/SNILS) and Organization entities', async () => {
    const rep = representativeOf(root.doc);
    const q = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Person { id rep: powersOfAttorney(role: REPRESENTATIVE) { guid } pri: powersOfAttorney(role: PRINCIPAL) { guid } }
      ... on Organization { inn powersOfAttorney { guid } } } }`;
    const res = await gql(
      q,
      {
        r: [
          { __typename: 'Person', id: 'p-rep', inn: rep.inn, snils: rep.snils },
          { __typename: 'Person', id: 'p-none', inn: null, snils: null },
          { __typename: 'Organization', inn: principalInn },
        ],
      },
      registrar,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: 'p-rep', rep: [{ guid: root.doc.guid }], pri: [] },
      { id: 'p-none', rep: [], pri: [] },
      { inn: principalInn, powersOfAttorney: [{ guid: root.doc.guid }] },
    ]);
  });

  it('logs events in ledger order, resumes after a cursor, and logs EXPIRED from the scheduler once', async () => {
    const { eventLog } = subgraph.parts.services;
    const start = String(await eventLog.head());
    const doc = await fx.document({ seed: 130, validUntil: '2026-03-05' });
    const inn = principalInnOf(doc.doc);
    const token = await t.token(['registrar'], [inn]);
    const registered = (await register(doc, token)).data!.registerPowerOfAttorney;
    await subgraph.parts.projection.waitFor(registered.transactionId);

    const controller = new AbortController();
    const seen: { type: string; guid: string; cursor: number }[] = [];
    const following = (async () => {
      for await (const e of eventLog.follow(start, { principalInn: inn }, controller.signal)) {
        seen.push({ type: e.type, guid: e.guid, cursor: e.seq });
        if (seen.length === 2) break;
      }
    })();
    now = new Date('2026-03-06T00:00:00.000Z');
    expect(await subgraph.parts.projection.expireDue()).toBeGreaterThanOrEqual(1);
    expect(await subgraph.parts.projection.expireDue()).toBe(0);
    await following;
    controller.abort();
    expect(seen.map((e) => [e.type, e.guid])).toEqual([
      ['REGISTERED', doc.doc.guid],
      ['EXPIRED', doc.doc.guid],
    ]);
    expect(seen[1]!.cursor).toBeGreaterThan(seen[0]!.cursor);
    const resumed = [];
    for await (const e of eventLog.follow(String(seen[0]!.cursor), { principalInn: inn }, AbortSignal.timeout(300))) {
      resumed.push(e.type);
    }
    expect(resumed).toEqual(['EXPIRED']);
    const check = await gql(CHECK, { g: doc.doc.guid, p: inn }, operator);
    expect(check.data!.checkPowerOfAttorney.status).toBe('EXPIRED');
    now = new Date('2026-03-01T09:00:00.000Z');
  });

  it('revokes a dismissed representative’s MCHDs for that organization only', async () => {
    const doc = await fx.document({ seed: 140 });
    const inn = principalInnOf(doc.doc);
    expect((await register(doc, await t.token(['registrar'], [inn]))).errors).toBeUndefined();
    const rep = representativeOf(doc.doc);
    const { dismissals } = subgraph.parts;
    expect(
      await dismissals.handle({ employmentId: 'e1', inn: rep.inn ?? null, snils: null, organizationInn: '7707083893' }),
    ).toEqual([]);
    const revoked = await dismissals.handle({
      employmentId: 'e2',
      inn: null,
      snils: rep.snils ?? null,
      organizationInn: inn,
      reason: 'по собственному желанию',
    });
    expect(revoked).toEqual([doc.doc.guid]);
    expect(
      await dismissals.handle({ employmentId: 'e2', inn: null, snils: rep.snils ?? null, organizationInn: inn }),
    ).toEqual([]);
    const check = await gql(CHECK, { g: doc.doc.guid, p: inn }, operator);
    expect(check.data!.checkPowerOfAttorney.status).toBe('REVOKED');
    expect(check.data!.checkPowerOfAttorney.revocationReason).toContain('по собственному желанию');
  });

  it('rebuilds a lost index from the ledger without doubling the event log', async () => {
    const em = subgraph.orm.em.fork();
    const before = await em.find(PowerOfAttorneyRow, {}, { orderBy: { guid: 'asc' } });
    // Let the projection catch up with every transaction the rows know of before it stops.
    const transactions = before.flatMap(
      (r) => [r.transactionId, r.revocationTransactionId].filter(Boolean) as string[],
    );
    for (const tx of transactions) expect(await subgraph.parts.projection.waitFor(tx, 5000)).toBe(true);
    const eventsBefore = await subgraph.parts.services.eventLog.head();
    await subgraph.parts.projection.stop();
    const report = await reindex({ orm: subgraph.orm, ledger: subgraph.parts.ledger, clock });
    expect(report.powersOfAttorney).toBe(before.length);
    expect(report.events).toBeGreaterThanOrEqual(before.length);
    const after = await subgraph.orm.em.fork().find(PowerOfAttorneyRow, {}, { orderBy: { guid: 'asc' } });
    expect(after.map((r) => [r.guid, r.revokedAt, r.validUntil])).toEqual(
      before.map((r) => [r.guid, r.revokedAt, r.validUntil]),
    );
    expect(await subgraph.parts.services.eventLog.head()).toBe(eventsBefore);
    subgraph.parts.projection.start();
  });
});
