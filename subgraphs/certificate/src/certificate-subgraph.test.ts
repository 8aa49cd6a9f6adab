import { generateInnLegal, generateInnPerson, generateSnils, seededRandom } from '@mchd/identifiers';
import { createPersonSubgraph } from '@mchd/person-subgraph';
import { createCsr, isCertificateValidAt, parseCertificate, TestCa, TrustStore } from '@mchd/pki';
import {
  disposeTestSubgraph,
  postGraphQL,
  testDatabases,
  testSubgraphConfig,
  type Subgraph,
  type TestSubgraphConfig,
} from '@mchd/subgraph-kit';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCertificateSubgraph, SubgraphClock } from './index.js';

/** Base64 to a Uint8Array that owns its memory (@mchd/pki reads a Buffer's whole pooled ArrayBuffer). */
const bytes = (base64: string): Uint8Array => Uint8Array.from(Buffer.from(base64, 'base64'));
const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;

interface Employee {
  personId: string;
  employmentId: string;
  inn: string;
  snils: string;
  lastName: string;
}

describe.each(testDatabases())('certificate subgraph with the person feed on %s', (database) => {
  const random = seededRandom(database === 'sqlite' ? 701 : 702);
  const ORG = generateInnLegal(random);
  const OTHER = generateInnLegal(random);
  let shared: TestSubgraphConfig;
  let personTest: TestSubgraphConfig;
  let certTest: TestSubgraphConfig;
  let person: Subgraph;
  let certificate: Subgraph;
  let personUrl: string;
  let url: string;
  let admin: string;
  let assistant: string;
  let observer: string;
  let manager: string;
  let otherAdmin: string;
  let auditor: string;
  const clock = new SubgraphClock(0, () => NOW);
  const employees: Employee[] = [];

  const gql = <D = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token: string) =>
    postGraphQL<D>(url, query, variables, token).then((r) => r.body);
  const personGql = <D = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token: string) =>
    postGraphQL<D>(personUrl, query, variables, token).then((r) => r.body);
  const sync = () =>
    gql('mutation($at: DateTime!) { setCertificateClock(at: $at) { at } }', { at: clock.now() }, admin);

  async function events(types: string[]): Promise<{ type: string; payload: Record<string, unknown> }[]> {
    const res = await fetch(`${url.replace(/\/graphql$/, '')}/events?after=0&limit=1000&types=${types.join(',')}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    return ((await res.json()) as { events: { type: string; payload: Record<string, unknown> }[] }).events;
  }

  beforeAll(async () => {
    shared = testSubgraphConfig('shared');
    personTest = testSubgraphConfig('person', database, { dataDir: shared.dataDir, auth: { ...shared.config.auth } });
    person = createPersonSubgraph(personTest.config, { clock: () => clock.now() });
    personUrl = (await person.start()).url;
    certTest = testSubgraphConfig('certificate', database, {
      dataDir: shared.dataDir,
      auth: { ...shared.config.auth },
    });
    certificate = createCertificateSubgraph(certTest.config, {
      clock,
      testClock: true,
      personFeedUrl: personUrl,
      feedIntervalMs: 60_000,
      schedulerIntervalMs: 0,
    });
    url = (await certificate.start()).url;
    admin = await shared.token(['admin'], [ORG]);
    assistant = await shared.token(['assistant'], [ORG]);
    observer = await shared.token(['observer'], [ORG]);
    manager = await shared.token(['manager'], [ORG]);
    otherAdmin = await shared.token(['admin'], [OTHER]);
    auditor = await shared.token(['auditor']);

    const org = await personGql<{ createOrganization: { id: string } }>(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: 'АО Сертификаты', inn: ORG } },
      admin,
    );
    expect(org.errors).toBeUndefined();
    for (let i = 0; i < 5; i++) {
      const inn = generateInnPerson(random);
      const snils = generateSnils(random);
      const lastName = `Сотрудник${i}`;
      const p = await personGql<{ createPerson: { id: string } }>(
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        { i: { lastName, firstName: 'Анна', inn, snils } },
        admin,
      );
      const h = await personGql<{ hireEmployee: { id: string } }>(
        'mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }',
        {
          i: {
            personId: p.data!.createPerson.id,
            organizationId: org.data!.createOrganization.id,
            position: i < 3 ? 'Бухгалтер' : 'Юрист',
            hiredOn: '2026-01-10',
          },
        },
        admin,
      );
      expect(h.errors).toBeUndefined();
      employees.push({
        personId: p.data!.createPerson.id,
        employmentId: h.data!.hireEmployee.id,
        inn,
        snils,
        lastName,
      });
    }
  });

  afterAll(async () => {
    await disposeTestSubgraph(certificate, certTest);
    await disposeTestSubgraph(person, personTest);
    shared.cleanup();
  });

  const REQUEST_FIELDS = 'id status type personInn person { id } documents { kind state } carrier { type insecure }';
  const requests: Record<string, { id: string; status: string }> = {};

  it('creates requests in bulk for the five employees, then by position and from a CSV list', async () => {
    const bulk = await gql<{
      createCertificateRequests: {
        requests: { id: string; status: string; personInn: string; documents: { kind: string; state: string }[] }[];
        problems: unknown[];
      };
    }>(
      `mutation($i: CreateCertificateRequestsInput!) { createCertificateRequests(input: $i) {
        requests { ${REQUEST_FIELDS} } problems { line value message } } }`,
      { i: { organizationInn: ORG, type: 'UNQUALIFIED', purpose: 'ЭДО', carrier: { type: 'FILE_SYSTEM' } } },
      assistant,
    );
    expect(bulk.errors).toBeUndefined();
    const created = bulk.data!.createCertificateRequests;
    expect(created.problems).toEqual([]);
    expect(created.requests.map((r) => r.personInn).sort()).toEqual(employees.map((e) => e.inn).sort());
    for (const r of created.requests) {
      expect(r.status).toBe('DOCUMENTS_PENDING');
      expect(r.documents).toEqual([
        { kind: 'PASSPORT', state: 'MISSING' },
        { kind: 'SNILS', state: 'MISSING' },
      ]);
      requests[r.personInn] = r;
    }

    const again = await gql<{ createCertificateRequests: { requests: unknown[]; problems: { message: string }[] } }>(
      `mutation($i: CreateCertificateRequestsInput!) { createCertificateRequests(input: $i) {
        requests { id } problems { line value message } } }`,
      { i: { organizationInn: ORG, type: 'UNQUALIFIED', position: 'Юрист' } },
      assistant,
    );
    expect(again.data!.createCertificateRequests.requests).toEqual([]);
    expect(again.data!.createCertificateRequests.problems.map((p) => p.message)).toEqual([
      'the employee has an open request of this type',
      'the employee has an open request of this type',
    ]);

    const csv = ['inn', employees[3]!.inn, '123', generateInnPerson(random), employees[4]!.snils].join('\n');
    const fromCsv = await gql<{
      createCertificateRequests: {
        requests: { personInn: string; type: string; carrier: { type: string; insecure: boolean } }[];
        problems: { line: number; message: string }[];
      };
    }>(
      `mutation($i: CreateCertificateRequestsInput!) { createCertificateRequests(input: $i) {
        requests { ${REQUEST_FIELDS} } problems { line value message } } }`,
      {
        i: {
          organizationInn: ORG,
          type: 'QUALIFIED',
          csv,
          carrier: { type: 'PROTECTED_TOKEN', serialNumber: 'RT-0042' },
        },
      },
      admin,
    );
    expect(fromCsv.errors).toBeUndefined();
    const q = fromCsv.data!.createCertificateRequests;
    expect(q.requests.map((r) => r.personInn)).toEqual([employees[3]!.inn, employees[4]!.inn]);
    expect(q.requests[0]!.carrier).toEqual({ type: 'PROTECTED_TOKEN', insecure: false });
    expect(q.problems.map((p) => p.line)).toEqual([3, 4]);
    for (const r of q.requests as unknown as { id: string; status: string; personInn: string }[]) {
      requests[`q:${r.personInn}`] = r;
    }
  });

  const issued: Record<string, { id: string; thumbprint: string; serialNumber: string; der: string }> = {};

  async function provideDocuments(requestId: string, kinds: string[]): Promise<string> {
    let status = '';
    for (const kind of kinds) {
      const r = await gql<{ setRequestDocument: { status: string } }>(
        'mutation($i: SetRequestDocumentInput!) { setRequestDocument(input: $i) { status } }',
        { i: { requestId, kind, state: 'PROVIDED', content: Buffer.from(`scan of ${kind}`).toString('base64') } },
        assistant,
      );
      expect(r.errors).toBeUndefined();
      status = r.data!.setRequestDocument.status;
    }
    return status;
  }

  it('issues an unqualified certificate at once for a GOST CSR made where the key lives', async () => {
    const e = employees[0]!;
    const request = requests[e.inn]!;
    expect(await provideDocuments(request.id, ['PASSPORT'])).toBe('DOCUMENTS_PENDING');
    expect(await provideDocuments(request.id, ['SNILS'])).toBe('DRAFT');
    const { csrDer } = await createCsr({
      subject: { commonName: `${e.lastName} Анна`, inn: e.inn, snils: e.snils },
      algorithm: 'gost256',
      seed: `gost-${database}`,
    });
    const r = await gql<{
      submitCertificateRequest: {
        status: string;
        issuedAt: string;
        certificate: {
          id: string;
          thumbprint: string;
          serialNumber: string;
          der: string;
          notBefore: string;
          notAfter: string;
          issuer: string;
          qualified: boolean;
          status: string;
          owner: { id: string };
          subject: { inn: string; snils: string; innLe: string };
          carrier: { type: string; insecure: boolean };
        };
      };
    }>(
      `mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) { status issuedAt
        certificate { id thumbprint serialNumber der notBefore notAfter issuer qualified status owner { id }
          subject { inn snils innLe } carrier { type insecure } } } }`,
      { i: { requestId: request.id, csr: Buffer.from(csrDer).toString('base64') } },
      assistant,
    );
    expect(r.errors).toBeUndefined();
    const out = r.data!.submitCertificateRequest;
    expect(out.status).toBe('ISSUED');
    expect(out.certificate).toMatchObject({
      notBefore: NOW.toISOString(),
      notAfter: new Date(NOW.getTime() + 365 * DAY).toISOString(),
      issuer: 'CN=MCHD Registry Built-in CA, O=MCHD Registry, C=RU',
      qualified: false,
      status: 'VALID',
      owner: { id: e.personId },
      subject: { inn: e.inn, snils: e.snils, innLe: ORG },
      carrier: { type: 'FILE_SYSTEM', insecure: true },
    });
    const der = bytes(out.certificate.der);
    const info = parseCertificate(der);
    expect(info.thumbprint.toLowerCase()).toBe(out.certificate.thumbprint);
    expect(info.publicKeyAlgorithm).toMatch(/GOST R 34.10-2012 256/);
    const ca = await gql<{ certificateAuthority: { certificate: string } }>(
      '{ certificateAuthority { certificate } }',
      {},
      observer,
    );
    const trustStore = TrustStore.fromCertificates([bytes(ca.data!.certificateAuthority.certificate)]);
    const status = await isCertificateValidAt(der, new Date(NOW.getTime() + DAY), { trustStore });
    expect(status.valid).toBe(true);
    issued.gost = { ...out.certificate };
  });

  it('keeps a qualified request for an ECDSA CSR until the operator approves it; rejection needs a comment', async () => {
    const e = employees[3]!;
    const request = requests[`q:${e.inn}`]!;
    expect(await provideDocuments(request.id, ['PASSPORT', 'SNILS', 'APPLICATION'])).toBe('DRAFT');
    const { csrDer } = await createCsr({
      subject: { commonName: `${e.lastName} Анна`, inn: e.inn },
      algorithm: 'ecdsa-p256',
      seed: `ecdsa-${database}`,
    });
    const submit = await gql<{ submitCertificateRequest: { status: string; certificate: null } }>(
      'mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) { status certificate { id } } }',
      { i: { requestId: request.id, csr: Buffer.from(csrDer).toString('base64') } },
      assistant,
    );
    expect(submit.data!.submitCertificateRequest).toEqual({ status: 'SUBMITTED', certificate: null });
    const byAssistant = await gql(
      'mutation($i: DecideCertificateRequestInput!) { approveCertificateRequest(input: $i) { status } }',
      { i: { requestId: request.id } },
      assistant,
    );
    expect(byAssistant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const approve = await gql<{
      approveCertificateRequest: {
        status: string;
        operatorComment: string;
        decidedAt: string;
        certificate: { id: string; qualified: boolean; notAfter: string; carrier: { serialNumber: string } };
      };
    }>(
      `mutation($i: DecideCertificateRequestInput!) { approveCertificateRequest(input: $i) { status operatorComment
        decidedAt certificate { id qualified notAfter carrier { serialNumber } thumbprint serialNumber der } } }`,
      { i: { requestId: request.id, comment: 'Документы проверены' } },
      admin,
    );
    expect(approve.errors).toBeUndefined();
    expect(approve.data!.approveCertificateRequest).toMatchObject({
      status: 'ISSUED',
      operatorComment: 'Документы проверены',
      decidedAt: NOW.toISOString(),
      certificate: {
        qualified: true,
        notAfter: new Date(NOW.getTime() + 1095 * DAY).toISOString(),
        carrier: { serialNumber: 'RT-0042' },
      },
    });
    issued.ecdsa = approve.data!.approveCertificateRequest.certificate as unknown as (typeof issued)['gost'];

    const other = requests[`q:${employees[4]!.inn}`]!;
    const noComment = await gql(
      'mutation($i: DecideCertificateRequestInput!) { rejectCertificateRequest(input: $i) { status } }',
      { i: { requestId: other.id } },
      admin,
    );
    expect(noComment.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'input.comment' });
    const rejected = await gql<{ rejectCertificateRequest: { status: string; operatorComment: string } }>(
      'mutation($i: DecideCertificateRequestInput!) { rejectCertificateRequest(input: $i) { status operatorComment } }',
      { i: { requestId: other.id, comment: 'Нет заявления' } },
      admin,
    );
    expect(rejected.data!.rejectCertificateRequest).toEqual({ status: 'REJECTED', operatorComment: 'Нет заявления' });
  });

  it('refuses unusable CSRs with a code and a path, and CSRs naming someone else', async () => {
    const e = employees[1]!;
    const request = requests[e.inn]!;
    const early = await gql(
      'mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) { status } }',
      { i: { requestId: request.id, csr: Buffer.from('x').toString('base64') } },
      assistant,
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', path: 'input.requestId' });
    await provideDocuments(request.id, ['PASSPORT', 'SNILS']);
    const garbage = await gql(
      'mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) { status } }',
      { i: { requestId: request.id, csr: Buffer.from('not a csr').toString('base64') } },
      assistant,
    );
    expect(garbage.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      path: 'input.csr',
      reason: 'CSR_INVALID',
    });
    const { csrDer } = await createCsr({
      subject: { commonName: 'Чужой', inn: employees[2]!.inn },
      algorithm: 'ecdsa-p256',
    });
    const mismatch = await gql(
      'mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) { status } }',
      { i: { requestId: request.id, csr: Buffer.from(csrDer).toString('base64') } },
      assistant,
    );
    expect(mismatch.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SUBJECT_MISMATCH' });
    const still = await gql<{ certificateRequest: { status: string } }>(
      'query($id: ID!) { certificateRequest(id: $id) { status } }',
      { id: request.id },
      observer,
    );
    expect(still.data!.certificateRequest.status).toBe('DRAFT');
  });

  let imported: { id: string; thumbprint: string };

  it('imports a certificate of another CA (PEM) parsed into owner, issuer, serial and validity', async () => {
    const foreign = await TestCa.create({
      algorithm: 'gost256',
      name: 'Внешний УЦ',
      clock: () => NOW,
      seed: 'foreign',
      qualified: true,
    });
    const e = employees[2]!;
    const cert = await foreign.issueEndEntity({
      subject: { commonName: `${e.lastName} Анна`, inn: e.inn, snils: e.snils, innLe: ORG },
      notBefore: new Date(NOW.getTime() - 10 * DAY),
      notAfter: new Date(NOW.getTime() + 20 * DAY),
    });
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert.certificate).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const r = await gql<{
      importCertificate: {
        id: string;
        thumbprint: string;
        serialNumber: string;
        issuer: string;
        qualified: boolean;
        owner: { id: string };
        organizationInn: string;
        keyUsage: string[];
        carrier: { type: string; serialNumber: string; insecure: boolean };
        status: string;
        daysLeft: number;
      };
    }>(
      `mutation($i: ImportCertificateInput!) { importCertificate(input: $i) { id thumbprint serialNumber issuer
        qualified owner { id } organizationInn keyUsage carrier { type serialNumber insecure } status daysLeft } }`,
      {
        i: {
          certificate: Buffer.from(pem).toString('base64'),
          carrier: { type: 'PROTECTED_TOKEN', serialNumber: 'JC-7' },
        },
      },
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.importCertificate).toMatchObject({
      thumbprint: cert.info.thumbprint.toLowerCase(),
      serialNumber: cert.info.serialNumber,
      issuer: 'CN=Внешний УЦ',
      qualified: true,
      owner: { id: e.personId },
      organizationInn: ORG,
      keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment'],
      carrier: { type: 'PROTECTED_TOKEN', serialNumber: 'JC-7', insecure: false },
      status: 'VALID',
      daysLeft: 20,
    });
    imported = r.data!.importCertificate;
    const dup = await gql(
      'mutation($i: ImportCertificateInput!) { importCertificate(input: $i) { id } }',
      { i: { certificate: Buffer.from(cert.certificate).toString('base64') } },
      admin,
    );
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', path: 'input.certificate' });
    const junk = await gql(
      'mutation($i: ImportCertificateInput!) { importCertificate(input: $i) { id } }',
      { i: { certificate: Buffer.from('junk').toString('base64') } },
      admin,
    );
    expect(junk.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'input.certificate' });
    const token = await gql(
      'mutation($i: ImportCertificateInput!) { importCertificate(input: $i) { id } }',
      {
        i: { certificate: Buffer.from(cert.certificate).toString('base64'), carrier: { type: 'PROTECTED_TOKEN' } },
      },
      admin,
    );
    expect(token.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      path: 'input.carrier.serialNumber',
    });
    const spaced = imported.thumbprint.toUpperCase().match(/../g)!.join(':');
    const found = await gql<{ certificateByThumbprint: { id: string } }>(
      'query($t: String!) { certificateByThumbprint(thumbprint: $t) { id } }',
      { t: spaced },
      observer,
    );
    expect(found.data!.certificateByThumbprint).toEqual({ id: imported.id });
    // Base64 text (as many tools export a .cer) is accepted as well; the organization comes from the subject.
    const other = await foreign.issueEndEntity({
      subject: { commonName: 'Внешний сотрудник', innLe: ORG, inn: generateInnPerson(random) },
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() - DAY),
    });
    const asText = Buffer.from(Buffer.from(other.certificate).toString('base64'));
    const textImport = await gql<{ importCertificate: { status: string; owner: null; organizationInn: string } }>(
      'mutation($i: ImportCertificateInput!) { importCertificate(input: $i) { status owner { id } organizationInn } }',
      { i: { certificate: asText.toString('base64') } },
      admin,
    );
    expect(textImport.data!.importCertificate).toEqual({ status: 'EXPIRED', owner: null, organizationInn: ORG });
  });

  it('answers every report with exact rows, and CSV', async () => {
    const expiring = await gql<{
      expiringCertificates: { totalCount: number; edges: { node: { id: string; daysLeft: number } }[] };
    }>(
      'query($o: String) { expiringCertificates(withinDays: 30, organizationInn: $o) { totalCount edges { node { id daysLeft } } } }',
      { o: ORG },
      observer,
    );
    expect(expiring.data!.expiringCertificates).toEqual({
      totalCount: 1,
      edges: [{ node: { id: imported.id, daysLeft: 20 } }],
    });
    const year = await gql<{ expiringCertificates: { edges: { node: { id: string } }[] } }>(
      '{ expiringCertificates(withinDays: 400) { edges { node { id } } } }',
      {},
      observer,
    );
    expect(year.data!.expiringCertificates.edges.map((e) => e.node.id)).toEqual([imported.id, issued.gost!.id]);

    const period = await gql<{
      issuedCertificates: {
        edges: { node: { thumbprint: string; serialNumber: string; carrier: { type: string } } }[];
      };
    }>(
      `query($f: DateTime!, $t: DateTime!) { issuedCertificates(from: $f, to: $t, organizationInn: "${ORG}") {
        edges { node { thumbprint serialNumber carrier { type } } } } }`,
      { f: NOW.toISOString(), t: new Date(NOW.getTime() + 1000).toISOString() },
      observer,
    );
    expect(period.data!.issuedCertificates.edges.map((e) => e.node)).toEqual([
      {
        thumbprint: issued.gost!.thumbprint,
        serialNumber: issued.gost!.serialNumber,
        carrier: { type: 'FILE_SYSTEM' },
      },
      {
        thumbprint: issued.ecdsa!.thumbprint,
        serialNumber: issued.ecdsa!.serialNumber,
        carrier: { type: 'PROTECTED_TOKEN' },
      },
      { thumbprint: imported.thumbprint, serialNumber: expect.any(String), carrier: { type: 'PROTECTED_TOKEN' } },
      { thumbprint: expect.stringMatching(/^[0-9a-f]{40}$/), serialNumber: expect.any(String), carrier: null },
    ]);

    const insecure = await gql<{ insecureCarrierCertificates: { edges: { node: { id: string } }[] } }>(
      `{ insecureCarrierCertificates(organizationInn: "${ORG}") { edges { node { id } } } }`,
      {},
      observer,
    );
    expect(insecure.data!.insecureCarrierCertificates.edges).toEqual([{ node: { id: issued.gost!.id } }]);

    const missing = await gql<{
      employeesWithMissingDocuments: { personInn: string; person: { id: string }; missing: string[] }[];
    }>(
      `{ employeesWithMissingDocuments(organizationInn: "${ORG}") { personInn person { id } missing } }`,
      {},
      observer,
    );
    expect(missing.data!.employeesWithMissingDocuments).toEqual(
      [2, 3, 4].map((i) => ({
        personInn: employees[i]!.inn,
        person: { id: employees[i]!.personId },
        missing: ['PASSPORT', 'SNILS'],
      })),
    );

    const byStatus = await gql<{ certificateRequestsByStatus: { status: string; count: number }[] }>(
      `{ certificateRequestsByStatus(organizationInn: "${ORG}") { status count } }`,
      {},
      manager,
    );
    expect(byStatus.data!.certificateRequestsByStatus).toEqual([
      { status: 'DOCUMENTS_PENDING', count: 3 },
      { status: 'DRAFT', count: 1 },
      { status: 'SUBMITTED', count: 0 },
      { status: 'APPROVED', count: 0 },
      { status: 'REJECTED', count: 1 },
      { status: 'ISSUED', count: 2 },
    ]);

    const csv = await gql<{ certificateReportCsv: string }>(
      `{ certificateReportCsv(report: EXPIRING, organizationInn: "${ORG}", withinDays: 30) }`,
      {},
      observer,
    );
    const lines = csv.data!.certificateReportCsv.trim().split('\n');
    expect(lines[0]).toBe(
      'thumbprint,serialNumber,commonName,inn,snils,organizationInn,carrier,carrierSerial,notBefore,notAfter,status,daysLeft',
    );
    expect(lines.slice(1)).toEqual([
      [
        imported.thumbprint,
        await serialOf(imported.id),
        `${employees[2]!.lastName} Анна`,
        employees[2]!.inn,
        employees[2]!.snils,
        ORG,
        'PROTECTED_TOKEN',
        'JC-7',
        new Date(NOW.getTime() - 10 * DAY).toISOString(),
        new Date(NOW.getTime() + 20 * DAY).toISOString(),
        'VALID',
        '20',
      ].join(','),
    ]);
    const statusCsv = await gql<{ certificateReportCsv: string }>(
      `{ certificateReportCsv(report: REQUESTS_BY_STATUS, organizationInn: "${ORG}") }`,
      {},
      manager,
    );
    expect(statusCsv.data!.certificateReportCsv).toBe(
      'status,count\nDOCUMENTS_PENDING,3\nDRAFT,1\nSUBMITTED,0\nAPPROVED,0\nREJECTED,1\nISSUED,2\n',
    );
  });

  async function serialOf(id: string): Promise<string> {
    const r = await gql<{ certificate: { serialNumber: string } }>(
      'query($id: ID!) { certificate(id: $id) { serialNumber } }',
      { id },
      auditor,
    );
    return r.data!.certificate.serialNumber;
  }

  it('delivers certificate events over graphql-ws from a cursor, only of the organization asked for', async () => {
    const subscribe = (token: string, organizationInn: string | null) =>
      new Promise<{ events: { type: string; thumbprint: string }[]; error: unknown }>((resolve) => {
        const client = createClient({
          url: url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          retryAttempts: 0,
        });
        const events: { type: string; thumbprint: string }[] = [];
        let finished = false;
        const done = (error: unknown) => {
          if (finished) return;
          finished = true;
          void client.dispose();
          resolve({ events, error });
        };
        client.subscribe<{ certificateEvents: { type: string; thumbprint: string } }>(
          {
            query: `subscription($o: String) { certificateEvents(organizationInn: $o, after: "0", types: [ISSUED]) {
              type thumbprint certificate { organizationInn } } }`,
            variables: { o: organizationInn },
          },
          {
            next: (v) => {
              if (finished) return;
              if (v.errors) return done(v.errors);
              events.push(v.data!.certificateEvents);
              if (events.length === 3) done(null);
            },
            error: (e) => done(e),
            complete: () => done(null),
          },
        );
      });
    const mine = await subscribe(observer, ORG);
    expect(mine.error).toBeNull();
    const certificate = { organizationInn: ORG };
    expect(mine.events).toEqual([
      { type: 'ISSUED', thumbprint: issued.gost!.thumbprint, certificate },
      { type: 'ISSUED', thumbprint: issued.ecdsa!.thumbprint, certificate },
      { type: 'ISSUED', thumbprint: imported.thumbprint, certificate },
    ]);
    const foreign = await subscribe(otherAdmin, ORG);
    expect(JSON.stringify(foreign.error)).toContain('FORBIDDEN');
    const everything = await subscribe(observer, null);
    expect(JSON.stringify(everything.error)).toContain('FORBIDDEN');
  });

  it('refuses by role and organization', async () => {
    const observe = await gql(
      'mutation($i: CreateCertificateRequestInput!) { createCertificateRequest(input: $i) { id } }',
      { i: { organizationInn: ORG, personInn: employees[0]!.inn, type: 'UNQUALIFIED' } },
      observer,
    );
    expect(observe.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const revokeByAssistant = await gql(
      'mutation($i: RevokeCertificateInput!) { revokeCertificate(input: $i) { id } }',
      { i: { certificateId: issued.gost!.id, reason: 'REQUEST' } },
      assistant,
    );
    expect(revokeByAssistant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const managerList = await gql(
      `{ expiringCertificates(withinDays: 30, organizationInn: "${ORG}") { totalCount } }`,
      {},
      manager,
    );
    expect(managerList.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await gql('query($id: ID!) { certificate(id: $id) { id } }', { id: issued.gost!.id }, otherAdmin);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreignRevoke = await gql(
      'mutation($i: RevokeCertificateInput!) { revokeCertificate(input: $i) { id } }',
      { i: { certificateId: issued.gost!.id, reason: 'REQUEST' } },
      otherAdmin,
    );
    expect(foreignRevoke.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await postGraphQL(url, '{ certificates { totalCount } }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousEntities = await postGraphQL(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { certificates { id } } ... on Certificate { id } } }',
      {
        r: [
          { __typename: 'Person', id: employees[0]!.personId },
          { __typename: 'Certificate', thumbprint: issued.gost!.thumbprint },
        ],
      },
    );
    expect(anonymousEntities.body.errors?.map((e) => e.extensions?.code)).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
    ]);
    const foreignPerson = await gql<{ _entities: { certificates: unknown[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { certificates { id } } } }',
      { r: [{ __typename: 'Person', id: employees[0]!.personId }] },
      otherAdmin,
    );
    expect(foreignPerson.data!._entities).toEqual([{ certificates: [] }]);
  });

  it('revokes the certificates of a dismissed employee from the person feed and lists them in the CRL', async () => {
    const e = employees[0]!;
    const dismissed = await personGql(
      'mutation($i: DismissEmployeeInput!) { dismissEmployee(input: $i) { id } }',
      { i: { employmentId: e.employmentId, dismissedOn: '2026-11-23', reason: 'по собственному желанию' } },
      admin,
    );
    expect(dismissed.errors).toBeUndefined();
    await sync();
    const r = await gql<{ certificate: { status: string; revokedAt: string; revocationReason: string } }>(
      'query($id: ID!) { certificate(id: $id) { status revokedAt revocationReason } }',
      { id: issued.gost!.id },
      observer,
    );
    expect(r.data!.certificate).toEqual({
      status: 'REVOKED',
      revokedAt: NOW.toISOString(),
      revocationReason: 'DISMISSAL',
    });
    const history = await gql<{ certificate: { changes: { actor: string; action: string }[] } }>(
      'query($id: ID!) { certificate(id: $id) { changes { actor action } } }',
      { id: issued.gost!.id },
      observer,
    );
    expect(history.data!.certificate.changes).toEqual([
      { actor: 'test-user', action: 'CERTIFICATE_ISSUED' },
      { actor: 'person-feed', action: 'CERTIFICATE_REVOKED' },
    ]);
    const ca = await gql<{ certificateAuthority: { certificate: string; crl: string } }>(
      '{ certificateAuthority { certificate crl } }',
      {},
      observer,
    );
    const trustStore = TrustStore.fromCertificates([bytes(ca.data!.certificateAuthority.certificate)]);
    const status = await isCertificateValidAt(bytes(issued.gost!.der), NOW, {
      trustStore,
      crls: [bytes(ca.data!.certificateAuthority.crl)],
    });
    expect(status.revocation).toMatchObject({ serialNumber: issued.gost!.serialNumber, reason: 'affiliationChanged' });
    // The same CRL is published for download, without credentials.
    const download = await fetch(url.replace(/\/graphql$/, '/crl'));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('application/pkix-crl');
    const downloaded = new Uint8Array(await download.arrayBuffer());
    expect([...downloaded]).toEqual([...bytes(ca.data!.certificateAuthority.crl)]);
    // At-least-once delivery: the same event again changes nothing.
    await sync();
    const revoked = await events(['CERTIFICATE_REVOKED']);
    expect(revoked.map((ev) => ev.payload.certificateId)).toEqual([issued.gost!.id]);
  });

  it('records EXPIRING notices at 30, 14, 7 and 1 days and EXPIRED at the end, once each', async () => {
    const notAfter = new Date(NOW.getTime() + 20 * DAY);
    // The imported certificate has 20 days left: the 30-day notice is due at once.
    for (const daysBefore of [20, 19, 14, 10, 7, 1, 0]) {
      clock.advanceTo(new Date(notAfter.getTime() - daysBefore * DAY));
      await sync();
    }
    const list = await events(['CERTIFICATE_EXPIRING', 'CERTIFICATE_EXPIRED']);
    expect(
      list.filter((ev) => ev.payload.certificateId === imported.id).map((ev) => [ev.type, ev.payload.daysLeft ?? null]),
    ).toEqual([
      ['CERTIFICATE_EXPIRING', 20],
      ['CERTIFICATE_EXPIRING', 14],
      ['CERTIFICATE_EXPIRING', 7],
      ['CERTIFICATE_EXPIRING', 1],
      ['CERTIFICATE_EXPIRED', null],
    ]);
    clock.advanceTo(NOW);
  });

  it('suspends a certificate not acknowledged by the deadline and reinstates it on acknowledgement', async () => {
    const policy = await gql<{
      setCertificatePolicy: { acknowledgementDays: number; requireAcknowledgement: boolean };
    }>(
      `mutation { setCertificatePolicy(input: { organizationInn: "${ORG}", requireAcknowledgement: true,
        acknowledgementDays: 30 }) { acknowledgementDays requireAcknowledgement } }`,
      {},
      admin,
    );
    expect(policy.data!.setCertificatePolicy).toEqual({ acknowledgementDays: 30, requireAcknowledgement: true });
    const e = employees[1]!;
    const { csrDer } = await createCsr({ subject: { commonName: e.lastName, inn: e.inn }, algorithm: 'gost256' });
    const r = await gql<{ submitCertificateRequest: { certificate: { id: string; acknowledgementDue: string } } }>(
      `mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) {
        certificate { id acknowledgementDue } } }`,
      { i: { requestId: requests[e.inn]!.id, csr: Buffer.from(csrDer).toString('base64') } },
      assistant,
    );
    expect(r.errors).toBeUndefined();
    const cert = r.data!.submitCertificateRequest.certificate;
    expect(cert.acknowledgementDue).toBe(new Date(NOW.getTime() + 30 * DAY).toISOString());
    const statusNow = async () =>
      (
        await gql<{ certificate: { status: string } }>(
          'query($id: ID!) { certificate(id: $id) { status } }',
          { id: cert.id },
          observer,
        )
      ).data!.certificate.status;
    clock.advanceTo(new Date(NOW.getTime() + 30 * DAY - 1000));
    await sync();
    expect(await statusNow()).toBe('VALID');
    clock.advanceTo(new Date(NOW.getTime() + 30 * DAY));
    const run = await gql<{ setCertificateClock: { suspended: number } }>(
      'mutation($at: DateTime!) { setCertificateClock(at: $at) { suspended } }',
      { at: clock.now() },
      admin,
    );
    expect(run.data!.setCertificateClock.suspended).toBe(1);
    expect(await statusNow()).toBe('SUSPENDED');
    const ack = await gql<{ acknowledgeCertificate: { status: string; acknowledgedAt: string } }>(
      'mutation($id: ID!) { acknowledgeCertificate(certificateId: $id) { status acknowledgedAt } }',
      { id: cert.id },
      assistant,
    );
    expect(ack.data!.acknowledgeCertificate).toEqual({
      status: 'VALID',
      acknowledgedAt: new Date(NOW.getTime() + 30 * DAY).toISOString(),
    });
    const kinds = (await events(['CERTIFICATE_SUSPENDED', 'CERTIFICATE_REINSTATED'])).map((ev) => ev.type);
    expect(kinds).toEqual(['CERTIFICATE_SUSPENDED', 'CERTIFICATE_REINSTATED']);
    clock.advanceTo(NOW);
  });

  it('renews from an existing certificate without documents and supersedes the old one', async () => {
    const e = employees[3]!;
    const { csrDer } = await createCsr({ subject: { commonName: e.lastName, inn: e.inn }, algorithm: 'ecdsa-p256' });
    const renewed = await gql<{ renewCertificate: { status: string; renewalOf: string; documents: unknown[] } }>(
      `mutation($i: RenewCertificateInput!) { renewCertificate(input: $i) { status renewalOf documents { kind } } }`,
      { i: { certificateId: issued.ecdsa!.id, csr: Buffer.from(csrDer).toString('base64') } },
      assistant,
    );
    expect(renewed.errors).toBeUndefined();
    // Qualified: the renewal waits for the operator like any qualified request.
    expect(renewed.data!.renewCertificate).toEqual({ status: 'SUBMITTED', renewalOf: issued.ecdsa!.id, documents: [] });
  });

  it('creates renewal requests N days before expiry where the organization enables it, once', async () => {
    const policy = await gql<{
      setCertificatePolicy: { autoRenewDays: number; validity: { carrier: string; days: number }[] };
    }>(
      `mutation { setCertificatePolicy(input: { organizationInn: "${ORG}", autoRenewDays: 40,
        validity: [{ carrier: FILE_SYSTEM, days: 180 }] }) { autoRenewDays validity { carrier days } } }`,
      {},
      admin,
    );
    expect(policy.data!.setCertificatePolicy.autoRenewDays).toBe(40);
    expect(policy.data!.setCertificatePolicy.validity).toContainEqual({ carrier: 'FILE_SYSTEM', days: 180 });
    const valid = await gql<{ certificates: { edges: { node: { id: string; notAfter: string } }[] } }>(
      `{ certificates(filter: { organizationInn: "${ORG}", status: VALID, carrier: FILE_SYSTEM }) { edges { node { id notAfter } } } }`,
      {},
      observer,
    );
    expect(valid.data!.certificates.edges).toHaveLength(1);
    const target = valid.data!.certificates.edges[0]!.node;
    const at = new Date(Date.parse(target.notAfter) - 40 * DAY);
    const first = await gql<{ setCertificateClock: { renewals: number } }>(
      'mutation($at: DateTime!) { setCertificateClock(at: $at) { renewals } }',
      { at },
      admin,
    );
    expect(first.data!.setCertificateClock.renewals).toBe(1);
    const again = await gql<{ setCertificateClock: { renewals: number } }>(
      'mutation($at: DateTime!) { setCertificateClock(at: $at) { renewals } }',
      { at: new Date(at.getTime() + DAY) },
      admin,
    );
    expect(again.data!.setCertificateClock.renewals).toBe(0);
    const drafts = await gql<{ certificateRequests: { edges: { node: { renewalOf: string; createdBy: string } }[] } }>(
      `{ certificateRequests(filter: { organizationInn: "${ORG}", status: DRAFT }) { edges { node { renewalOf createdBy } } } }`,
      {},
      observer,
    );
    expect(drafts.data!.certificateRequests.edges.map((e) => e.node)).toContainEqual({
      renewalOf: target.id,
      createdBy: 'scheduler',
    });
    clock.advanceTo(NOW);
  });
});
