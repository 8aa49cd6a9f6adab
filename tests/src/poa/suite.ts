/**
 * The power-of-attorney API end to end, written once and run for each ledger (embedded.test.ts, fabric.test.ts):
 * the whole stack as `npm start` runs it (three subgraph processes and the gateway), reached only through the gateway
 * over real HTTP and WebSocket, with documents and detached signatures made by real test CAs (GOST R 34.10-2012
 * 256/512 and ECDSA) that the subgraph trusts through `MCHD_TRUST_DIR`.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@mchd/auth';
import { main } from '@mchd/cli';
import { signDetached } from '@mchd/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackFixture, type GraphQLAnswer, type StackFixture } from '../e2e/stack-fixture.js';
import { base64, registerInput, SigningWorld, type SignedPowerOfAttorney } from './documents.js';
import { EventStream, type PowerOfAttorneyEvent } from './events.js';

/** A ledger for the stack: the environment that selects it, and how to tear it down. */
export interface LedgerUnderTest {
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** How to run the suite on one ledger. */
export interface PowerOfAttorneySuiteOptions {
  /** Starts (or selects) the ledger; called once in `beforeAll`. */
  readonly ledger: () => Promise<LedgerUnderTest>;
  readonly hookTimeoutMs: number;
  readonly testTimeoutMs: number;
}

const REGISTER = `mutation Register($input: RegisterPowerOfAttorneyInput!) {
  registerPowerOfAttorney(input: $input) {
    guid status transactionId blockNumber alreadyRegistered powerOfAttorney { guid status }
  }
}`;

const REVOKE = `mutation Revoke($input: RevokePowerOfAttorneyInput!) {
  revokePowerOfAttorney(input: $input) { guid revokedAt transactionId blockNumber affected }
}`;

const CHECK = `query Check($guid: GUID!, $principalInn: String!, $at: DateTime) {
  checkPowerOfAttorney(guid: $guid, principalInn: $principalInn, at: $at) {
    status validFrom validUntil revokedAt revocationReason checkedAt
  }
}`;

interface Registered {
  guid: string;
  status: string;
  transactionId: string;
  blockNumber: string | number;
  alreadyRegistered: boolean;
  powerOfAttorney: { guid: string; status: string } | null;
}

interface Check {
  status: string;
  validFrom: string | null;
  validUntil: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  checkedAt: string;
}

interface Revoked {
  guid: string;
  revokedAt: string;
  transactionId: string;
  blockNumber: string | number;
  affected: string[];
}

const code = (a: GraphQLAnswer<unknown>) => a.errors?.[0]?.extensions?.['code'];

/**
 * Declares the suite for one ledger.
 *
 * @example
 * ```ts
 * describePowerOfAttorneyApi('embedded ledger', {
 *   ledger: async () => ({ env: { LEDGER: 'embedded' }, close: async () => undefined }),
 *   hookTimeoutMs: 180_000,
 *   testTimeoutMs: 120_000,
 * });
 * ```
 */
export function describePowerOfAttorneyApi(label: string, options: PowerOfAttorneySuiteOptions): void {
  describe(`power-of-attorney API through the gateway (${label})`, () => {
    let dir: string;
    let world: SigningWorld;
    let ledger: LedgerUnderTest | undefined;
    let f: StackFixture;
    let operator: string;
    let auditor: string;
    /** An unfiltered subscription open for the whole file: the reference order of every event. */
    let live: EventStream;

    const token = (roles: Role[], orgs: string[] = []) => f.token(roles, orgs);
    const registrarFor = (m: SignedPowerOfAttorney) => token(['registrar'], [m.principalInn]);

    async function register(
      m: SignedPowerOfAttorney,
      bearer?: string,
    ): Promise<GraphQLAnswer<{ registerPowerOfAttorney: Registered }>> {
      return f.graphql<{ registerPowerOfAttorney: Registered }>(
        REGISTER,
        { input: registerInput(m) },
        bearer ?? (await registrarFor(m)),
      );
    }

    async function registered(m: SignedPowerOfAttorney): Promise<Registered> {
      const answer = await register(m);
      expect(answer.errors, `register ${m.guid}`).toBeUndefined();
      return answer.data!.registerPowerOfAttorney;
    }

    async function check(guid: string, principalInn: string, at?: string): Promise<Check> {
      const answer = await f.graphql<{ checkPowerOfAttorney: Check }>(
        CHECK,
        { guid, principalInn, ...(at ? { at } : {}) },
        operator,
      );
      expect(answer.errors).toBeUndefined();
      return answer.data!.checkPowerOfAttorney;
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mchd-poa-e2e-'));
      world = await SigningWorld.create(dir);
      ledger = await options.ledger();
      f = await startStackFixture({ ...ledger.env, MCHD_TRUST_DIR: world.trustDir });
      operator = await token(['operator']);
      auditor = await token(['auditor']);
      // The gateway may answer /healthz before its supergraph is composed; wait (at most 60 s) until it executes a query.
      for (let i = 0; ; i++) {
        const probe = await f.graphql<{ __typename: string }>('{ __typename }', {}, operator);
        if (probe.data?.__typename === 'Query') break;
        if (i >= 600) throw new Error(`the gateway does not execute queries: ${JSON.stringify(probe.errors)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // From the start of the log ('0'), so that no event of this file can slip past it.
      live = new EventStream(f.stack.wsUrl, operator, {}, '0');
    }, options.hookTimeoutMs);

    afterAll(async () => {
      // MCHD_E2E_LOGS=1 prints what the stack's processes logged (for a failing run).
      if (process.env['MCHD_E2E_LOGS'] === '1' && f) process.stderr.write(`${f.logs.join('\n')}\n`);
      await live?.close();
      await f?.close();
      await ledger?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, options.hookTimeoutMs);

    it(
      'registers MCHDs signed with GOST-256, GOST-512 and ECDSA: GUID, transaction, block, and the ledger record',
      async () => {
        for (const [i, algorithm] of (['gost256', 'gost512', 'ecdsa-p256'] as const).entries()) {
          const m = await world.powerOfAttorney({ seed: 100 + i, algorithm });
          const r = await registered(m);
          expect(r.guid).toBe(m.guid);
          expect(r.status).toBe('ACTIVE');
          expect(r.alreadyRegistered).toBe(false);
          expect(r.transactionId).toMatch(/^[0-9a-f]{16,}$/i);
          expect(Number(r.blockNumber)).toBeGreaterThanOrEqual(0);
          expect(r.powerOfAttorney).toEqual({ guid: m.guid, status: 'ACTIVE' });

          const read = await f.graphql<{ powerOfAttorney: Record<string, unknown> }>(
            `query($guid: GUID!) { powerOfAttorney(guid: $guid) {
              guid number status ledger { transactionId blockNumber documentHash } document signature } }`,
            { guid: m.guid },
            auditor,
          );
          expect(read.errors).toBeUndefined();
          const poa = read.data!.powerOfAttorney;
          expect(poa).toMatchObject({ guid: m.guid, status: 'ACTIVE', document: base64(m.xml) });
          expect(poa['signature']).toBe(base64(m.signature));
          const ledgerRef = poa['ledger'] as {
            transactionId: string;
            blockNumber: string | number;
            documentHash: string;
          };
          expect(ledgerRef.transactionId).toBe(r.transactionId);
          expect(String(ledgerRef.blockNumber)).toBe(String(r.blockNumber));
          expect(ledgerRef.documentHash.toLowerCase()).toBe(createHash('sha256').update(m.xml).digest('hex'));

          const c = await check(m.guid, m.principalInn);
          expect(c).toMatchObject({ status: 'ACTIVE', revokedAt: null, revocationReason: null });
          expect(c.validUntil?.slice(0, 10)).toBe(m.doc.validUntil);
        }
      },
      options.testTimeoutMs,
    );

    it(
      'refuses bad documents and signatures with their codes (and the XML path), writing nothing',
      async () => {
        const good = await world.powerOfAttorney({ seed: 110 });
        const registrar = await registrarFor(good);

        const malformed = await f.graphql(
          REGISTER,
          {
            input: {
              document: base64(new TextEncoder().encode('<Доверенность><oops')),
              signature: base64(good.signature),
            },
          },
          registrar,
        );
        expect(code(malformed)).toBe('MCHD_MALFORMED_XML');
        expect(malformed.errors?.[0]?.extensions?.['path']).toEqual(expect.any(String));

        const schemaBroken = new TextEncoder().encode(
          new TextDecoder().decode(good.xml).replace(/ПрПередов="\d"/, 'ПрПередов="9"'),
        );
        const invalid = await f.graphql(
          REGISTER,
          { input: { document: base64(schemaBroken), signature: base64(good.signature) } },
          registrar,
        );
        expect(code(invalid)).toBe('MCHD_SCHEMA_VIOLATION');
        expect(String(invalid.errors?.[0]?.extensions?.['path'])).toContain('ПрПередов');

        const tampered = new TextEncoder().encode(
          new TextDecoder().decode(good.xml).replace(good.doc.validUntil, '2031-01-16'),
        );
        const digest = await f.graphql(
          REGISTER,
          { input: { document: base64(tampered), signature: base64(good.signature) } },
          registrar,
        );
        expect(code(digest)).toBe('SIGNATURE_INVALID');

        const stranger = await world.powerOfAttorney({ seed: 110, untrusted: true });
        expect(code(await register(stranger, registrar))).toBe('SIGNATURE_INVALID');

        // Signed by the representative instead of the principal's director.
        const byRepresentative = await world.certificateFor(good.representative, 'gost256');
        const wrongSigner = await signDetached({
          content: good.xml,
          certificate: byRepresentative.certificate,
          privateKey: byRepresentative.privateKey,
          signingTime: new Date('2026-01-15T09:00:00Z'),
        });
        expect(code(await register({ ...good, signature: wrongSigner }, registrar))).toBe('SIGNER_NOT_AUTHORIZED');

        const nothing = await f.graphql<{ powerOfAttorney: unknown }>(
          'query($guid: GUID!) { powerOfAttorney(guid: $guid) { guid } }',
          { guid: good.guid },
          auditor,
        );
        expect(nothing.errors).toBeUndefined();
        expect(nothing.data!.powerOfAttorney).toBeNull();
        expect((await check(good.guid, good.principalInn)).status).toBe('NOT_FOUND');

        const first = await registered(good);
        // The same bytes again: an idempotent retry answers the first registration.
        const retry = await register(good, registrar);
        expect(retry.errors).toBeUndefined();
        expect(retry.data!.registerPowerOfAttorney).toMatchObject({
          guid: good.guid,
          transactionId: first.transactionId,
          alreadyRegistered: true,
        });
        // The same GUID with another signature is a conflict.
        const signedAgain = await signDetached({
          content: good.xml,
          certificate: good.signer.certificate,
          privateKey: good.signer.privateKey,
          signingTime: new Date('2026-01-16T09:00:00Z'),
        });
        expect(code(await register({ ...good, signature: signedAgain }, registrar))).toBe('MCHD_ALREADY_REGISTERED');
      },
      options.testTimeoutMs,
    );

    it(
      'revokes with a signed application: REVOKED now with its reason, still ACTIVE for a moment before',
      async () => {
        const m = await world.powerOfAttorney({ seed: 120 });
        const r = await registered(m);
        const { application, signature } = await world.revocation(m, 'Увольнение представителя');
        const beforeRevocation = new Date().toISOString();
        // The application carries the authority: an operator (no registrar role, no organization) submits it.
        const revoked = await f.graphql<{ revokePowerOfAttorney: Revoked }>(
          REVOKE,
          {
            input: {
              guid: m.guid,
              reason: 'Увольнение представителя',
              application: base64(application),
              signature: base64(signature),
            },
          },
          operator,
        );
        expect(revoked.errors).toBeUndefined();
        const v = revoked.data!.revokePowerOfAttorney;
        expect(v).toMatchObject({ guid: m.guid, affected: [] });
        expect(v.transactionId).not.toBe(r.transactionId);
        expect(Number(v.blockNumber)).toBeGreaterThanOrEqual(Number(r.blockNumber));

        const now = await check(m.guid, m.principalInn);
        expect(now).toMatchObject({
          status: 'REVOKED',
          revokedAt: v.revokedAt,
          revocationReason: 'Увольнение представителя',
        });
        expect((await check(m.guid, m.principalInn, beforeRevocation)).status).toBe('ACTIVE');

        const history = await f.graphql<{ powerOfAttorney: { history: Array<{ transactionId: string }> } }>(
          'query($guid: GUID!) { powerOfAttorney(guid: $guid) { history { transactionId blockNumber at } } }',
          { guid: m.guid },
          auditor,
        );
        expect(history.errors).toBeUndefined();
        expect(history.data!.powerOfAttorney.history.map((h) => h.transactionId)).toEqual([
          r.transactionId,
          v.transactionId,
        ]);

        // A second revocation is refused; an application for another MCHD is refused.
        const other = await world.powerOfAttorney({ seed: 121 });
        await registered(other);
        const mismatched = await f.graphql(
          REVOKE,
          {
            input: {
              guid: other.guid,
              reason: 'x',
              application: base64(application),
              signature: base64(signature),
            },
          },
          operator,
        );
        expect(mismatched.errors?.length).toBeGreaterThan(0);
        expect((await check(other.guid, other.principalInn)).status).toBe('ACTIVE');
      },
      options.testTimeoutMs,
    );

    it(
      'a three-level chain whose root is revoked: affected descendants, PARENT_INVALID, the chain and children',
      async () => {
        const root = await world.powerOfAttorney({ seed: 130, redelegation: 'successive' });
        const child = await world.powerOfAttorney({ seed: 131, parent: root, algorithm: 'ecdsa-p256' });
        const grandchild = await world.powerOfAttorney({ seed: 132, parent: child, algorithm: 'gost512' });
        for (const m of [root, child, grandchild]) await registered(m);

        const chain = await f.graphql<{
          powerOfAttorney: { chain: Array<{ guid: string }>; parentGuid: string; rootGuid: string };
        }>(
          'query($guid: GUID!) { powerOfAttorney(guid: $guid) { parentGuid rootGuid chain { guid } } }',
          { guid: grandchild.guid },
          auditor,
        );
        expect(chain.errors).toBeUndefined();
        expect(chain.data!.powerOfAttorney).toEqual({
          parentGuid: child.guid,
          rootGuid: root.guid,
          chain: [{ guid: root.guid }, { guid: child.guid }, { guid: grandchild.guid }],
        });
        const children = await f.graphql<{ powerOfAttorney: { children: Array<{ guid: string }> } }>(
          'query($guid: GUID!) { powerOfAttorney(guid: $guid) { children { guid } } }',
          { guid: root.guid },
          auditor,
        );
        expect(children.data!.powerOfAttorney.children).toEqual([{ guid: child.guid }]);
        expect((await check(grandchild.guid, root.principalInn)).status).toBe('ACTIVE');

        const stream = new EventStream(
          f.stack.wsUrl,
          operator,
          { principalInn: root.principalInn, types: ['REVOKED', 'PARENT_INVALIDATED'] },
          '0',
        );
        try {
          const revoked = await f.graphql<{ revokePowerOfAttorney: Revoked }>(
            REVOKE,
            { input: { guid: root.guid, reason: 'Отзыв корневой доверенности' } },
            await registrarFor(root),
          );
          expect(revoked.errors).toBeUndefined();
          expect([...revoked.data!.revokePowerOfAttorney.affected].sort()).toEqual(
            [child.guid, grandchild.guid].sort(),
          );
          expect((await check(root.guid, root.principalInn)).status).toBe('REVOKED');
          for (const m of [child, grandchild]) {
            expect((await check(m.guid, root.principalInn)).status, m.guid).toBe('PARENT_INVALID');
          }
          const events = await stream.waitFor(3);
          expect(events.map((e) => [e.type, e.guid])).toEqual(
            expect.arrayContaining([
              ['REVOKED', root.guid],
              ['PARENT_INVALIDATED', child.guid],
              ['PARENT_INVALIDATED', grandchild.guid],
            ]),
          );
          expect(events).toHaveLength(3);
          // A re-delegation of a revoked parent is refused.
          const late = await world.powerOfAttorney({ seed: 133, parent: child });
          expect(code(await register(late))).toBe('PARENT_NOT_ACTIVE');
        } finally {
          await stream.close();
        }
      },
      options.testTimeoutMs,
    );

    it(
      'subscriptions filter by principal, representative, GUID and type',
      async () => {
        const a = await world.powerOfAttorney({ seed: 140 });
        const b = await world.powerOfAttorney({ seed: 141 });
        // Each from the start of the log: the filter alone decides what arrives.
        const byPrincipal = new EventStream(f.stack.wsUrl, operator, { principalInn: a.principalInn }, '0');
        const byRepresentative = new EventStream(
          f.stack.wsUrl,
          operator,
          { representativeInn: b.representative.inn! },
          '0',
        );
        const byGuidRevoked = new EventStream(f.stack.wsUrl, operator, { guid: a.guid, types: ['REVOKED'] }, '0');
        try {
          await registered(a);
          await registered(b);
          const revoked = await f.graphql(
            REVOKE,
            { input: { guid: a.guid, reason: 'Истёк срок договора' } },
            await registrarFor(a),
          );
          expect(revoked.errors).toBeUndefined();
          const pa = await byPrincipal.waitFor(2);
          expect(pa.map((e) => [e.type, e.guid])).toEqual([
            ['REGISTERED', a.guid],
            ['REVOKED', a.guid],
          ]);
          expect(pa[1]!.powerOfAttorney).toEqual({ guid: a.guid, status: 'REVOKED' });
          const rb = await byRepresentative.waitFor(1);
          expect(rb.map((e) => [e.type, e.guid])).toEqual([['REGISTERED', b.guid]]);
          const ga = await byGuidRevoked.waitFor(1);
          expect(ga.map((e) => [e.type, e.guid])).toEqual([['REVOKED', a.guid]]);
          // Nothing else arrives on the filtered streams: the live stream has seen everything up to here.
          await live.waitUntil((e) => e.type === 'REVOKED' && e.guid === a.guid);
          expect(byPrincipal.events).toHaveLength(2);
          expect(byRepresentative.events).toHaveLength(1);
          expect(byGuidRevoked.events).toHaveLength(1);
        } finally {
          await Promise.all([byPrincipal.close(), byRepresentative.close(), byGuidRevoked.close()]);
        }
      },
      options.testTimeoutMs,
    );

    it(
      'resumes by cursor after a disconnect during which 100 events happened: exactly those 100, in order',
      async () => {
        // Signed one by one, yielding to the event loop between them: signing is CPU work, and a test process that
        // does not answer the gateway's WebSocket pings for its keep-alive period (12 s) is disconnected.
        const batch: SignedPowerOfAttorney[] = [];
        for (let i = 0; i < 100; i++) {
          batch.push(await world.powerOfAttorney({ seed: 1000 + i, algorithm: i % 2 ? 'ecdsa-p256' : 'gost256' }));
          await new Promise((r) => setImmediate(r));
        }
        const first = await world.powerOfAttorney({ seed: 150 });
        const client = new EventStream(f.stack.wsUrl, operator, { types: ['REGISTERED'] }, '0');
        await registered(first);
        const seen = await client.waitUntil((e) => e.guid === first.guid);
        expect(new Set(seen.map((e) => e.type))).toEqual(new Set(['REGISTERED']));
        const cursor = seen.at(-1)!.cursor;
        await client.close();

        // Four clients registering at once: the ledger decides the order, the stream must keep it.
        let next = 0;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let i = next++; i < batch.length; i = next++) await registered(batch[i]!);
          }),
        );

        const resumed = new EventStream(f.stack.wsUrl, operator, { types: ['REGISTERED'] }, cursor);
        try {
          const got = await resumed.waitFor(100, 120_000);
          const lastGuid = got.at(-1)!.guid;
          const upToLast = (await live.waitUntil((e) => e.type === 'REGISTERED' && e.guid === lastGuid)).filter(
            (e) => e.type === 'REGISTERED',
          );
          const from = upToLast.findIndex((e) => e.cursor === cursor) + 1;
          const liveOrder = upToLast.slice(from);
          expect(from).toBeGreaterThan(0);
          expect(got.map((e) => e.guid)).toEqual(liveOrder.map((e) => e.guid));
          expect(got.map((e) => e.cursor)).toEqual(liveOrder.map((e) => e.cursor));
          expect(new Set(got.map((e) => e.guid))).toEqual(new Set(batch.map((m) => m.guid)));
          // Nothing after the hundred.
          await new Promise((r) => setTimeout(r, 500));
          expect(resumed.events).toHaveLength(100);
        } finally {
          await resumed.close();
        }
      },
      options.testTimeoutMs,
    );

    it(
      'answers who may sign: allowed with the granting chain, or the reason it is not',
      async () => {
        const root = await world.powerOfAttorney({ seed: 160, redelegation: 'successive' });
        const child = await world.powerOfAttorney({ seed: 161, parent: root });
        await registered(root);
        await registered(child);
        const ask = async (
          inn: string,
          powerCode: string,
          restrictions?: Array<{ code: string; value: string }>,
          at?: string,
        ) => {
          const a = await f.graphql<{
            checkSigningAuthority: { allowed: boolean; reason: string | null; chain: Array<{ guid: string }> };
          }>(
            `query($rep: RepresentativeInput!, $principalInn: String!, $powerCode: String!, $at: DateTime,
                $restrictions: [RestrictionValueInput!]) {
              checkSigningAuthority(representative: $rep, principalInn: $principalInn, powerCode: $powerCode,
                at: $at, restrictions: $restrictions) { allowed reason chain { guid } } }`,
            {
              rep: { inn },
              principalInn: root.principalInn,
              powerCode,
              ...(restrictions ? { restrictions } : {}),
              ...(at ? { at } : {}),
            },
            operator,
          );
          expect(a.errors).toBeUndefined();
          return a.data!.checkSigningAuthority;
        };
        expect(await ask(child.representative.inn!, 'KLASS_2.0_SIGN')).toEqual({
          allowed: true,
          reason: null,
          chain: [{ guid: root.guid }, { guid: child.guid }],
        });
        expect(await ask(child.representative.inn!, '99.999')).toMatchObject({
          allowed: false,
          reason: 'POWER_MISSING',
        });
        expect(await ask('500100732259', 'KLASS_2.0_SIGN')).toMatchObject({
          allowed: false,
          reason: 'NO_POWER_OF_ATTORNEY',
        });
        expect(
          await ask(child.representative.inn!, 'KLASS_2.0_SIGN', [{ code: 'LIM_01', value: 'UPD' }]),
        ).toMatchObject({
          allowed: true,
        });
        expect(
          await ask(child.representative.inn!, 'KLASS_2.0_SIGN', [{ code: 'LIM_01', value: 'TORG12' }]),
        ).toMatchObject({
          allowed: false,
          reason: 'RESTRICTION_NOT_MET',
        });
        // Asked for a moment before the documents' validity began.
        expect(await ask(child.representative.inn!, 'KLASS_2.0_SIGN', undefined, '2026-01-10T00:00:00Z')).toMatchObject(
          {
            allowed: false,
            reason: 'NOT_YET_VALID',
          },
        );
        const revoked = await f.graphql(
          REVOKE,
          { input: { guid: root.guid, reason: 'Отзыв' } },
          await registrarFor(root),
        );
        expect(revoked.errors).toBeUndefined();
        expect(await ask(root.representative.inn!, 'KLASS_2.0_SIGN')).toMatchObject({
          allowed: false,
          reason: 'REVOKED',
        });
        expect(await ask(child.representative.inn!, 'KLASS_2.0_SIGN')).toMatchObject({
          allowed: false,
          reason: 'PARENT_INVALID',
          chain: [],
        });
      },
      options.testTimeoutMs,
    );

    it(
      'masks personal data by role: operators see status and metadata, registrars of the principal and auditors all',
      async () => {
        const m = await world.powerOfAttorney({ seed: 170 });
        await registered(m);
        const read = (bearer: string) =>
          f.graphql<{ powerOfAttorney: Record<string, unknown> }>(
            `query($guid: GUID!) { powerOfAttorney(guid: $guid) {
              guid status representatives { inn person { inn snils birthDate } } signer { inn snils } document signature } }`,
            { guid: m.guid },
            bearer,
          );
        const rep = m.representative;
        const director = m.doc.principals[0]!.legalEntity!.actingWithoutPowerOfAttorney[0]!.individual!;
        expect(rep.snils && rep.person.birthDate && director.snils).toBeTruthy();
        for (const bearer of [auditor, await registrarFor(m)]) {
          const full = await read(bearer);
          expect(full.errors).toBeUndefined();
          expect(full.data!.powerOfAttorney).toMatchObject({
            status: 'ACTIVE',
            representatives: [
              { inn: rep.inn, person: { inn: rep.inn, snils: rep.snils, birthDate: rep.person.birthDate } },
            ],
            signer: { inn: director.inn, snils: director.snils },
            document: base64(m.xml),
            signature: base64(m.signature),
          });
        }
        const masked = await read(operator);
        expect(masked.errors).toBeUndefined();
        expect(masked.data!.powerOfAttorney).toMatchObject({
          status: 'ACTIVE',
          representatives: [{ inn: rep.inn, person: { inn: rep.inn, snils: null, birthDate: null } }],
          signer: { inn: director.inn, snils: null },
          document: null,
          signature: null,
        });
      },
      options.testTimeoutMs,
    );

    it(
      "refuses registrars outside the principal's organization: register, revoke and read",
      async () => {
        const m = await world.powerOfAttorney({ seed: 180 });
        const other = await world.powerOfAttorney({ seed: 181 });
        const outsider = await registrarFor(other);
        expect(code(await register(m, outsider))).toBe('FORBIDDEN');
        expect((await check(m.guid, m.principalInn)).status).toBe('NOT_FOUND');
        await registered(m);
        const revoke = await f.graphql(REVOKE, { input: { guid: m.guid, reason: 'Захват' } }, outsider);
        expect(code(revoke)).toBe('FORBIDDEN');
        const read = await f.graphql(
          'query($guid: GUID!) { powerOfAttorney(guid: $guid) { guid document } }',
          { guid: m.guid },
          outsider,
        );
        expect(code(read)).toBe('FORBIDDEN');
        expect((await check(m.guid, m.principalInn)).status).toBe('ACTIVE');
        const anonymous = await f.graphql(CHECK, { guid: m.guid, principalInn: m.principalInn });
        expect(anonymous.status).toBe(401);
      },
      options.testTimeoutMs,
    );

    it(
      'searches with filters and cursor pagination, and lists MCHDs on Person and Organization of the person subgraph',
      async () => {
        const root = await world.powerOfAttorney({ seed: 200, redelegation: 'successive' });
        const children = [
          await world.powerOfAttorney({ seed: 201, parent: root }),
          await world.powerOfAttorney({ seed: 202, parent: root }),
        ];
        for (const m of [root, ...children]) await registered(m);
        type Page = {
          powersOfAttorney: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: Array<{ node: { guid: string } }>;
          };
        };
        const SEARCH = `query($filter: PowerOfAttorneyFilter, $first: Int, $after: String) {
          powersOfAttorney(filter: $filter, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } edges { node { guid } } } }`;
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 5; page++) {
          const a: GraphQLAnswer<Page> = await f.graphql<Page>(
            SEARCH,
            { filter: { principalInn: root.principalInn }, first: 2, ...(after ? { after } : {}) },
            auditor,
          );
          expect(a.errors).toBeUndefined();
          expect(a.data!.powersOfAttorney.totalCount).toBe(3);
          seen.push(...a.data!.powersOfAttorney.edges.map((e) => e.node.guid));
          if (!a.data!.powersOfAttorney.pageInfo.hasNextPage) break;
          after = a.data!.powersOfAttorney.pageInfo.endCursor;
        }
        expect(seen.sort()).toEqual([root.guid, ...children.map((c) => c.guid)].sort());
        const byRepresentative = await f.graphql<Page>(
          SEARCH,
          { filter: { representativeInn: children[1]!.representative.inn, powerCode: 'KLASS_2.0_SIGN' } },
          auditor,
        );
        expect(byRepresentative.data!.powersOfAttorney.edges.map((e) => e.node.guid)).toEqual([children[1]!.guid]);

        // The principal and the representative in the person subgraph: the gateway joins the three subgraphs.
        const admin = await token(['admin'], [root.principalInn]);
        const org = root.doc.principals[0]!.legalEntity!.organization;
        const madeOrg = await f.graphql(
          'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
          { input: { name: org.name, inn: org.inn, kpp: org.kpp, ogrn: org.ogrn } },
          admin,
        );
        expect(madeOrg.errors).toBeUndefined();
        const rep = children[0]!.representative;
        const madePerson = await f.graphql(
          'mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }',
          {
            input: {
              lastName: rep.person.lastName,
              firstName: rep.person.firstName,
              inn: rep.inn,
              snils: rep.snils,
              birthDate: rep.person.birthDate,
            },
          },
          admin,
        );
        expect(madePerson.errors).toBeUndefined();
        const joined = await f.graphql<{
          organizationByInn: { powersOfAttorney: Array<{ guid: string }> };
          personByInn: { powersOfAttorney: Array<{ guid: string; status: string }> };
        }>(
          `query($org: String!, $person: String!) {
            organizationByInn(inn: $org) { powersOfAttorney { guid } }
            personByInn(inn: $person) { powersOfAttorney(role: REPRESENTATIVE) { guid status } } }`,
          { org: root.principalInn, person: rep.inn },
          auditor,
        );
        expect(joined.errors).toBeUndefined();
        expect(joined.data!.organizationByInn.powersOfAttorney.map((p) => p.guid).sort()).toEqual(
          [root.guid, ...children.map((c) => c.guid)].sort(),
        );
        expect(joined.data!.personByInn.powersOfAttorney).toEqual([{ guid: children[0]!.guid, status: 'ACTIVE' }]);
      },
      options.testTimeoutMs,
    );

    it(
      'mchd register, status, revoke and watch against the gateway with development tokens from the data directory',
      async () => {
        const m = await world.powerOfAttorney({ seed: 190 });
        await writeFile(join(dir, 'cli.xml'), m.xml);
        await writeFile(join(dir, 'cli.sig'), m.signature);
        const cli = async (...args: string[]) => {
          let out = '';
          let err = '';
          const exit = await main([...args, '--url', f.stack.url], {
            stdout: (t) => (out += t),
            stderr: (t) => (err += t),
            env: { MCHD_DATA_DIR: f.stack.dataDir, MCHD_WATCH_NO_SIGNALS: '1' },
            cwd: dir,
          });
          return { exit, out, err };
        };
        const reg = await cli('register', 'cli.xml', '--sig', 'cli.sig', '--json');
        expect(reg.err).toBe('');
        expect(reg.exit).toBe(0);
        expect(JSON.parse(reg.out)).toMatchObject({ guid: m.guid, status: 'ACTIVE' });
        const again = await cli('register', 'cli.xml', '--sig', 'cli.sig', '--json');
        expect(again.exit).toBe(0);
        expect(JSON.parse(again.out)).toMatchObject({ guid: m.guid, alreadyRegistered: true });
        await writeFile(
          join(dir, 'broken.xml'),
          new TextDecoder().decode(m.xml).replace(/ПрПередов="\d"/, 'ПрПередов="9"'),
        );
        const broken = await cli('register', 'broken.xml', '--sig', 'cli.sig', '--json');
        expect(broken.exit).toBe(1);
        expect(JSON.parse(broken.out).errors[0]).toMatchObject({ code: 'MCHD_SCHEMA_VIOLATION' });

        const status = await cli('status', m.guid, '--principal', m.principalInn, '--json');
        expect(status.exit).toBe(0);
        expect(JSON.parse(status.out)).toMatchObject({ guid: m.guid, status: 'ACTIVE' });

        const watched = cli('watch', '--principal', m.principalInn, '--after', '0', '--count', '2');
        // No --principal: the command looks up whose MCHD it is for its development token.
        const revoke = await cli('revoke', m.guid, '--reason', 'Окончание договора', '--json');
        expect(revoke.exit).toBe(0);
        expect(JSON.parse(revoke.out)).toMatchObject({ guid: m.guid, affected: [] });
        const w = await watched;
        expect(w.exit).toBe(0);
        const lines = w.out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as PowerOfAttorneyEvent);
        expect(lines.map((e) => [e.type, e.guid])).toEqual([
          ['REGISTERED', m.guid],
          ['REVOKED', m.guid],
        ]);
        // Resuming after the first line prints only the second.
        const resumed = await cli('watch', '--principal', m.principalInn, '--after', lines[0]!.cursor, '--count', '1');
        expect(resumed.out.trim()).toBe(JSON.stringify(lines[1]));

        const unknown = '00000000-0000-4000-8000-000000000000';
        const revokeUnknown = await cli('revoke', unknown, '--reason', 'Ошибка', '--json');
        expect(revokeUnknown.exit).toBe(1);
        expect(JSON.parse(revokeUnknown.out).errors[0].code).toBe('NOT_FOUND');
        const statusUnknown = await cli('status', unknown, '--principal', m.principalInn, '--json');
        expect(statusUnknown.exit).toBe(1);
        expect(JSON.parse(statusUnknown.out)).toMatchObject({ guid: unknown, status: 'NOT_FOUND' });

        const after = await cli('status', m.guid, '--principal', m.principalInn);
        expect(after.exit).toBe(1);
        expect(after.out).toContain('REVOKED');
      },
      options.testTimeoutMs,
    );
  });
}
