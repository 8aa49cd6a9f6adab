import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevelopmentToken, type Role } from '@mchd/auth';
import { startStack, type RunningStack } from '@mchd/gateway';
import { generateInnLegal, generateInnPerson, generateSnils, seededRandom } from '@mchd/identifiers';
import { buildPowerOfAttorneyXml, examplePowerOfAttorney, type Individual } from '@mchd/format';
import {
  createCsr,
  isCertificateValidAt,
  parseCertificate,
  signDetached,
  TestCa,
  TrustStore,
  type KeyAlgorithm,
  type PrivateKey,
} from '@mchd/pki';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../e2e/stack-fixture.js';

// The certificate subgraph end to end: every part its own process (as `npm start` runs them), reached only through
// the gateway. The certificate subgraph follows the person subgraph's feed (MCHD_PERSON_FEED_URL) and runs with the
// test clock (MCHD_TEST_CLOCK=1: Mutation.setCertificateClock moves its clock and runs its scheduler). The built-in
// CA's files are provisioned in the data directory before the start (as an operator may bring its own CA key), so
// that the power-of-attorney subgraph can trust it (MCHD_TRUST_DIR) for the MCHD that a certificate signs.

const DAY = 86_400_000;
const random = seededRandom(2026_11_23);
const ORG = generateInnLegal(random);
const OTHER = generateInnLegal(random);
const bytes = (base64: string): Uint8Array => Uint8Array.from(Buffer.from(base64, 'base64'));

let stack: RunningStack;
let dataDir: string;
let admin: string;
let assistant: string;
let observer: string;
let manager: string;
let otherAdmin: string;
let auditor: string;

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<Answer<T>> {
  const res = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Answer<T>;
}

async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const answer = await gql<T>(query, variables, token);
  expect(answer.errors).toBeUndefined();
  return answer.data!;
}

const token = (roles: Role[], orgs: string[] = []) => issueDevelopmentToken({ dataDir }, { roles, orgs });

interface Employee {
  personId: string;
  employmentId: string;
  inn: string;
  snils: string;
  lastName: string;
}
const employees: Employee[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mchd-cert-e2e-'));
  const [gateway, person, certificate, poa] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const ca = await TestCa.create({ algorithm: 'gost256', name: 'E2E Built-in CA', seed: 'e2e-built-in-ca' });
  await mkdir(join(dataDir, 'ca'));
  await mkdir(join(dataDir, 'trust'));
  await writeFile(join(dataDir, 'ca', 'ca.key'), ca.privateKey.toPem(), { mode: 0o600 });
  await writeFile(join(dataDir, 'ca', 'ca.cer'), ca.certificate);
  await writeFile(join(dataDir, 'trust', 'built-in-ca.cer'), ca.certificate);
  stack = await startStack({
    dataDir,
    ports: { gateway: gateway!, person: person!, certificate: certificate!, 'power-of-attorney': poa! },
    env: {
      LOG_LEVEL: 'warn',
      MCHD_PERSON_FEED_URL: `http://127.0.0.1:${person}`,
      MCHD_PERSON_FEED_INTERVAL_MS: '200',
      MCHD_TEST_CLOCK: '1',
      MCHD_CERTIFICATE_SCHEDULER_MS: '0',
      MCHD_TRUST_DIR: join(dataDir, 'trust'),
    },
    log: () => undefined,
    readyTimeoutMs: 60_000,
  });
  admin = await token(['admin'], [ORG]);
  assistant = await token(['assistant'], [ORG]);
  observer = await token(['observer'], [ORG]);
  manager = await token(['manager'], [ORG]);
  otherAdmin = await token(['admin'], [OTHER]);
  auditor = await token(['auditor']);
  const org = await ok<{ createOrganization: { id: string } }>(
    'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
    { i: { name: 'АО Удостоверяющий центр', inn: ORG } },
    admin,
  );
  for (let i = 0; i < 5; i++) {
    const inn = generateInnPerson(random);
    const snils = generateSnils(random);
    const lastName = `Работник${i}`;
    const p = await ok<{ createPerson: { id: string } }>(
      'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
      { i: { lastName, firstName: 'Пётр', inn, snils } },
      admin,
    );
    const h = await ok<{ hireEmployee: { id: string } }>(
      'mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }',
      {
        i: {
          personId: p.createPerson.id,
          organizationId: org.createOrganization.id,
          position: 'Инженер',
          hiredOn: '2026-02-01',
        },
      },
      admin,
    );
    employees.push({ personId: p.createPerson.id, employmentId: h.hireEmployee.id, inn, snils, lastName });
  }
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const requestOf: Record<string, string> = {};
const certificates: Record<
  number,
  { id: string; thumbprint: string; serialNumber: string; der: string; notAfter: string }
> = {};

async function issue(i: number, algorithm: KeyAlgorithm): Promise<void> {
  const e = employees[i]!;
  const { csrDer } = await createCsr({ subject: { commonName: `${e.lastName} Пётр`, inn: e.inn }, algorithm });
  const r = await ok<{
    submitCertificateRequest: {
      status: string;
      certificate: { id: string; thumbprint: string; serialNumber: string; der: string; notAfter: string };
    };
  }>(
    `mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) { status
      certificate { id thumbprint serialNumber der notAfter } } }`,
    { i: { requestId: requestOf[e.inn], csr: Buffer.from(csrDer).toString('base64') } },
    assistant,
  );
  expect(r.submitCertificateRequest.status).toBe('ISSUED');
  certificates[i] = r.submitCertificateRequest.certificate;
}

describe('certificates through the gateway', () => {
  it('creates requests in bulk for five employees and collects their documents', async () => {
    const bulk = await ok<{
      createCertificateRequests: { requests: { id: string; personInn: string; status: string }[]; problems: unknown[] };
    }>(
      `mutation($i: CreateCertificateRequestsInput!) { createCertificateRequests(input: $i) {
        requests { id personInn status } problems { line message } } }`,
      { i: { organizationInn: ORG, type: 'UNQUALIFIED', position: 'Инженер', carrier: { type: 'FILE_SYSTEM' } } },
      assistant,
    );
    expect(bulk.createCertificateRequests.problems).toEqual([]);
    expect(bulk.createCertificateRequests.requests.map((r) => [r.personInn, r.status])).toEqual(
      employees.map((e) => [e.inn, 'DOCUMENTS_PENDING']),
    );
    for (const r of bulk.createCertificateRequests.requests) requestOf[r.personInn] = r.id;
    // Documents for the first three; the last two stay incomplete (the missing-documents report lists them).
    for (const e of employees.slice(0, 3)) {
      for (const kind of ['PASSPORT', 'SNILS']) {
        await ok(
          'mutation($i: SetRequestDocumentInput!) { setRequestDocument(input: $i) { status } }',
          { i: { requestId: requestOf[e.inn], kind, state: 'ACCEPTED' } },
          assistant,
        );
      }
    }
    const statuses = await ok<{ certificateRequests: { edges: { node: { status: string } }[] } }>(
      `{ certificateRequests(filter: { organizationInn: "${ORG}" }) { edges { node { status } } } }`,
      {},
      observer,
    );
    expect(statuses.certificateRequests.edges.map((e) => e.node.status)).toEqual([
      'DRAFT',
      'DRAFT',
      'DRAFT',
      'DOCUMENTS_PENDING',
      'DOCUMENTS_PENDING',
    ]);
  });

  it('issues certificates for CSRs made from keys generated here (GOST and ECDSA), linked to their owners', async () => {
    await issue(0, 'gost256');
    await issue(1, 'ecdsa-p256');
    expect(parseCertificate(bytes(certificates[0]!.der)).publicKeyAlgorithm).toMatch(/GOST/);
    expect(parseCertificate(bytes(certificates[1]!.der)).publicKeyAlgorithm).toMatch(/ECDSA|EC/);
    const e = employees[0]!;
    const cross = await ok<{
      personByInn: {
        lastName: string;
        certificates: { thumbprint: string; status: string; carrier: { type: string } }[];
      };
    }>(
      'query($inn: String!) { personByInn(inn: $inn) { lastName certificates { thumbprint status carrier { type } } } }',
      { inn: e.inn },
      admin,
    );
    expect(cross.personByInn).toEqual({
      lastName: e.lastName,
      certificates: [{ thumbprint: certificates[0]!.thumbprint, status: 'VALID', carrier: { type: 'FILE_SYSTEM' } }],
    });
    const owner = await ok<{ certificateByThumbprint: { owner: { lastName: string; inn: string } } }>(
      'query($t: String!) { certificateByThumbprint(thumbprint: $t) { owner { lastName inn } } }',
      { t: certificates[1]!.thumbprint.toUpperCase().match(/../g)!.join(' ') },
      admin,
    );
    expect(owner.certificateByThumbprint.owner).toEqual({ lastName: employees[1]!.lastName, inn: employees[1]!.inn });
  });

  it('waits for the operator on a qualified request, then issues on a protected token for three years', async () => {
    const e = employees[2]!;
    const created = await ok<{ createCertificateRequest: { id: string; documents: { kind: string }[] } }>(
      `mutation($i: CreateCertificateRequestInput!) { createCertificateRequest(input: $i) { id documents { kind } } }`,
      {
        i: {
          organizationInn: ORG,
          personInn: e.inn,
          type: 'QUALIFIED',
          carrier: { type: 'PROTECTED_TOKEN', serialNumber: 'TK-1' },
        },
      },
      assistant,
    );
    const id = created.createCertificateRequest.id;
    expect(created.createCertificateRequest.documents.map((d) => d.kind)).toEqual(['PASSPORT', 'SNILS', 'APPLICATION']);
    for (const kind of ['PASSPORT', 'SNILS', 'APPLICATION']) {
      await ok(
        'mutation($i: SetRequestDocumentInput!) { setRequestDocument(input: $i) { status } }',
        { i: { requestId: id, kind, state: 'PROVIDED' } },
        assistant,
      );
    }
    const { csrDer } = await createCsr({ subject: { commonName: e.lastName, inn: e.inn }, algorithm: 'gost512' });
    const submitted = await ok<{ submitCertificateRequest: { status: string } }>(
      'mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) { status } }',
      { i: { requestId: id, csr: Buffer.from(csrDer).toString('base64') } },
      assistant,
    );
    expect(submitted.submitCertificateRequest.status).toBe('SUBMITTED');
    const approved = await ok<{
      approveCertificateRequest: {
        status: string;
        certificate: { qualified: boolean; notBefore: string; notAfter: string };
      };
    }>(
      `mutation($i: DecideCertificateRequestInput!) { approveCertificateRequest(input: $i) { status
        certificate { qualified notBefore notAfter } } }`,
      { i: { requestId: id, comment: 'OK' } },
      admin,
    );
    const c = approved.approveCertificateRequest.certificate;
    expect(approved.approveCertificateRequest.status).toBe('ISSUED');
    expect(c.qualified).toBe(true);
    expect(Date.parse(c.notAfter) - Date.parse(c.notBefore)).toBe(1095 * DAY);
  });

  it('answers the reports on this data set with exact rows', async () => {
    const expiring = await ok<{
      expiringCertificates: { totalCount: number; edges: { node: { thumbprint: string } }[] };
    }>(
      `{ expiringCertificates(withinDays: 366, organizationInn: "${ORG}") { totalCount edges { node { thumbprint } } } }`,
      {},
      observer,
    );
    // Both one-year certificates; the qualified one runs three years.
    expect(expiring.expiringCertificates.totalCount).toBe(2);
    expect(expiring.expiringCertificates.edges.map((e) => e.node.thumbprint)).toEqual([
      certificates[0]!.thumbprint,
      certificates[1]!.thumbprint,
    ]);
    const insecure = await ok<{ insecureCarrierCertificates: { edges: { node: { thumbprint: string } }[] } }>(
      `{ insecureCarrierCertificates(organizationInn: "${ORG}") { edges { node { thumbprint } } } }`,
      {},
      observer,
    );
    expect(insecure.insecureCarrierCertificates.edges.map((e) => e.node.thumbprint)).toEqual([
      certificates[0]!.thumbprint,
      certificates[1]!.thumbprint,
    ]);
    const missing = await ok<{ employeesWithMissingDocuments: { person: { lastName: string }; missing: string[] }[] }>(
      `{ employeesWithMissingDocuments(organizationInn: "${ORG}") { person { lastName } missing } }`,
      {},
      admin,
    );
    expect(missing.employeesWithMissingDocuments).toEqual([
      { person: { lastName: employees[3]!.lastName }, missing: ['PASSPORT', 'SNILS'] },
      { person: { lastName: employees[4]!.lastName }, missing: ['PASSPORT', 'SNILS'] },
    ]);
    const byStatus = await ok<{ certificateRequestsByStatus: { status: string; count: number }[] }>(
      `{ certificateRequestsByStatus(organizationInn: "${ORG}") { status count } }`,
      {},
      manager,
    );
    expect(byStatus.certificateRequestsByStatus.filter((s) => s.count > 0)).toEqual([
      { status: 'DOCUMENTS_PENDING', count: 2 },
      { status: 'DRAFT', count: 1 },
      { status: 'ISSUED', count: 3 },
    ]);
    const csv = await ok<{ certificateReportCsv: string }>(
      `query($f: DateTime!, $t: DateTime!) { certificateReportCsv(report: ISSUED, organizationInn: "${ORG}", from: $f, to: $t) }`,
      { f: new Date(Date.now() - DAY).toISOString(), t: new Date(Date.now() + DAY).toISOString() },
      observer,
    );
    const rows = csv.certificateReportCsv.trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual([
      certificates[0]!.thumbprint,
      certificates[1]!.thumbprint,
      expect.stringMatching(/^[0-9a-f]{40}$/),
    ]);
  });

  it('refuses by role and organization', async () => {
    const refusals = [
      await gql(
        'mutation($i: CreateCertificateRequestInput!) { createCertificateRequest(input: $i) { id } }',
        { i: { organizationInn: ORG, personInn: employees[3]!.inn, type: 'UNQUALIFIED' } },
        observer,
      ),
      await gql(
        'mutation($i: RevokeCertificateInput!) { revokeCertificate(input: $i) { id } }',
        { i: { certificateId: certificates[1]!.id, reason: 'REQUEST' } },
        assistant,
      ),
      await gql(`{ expiringCertificates(withinDays: 30, organizationInn: "${ORG}") { totalCount } }`, {}, manager),
      await gql('query($id: ID!) { certificate(id: $id) { id } }', { id: certificates[1]!.id }, otherAdmin),
      await gql(
        'mutation($i: DecideCertificateRequestInput!) { approveCertificateRequest(input: $i) { id } }',
        { i: { requestId: requestOf[employees[2]!.inn] } },
        assistant,
      ),
    ];
    expect(refusals.map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
  });

  it('revokes the certificate of a dismissed employee (from the person feed) and publishes it in the CRL', async () => {
    await ok(
      'mutation($i: DismissEmployeeInput!) { dismissEmployee(input: $i) { id } }',
      { i: { employmentId: employees[0]!.employmentId, dismissedOn: new Date().toISOString().slice(0, 10) } },
      admin,
    );
    let status = '';
    for (let i = 0; i < 100 && status !== 'REVOKED'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await ok<{ certificate: { status: string } }>(
        'query($id: ID!) { certificate(id: $id) { status } }',
        { id: certificates[0]!.id },
        observer,
      );
      status = r.certificate.status;
    }
    expect(status).toBe('REVOKED');
    const ca = await ok<{ certificateAuthority: { certificate: string; crl: string } }>(
      '{ certificateAuthority { certificate crl } }',
      {},
      observer,
    );
    const verdict = await isCertificateValidAt(bytes(certificates[0]!.der), new Date(Date.now() + 60_000), {
      trustStore: TrustStore.fromCertificates([bytes(ca.certificateAuthority.certificate)]),
      crls: [bytes(ca.certificateAuthority.crl)],
    });
    expect(verdict.chainValid).toBe(true);
    expect(verdict.revocation?.reason).toBe('affiliationChanged');
    expect(verdict.valid).toBe(false);
  });

  it('sends expiry notices at 30, 14, 7 and 1 days with an injected clock, and suspends at the deadline', async () => {
    await ok(
      `mutation { setCertificatePolicy(input: { organizationInn: "${ORG}", requireAcknowledgement: true,
        acknowledgementDays: 10 }) { acknowledgementDays } }`,
      {},
      admin,
    );
    const e = employees[1]!;
    const renewal = await ok<{ renewCertificate: { id: string; status: string; documents: unknown[] } }>(
      'mutation($i: RenewCertificateInput!) { renewCertificate(input: $i) { id status documents { kind } } }',
      { i: { certificateId: certificates[1]!.id } },
      assistant,
    );
    expect(renewal.renewCertificate).toMatchObject({ status: 'DRAFT', documents: [] });
    requestOf[e.inn] = renewal.renewCertificate.id;
    await issue(1, 'ecdsa-p256'); // the reissue: the old certificate is superseded
    const newId = certificates[1]!.id;
    const notAfter = Date.parse(certificates[1]!.notAfter);
    const setClock = (at: number) =>
      ok<{ setCertificateClock: { suspended: number; expiring: number } }>(
        'mutation($at: DateTime!) { setCertificateClock(at: $at) { suspended expiring } }',
        { at: new Date(at).toISOString() },
        admin,
      );
    const due = Date.parse(
      (
        await ok<{ certificate: { acknowledgementDue: string } }>(
          'query($id: ID!) { certificate(id: $id) { acknowledgementDue } }',
          { id: newId },
          observer,
        )
      ).certificate.acknowledgementDue,
    );
    expect((await setClock(due - 60_000)).setCertificateClock.suspended).toBe(0);
    expect((await setClock(due)).setCertificateClock.suspended).toBe(1);
    await ok('mutation($id: ID!) { acknowledgeCertificate(certificateId: $id) { status } }', { id: newId }, assistant);
    for (const days of [31, 30, 20, 14, 8, 7, 2, 1]) await setClock(notAfter - days * DAY);
    await setClock(notAfter + 1000);

    const client = createClient({
      url: stack.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${observer}` },
      retryAttempts: 0,
    });
    const seen: { type: string; daysLeft: number | null; certificateId: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no EXPIRED event; saw ${JSON.stringify(seen)}`)), 20_000);
      client.subscribe<{ certificateEvents: { type: string; daysLeft: number | null; certificateId: string } }>(
        {
          query: `subscription($o: String, $a: String) { certificateEvents(organizationInn: $o, after: $a) {
            type daysLeft certificateId certificate { thumbprint } } }`,
          variables: { o: ORG, a: '0' },
        },
        {
          next: (v) => {
            const ev = v.data?.certificateEvents;
            if (ev && ev.certificateId === newId) seen.push(ev);
            if (ev?.type === 'EXPIRED' && ev.certificateId === newId) {
              clearTimeout(timer);
              resolve();
            }
          },
          error: (err) => {
            clearTimeout(timer);
            reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
          },
          complete: () => undefined,
        },
      );
    });
    await client.dispose();
    expect(seen.map((ev) => [ev.type, ev.daysLeft])).toEqual([
      ['ISSUED', null],
      ['SUSPENDED', null],
      ['REINSTATED', null],
      ['EXPIRING', 30],
      ['EXPIRING', 14],
      ['EXPIRING', 7],
      ['EXPIRING', 1],
      ['EXPIRED', null],
    ]);
  });

  it('signs an MCHD that registers with an issued certificate; dismissal revokes the certificate and the MCHD', async () => {
    // Back to the real time after the expiry test moved the clock a year on: the signature is made now.
    await ok('mutation($at: DateTime!) { setCertificateClock(at: $at) { at } }', { at: new Date() }, admin);
    const today = new Date().toISOString().slice(0, 10);
    const doc = examplePowerOfAttorney({
      seed: 41,
      issuedOn: today,
      validUntil: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
    });
    const principalInn = doc.principals[0]!.legalEntity!.organization.inn as string;
    const head = doc.principals[0]!.legalEntity!.actingWithoutPowerOfAttorney[0]!.individual as Individual;
    const representative = doc.representatives[0]!.person as Individual;
    const principalAdmin = await token(['admin'], [principalInn]);
    const org = await ok<{ createOrganization: { id: string } }>(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: doc.principals[0]!.legalEntity!.organization.name, inn: principalInn } },
      principalAdmin,
    );
    const hired: Record<string, { employmentId: string; lastName: string }> = {};
    for (const individual of [head, representative]) {
      const p = await ok<{ createPerson: { id: string } }>(
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        {
          i: {
            lastName: individual.person.lastName,
            firstName: individual.person.firstName,
            middleName: individual.person.middleName ?? null,
            inn: individual.inn,
            snils: individual.snils,
          },
        },
        principalAdmin,
      );
      const h = await ok<{ hireEmployee: { id: string } }>(
        'mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }',
        {
          i: {
            personId: p.createPerson.id,
            organizationId: org.createOrganization.id,
            position: individual === head ? 'Генеральный директор' : 'Менеджер',
            hiredOn: '2026-01-12',
          },
        },
        principalAdmin,
      );
      hired[individual.inn!] = { employmentId: h.hireEmployee.id, lastName: individual.person.lastName };
    }
    const bulk = await ok<{ createCertificateRequests: { requests: { id: string; personInn: string }[] } }>(
      `mutation($i: CreateCertificateRequestsInput!) { createCertificateRequests(input: $i) { requests { id personInn } } }`,
      { i: { organizationInn: principalInn, type: 'UNQUALIFIED', carrier: { type: 'SMART_CARD' } } },
      principalAdmin,
    );
    expect(bulk.createCertificateRequests.requests.map((r) => r.personInn)).toEqual([head.inn, representative.inn]);
    const keys: Record<string, { key: PrivateKey; der: Uint8Array; id: string; thumbprint: string }> = {};
    for (const [i, individual] of [head, representative].entries()) {
      const requestId = bulk.createCertificateRequests.requests[i]!.id;
      for (const kind of ['PASSPORT', 'SNILS']) {
        await ok(
          'mutation($i: SetRequestDocumentInput!) { setRequestDocument(input: $i) { status } }',
          { i: { requestId, kind, state: 'ACCEPTED' } },
          principalAdmin,
        );
      }
      const p = individual.person;
      const { csrDer, privateKey } = await createCsr({
        subject: {
          commonName: [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' '),
          surname: p.lastName,
          givenName: [p.firstName, p.middleName].filter(Boolean).join(' '),
          inn: individual.inn,
          snils: individual.snils,
        },
        algorithm: i === 0 ? 'gost256' : 'ecdsa-p256',
      });
      const r = await ok<{
        submitCertificateRequest: { certificate: { id: string; thumbprint: string; der: string } };
      }>(
        `mutation($i: SubmitCertificateRequestInput!) { submitCertificateRequest(input: $i) {
          certificate { id thumbprint der } } }`,
        { i: { requestId, csr: Buffer.from(csrDer).toString('base64') } },
        principalAdmin,
      );
      const c = r.submitCertificateRequest.certificate;
      keys[individual.inn!] = { key: privateKey, der: bytes(c.der), id: c.id, thumbprint: c.thumbprint };
    }

    const signer = keys[head.inn!]!;
    const xml = buildPowerOfAttorneyXml(doc);
    const signature = await signDetached({
      content: xml,
      certificate: signer.der,
      privateKey: signer.key,
      signingTime: new Date(),
    });
    const registrar = await token(['registrar'], [principalInn]);
    const registered = await ok<{ registerPowerOfAttorney: { guid: string; status: string } }>(
      'mutation($d: Base64!, $s: Base64!) { registerPowerOfAttorney(input: { document: $d, signature: $s }) { guid status } }',
      { d: Buffer.from(xml).toString('base64'), s: Buffer.from(signature).toString('base64') },
      registrar,
    );
    expect(registered.registerPowerOfAttorney.status).toBe('ACTIVE');
    const guid = registered.registerPowerOfAttorney.guid;
    const linked = await ok<{
      powerOfAttorney: { signer: { certificate: { id: string; status: string; owner: { lastName: string } } } };
    }>(
      'query($g: GUID!) { powerOfAttorney(guid: $g) { signer { certificate { id status owner { lastName } } } } }',
      { g: guid },
      auditor,
    );
    expect(linked.powerOfAttorney.signer.certificate).toEqual({
      id: signer.id,
      status: 'VALID',
      owner: { lastName: head.person.lastName },
    });

    await ok(
      'mutation($i: DismissEmployeeInput!) { dismissEmployee(input: $i) { id } }',
      { i: { employmentId: hired[representative.inn!]!.employmentId, dismissedOn: today } },
      principalAdmin,
    );
    let certificateStatus = '';
    let mchdStatus = '';
    for (let i = 0; i < 150 && (certificateStatus !== 'REVOKED' || mchdStatus !== 'REVOKED'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const c = await ok<{ certificate: { status: string } }>(
        'query($id: ID!) { certificate(id: $id) { status } }',
        { id: keys[representative.inn!]!.id },
        auditor,
      );
      certificateStatus = c.certificate.status;
      const m = await ok<{ checkPowerOfAttorney: { status: string } }>(
        'query($g: GUID!, $p: String!) { checkPowerOfAttorney(guid: $g, principalInn: $p) { status } }',
        { g: guid, p: principalInn },
        auditor,
      );
      mchdStatus = m.checkPowerOfAttorney.status;
    }
    expect([certificateStatus, mchdStatus]).toEqual(['REVOKED', 'REVOKED']);
    // The head's certificate is untouched.
    const headCertificate = await ok<{ certificate: { status: string } }>(
      'query($id: ID!) { certificate(id: $id) { status } }',
      { id: signer.id },
      auditor,
    );
    expect(headCertificate.certificate.status).toBe('VALID');
  });

  it('lets auditors read every organization and nobody without a token', async () => {
    const all = await ok<{ certificates: { totalCount: number } }>('{ certificates { totalCount } }', {}, auditor);
    expect(all.certificates.totalCount).toBe(6);
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ certificates { totalCount } }' }),
    });
    const body = (await res.json()) as Answer<unknown>;
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
