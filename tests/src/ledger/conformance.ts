/**
 * One conformance suite for every `Ledger` adapter: the embedded node and a real Fabric network must answer every
 * case the same way. Cases avoid depending on the current time (Fabric's transaction time is the client's clock):
 * documents are valid 2025–2035 and revocations carry explicit past `revokedAt`s.
 */
import {
  LedgerError,
  fileCheckpointer,
  type Ledger,
  type LedgerEvent,
  type LedgerIdentity,
  type PowerOfAttorneyMetadata,
} from '@mchd/ledger';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataFactory, collectEvents } from './fixtures.js';

/** What an adapter's test file gives the suite. */
export interface ConformanceTarget {
  readonly ledger: Ledger;
  readonly identities: {
    readonly registryRegistrar: LedgerIdentity;
    readonly operatorRegistrar: LedgerIdentity;
    /** A registry-operator identity without the registrar role. */
    readonly registryReader: LedgerIdentity;
    readonly operatorReader: LedgerIdentity;
  };
  readonly close: () => Promise<void>;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof LedgerError) return e.code;
    throw e;
  }
  throw new Error('expected a LedgerError, the call succeeded');
}

const GUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Declares the conformance cases against the target that `open` returns (called once, in `beforeAll`).
 *
 * @example
 * ```ts
 * describeLedgerConformance('embedded', async () => ({ ledger, identities, close }));
 * ```
 */
export function describeLedgerConformance(
  name: string,
  open: () => Promise<ConformanceTarget>,
  options: { hookTimeoutMs?: number } = {},
): void {
  describe(`Ledger conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let ledger: Ledger;
    let registrar: LedgerIdentity;
    const f = new MetadataFactory();

    beforeAll(async () => {
      target = await open();
      ledger = target.ledger;
      registrar = target.identities.registryRegistrar;
    }, options.hookTimeoutMs ?? 120_000);

    afterAll(async () => {
      await target?.close();
    }, options.hookTimeoutMs ?? 120_000);

    const register = (m: PowerOfAttorneyMetadata, id: LedgerIdentity = registrar) => ledger.register(m, id);

    describe('registration', () => {
      it('derives a GUID from the transaction when the document has none, and records who registered', async () => {
        const m = f.metadata();
        const r = await register(m);
        expect(r.guid).toMatch(GUID_V8);
        expect(r.alreadyRegistered).toBe(false);
        expect(r.blockNumber).toBeGreaterThan(0);
        expect(r.transactionId).toMatch(/^[0-9a-f]{64}$/);
        expect(r.record).toMatchObject({
          guid: r.guid,
          rootGuid: r.guid,
          number: m.number,
          documentSha256: m.documentSha256,
          powers: ['P1', 'P2'],
          registration: { transactionId: r.transactionId, registeredBy: { mspId: 'RegistryMSP' } },
        });
        expect(r.record.registration.registeredBy.id).toMatch(/^x509::/);
        // read-your-writes: the acknowledged record is visible at once
        expect(await ledger.get(r.guid)).toEqual(r.record);
      });

      it('keeps the GUID a document carries and normalizes hex to lowercase', async () => {
        const guid = f.guid('keeps');
        const m = f.metadata({ guid: guid.toUpperCase() });
        const r = await register({ ...m, documentSha256: m.documentSha256.toUpperCase() });
        expect(r.guid).toBe(guid);
        expect(r.record.documentSha256).toBe(m.documentSha256);
      });

      it('answers the existing record for the same document and signature again (idempotent)', async () => {
        const m = f.metadata();
        const first = await register(m);
        const again = await register(m, target.identities.operatorRegistrar);
        expect(again).toMatchObject({
          guid: first.guid,
          alreadyRegistered: true,
          transactionId: first.transactionId,
          blockNumber: first.blockNumber,
        });
        expect(again.record).toEqual(first.record);
      });

      it('refuses the same document with another signature, and the same GUID with other content', async () => {
        const guid = f.guid('conflict');
        const m = f.metadata({ guid });
        await register(m);
        const otherSignature = { ...m, signatureSha256: f.metadata().signatureSha256 };
        expect(await refusal(register(otherSignature))).toBe('MCHD_ALREADY_REGISTERED');
        expect(await refusal(register(f.metadata({ guid })))).toBe('MCHD_ALREADY_REGISTERED');
      });

      it('refuses malformed metadata with INVALID_INPUT and writes nothing', async () => {
        const guid = f.guid('malformed');
        expect(await refusal(register(f.metadata({ guid, principals: [{ inn: '12345' }] })))).toBe('INVALID_INPUT');
        expect(await refusal(register(f.metadata({ guid, validUntil: '2024-12-31' })))).toBe('INVALID_INPUT');
        expect(await refusal(register(f.metadata({ guid, issuedOn: '2025-02-30' })))).toBe('INVALID_INPUT');
        expect(await refusal(register(f.metadata({ guid: 'not-a-guid' })))).toBe('INVALID_INPUT');
        expect(await refusal(register(f.metadata({ guid, documentSha256: 'abc' })))).toBe('INVALID_INPUT');
        expect(await refusal(register(f.metadata({ guid, kind: 'irrevocable' })))).toBe('INVALID_INPUT');
        expect(await ledger.get(guid)).toBeUndefined();
      });
    });

    describe('re-delegation rules', () => {
      it('links a child to its parent and root, and successive re-delegation may go on', async () => {
        const root = await register(f.metadata({ redelegation: 'successive' }));
        const child = await register(f.metadata({ parentGuid: root.guid, redelegation: 'successive', powers: ['P1'] }));
        const grandchild = await register(f.metadata({ parentGuid: child.guid, redelegation: 'none', powers: ['P1'] }));
        expect(child.record.rootGuid).toBe(root.guid);
        expect(grandchild.record.rootGuid).toBe(root.guid);
        expect(grandchild.record.parentGuid).toBe(child.guid);
      });

      it('refuses an unknown parent', async () => {
        expect(await refusal(register(f.metadata({ parentGuid: f.guid('no-parent') })))).toBe('PARENT_NOT_FOUND');
      });

      it('refuses a parent that is not active on the child issue date', async () => {
        const later = await register(f.metadata({ issuedOn: '2026-01-01' }));
        expect(await refusal(register(f.metadata({ parentGuid: later.guid, issuedOn: '2025-06-01' })))).toBe(
          'PARENT_NOT_ACTIVE',
        );
        const revoked = await register(f.metadata());
        await ledger.revoke(
          { guid: revoked.guid, reason: 'test', by: 'tester', revokedAt: new Date('2025-03-01T00:00:00Z') },
          registrar,
        );
        expect(await refusal(register(f.metadata({ parentGuid: revoked.guid, issuedOn: '2025-04-01' })))).toBe(
          'PARENT_NOT_ACTIVE',
        );
        // before the revocation took effect the parent was active
        const early = await register(f.metadata({ parentGuid: revoked.guid, issuedOn: '2025-02-01' }));
        expect(early.record.parentGuid).toBe(revoked.guid);
      });

      it('refuses re-delegation of an MCHD without the right, and a second step after "once"', async () => {
        const none = await register(f.metadata({ redelegation: 'none' }));
        expect(await refusal(register(f.metadata({ parentGuid: none.guid, redelegation: 'none' })))).toBe(
          'REDELEGATION_NOT_ALLOWED',
        );
        const once = await register(f.metadata({ redelegation: 'once' }));
        expect(await refusal(register(f.metadata({ parentGuid: once.guid, redelegation: 'once' })))).toBe(
          'REDELEGATION_NOT_ALLOWED',
        );
        const child = await register(f.metadata({ parentGuid: once.guid, redelegation: 'none' }));
        expect(await refusal(register(f.metadata({ parentGuid: child.guid, redelegation: 'none' })))).toBe(
          'REDELEGATION_NOT_ALLOWED',
        );
      });

      it('refuses a child valid longer than its parent', async () => {
        const parent = await register(f.metadata({ validUntil: '2030-12-31' }));
        expect(await refusal(register(f.metadata({ parentGuid: parent.guid, validUntil: '2031-01-01' })))).toBe(
          'VALIDITY_EXCEEDS_PARENT',
        );
        const same = await register(f.metadata({ parentGuid: parent.guid, validUntil: '2030-12-31' }));
        expect(same.record.validUntil).toBe('2030-12-31');
      });

      it('refuses powers the parent does not hold', async () => {
        const parent = await register(f.metadata({ powers: ['P1', 'P2'] }));
        expect(await refusal(register(f.metadata({ parentGuid: parent.guid, powers: ['P1', 'P3'] })))).toBe(
          'POWERS_EXCEED_PARENT',
        );
        const subset = await register(f.metadata({ parentGuid: parent.guid, powers: ['P2'] }));
        expect(subset.record.powers).toEqual(['P2']);
      });
    });

    describe('revocation', () => {
      it('revokes, reports live descendants as affected, and their status follows the chain', async () => {
        const root = await register(f.metadata());
        const child = await register(f.metadata({ parentGuid: root.guid, powers: ['P1'] }));
        const grandchild = await register(f.metadata({ parentGuid: child.guid, powers: ['P1'] }));
        const sibling = await register(f.metadata({ parentGuid: root.guid, powers: ['P2'] }));
        const revokedAt = new Date('2026-02-01T10:00:00Z');
        const r = await ledger.revoke({ guid: root.guid, reason: 'dismissed', by: '7707083893', revokedAt }, registrar);
        expect(r.guid).toBe(root.guid);
        expect(r.revokedAt).toBe(revokedAt.toISOString());
        expect(r.alreadyRevoked).toBe(false);
        expect(r.blockNumber).toBeGreaterThan(sibling.blockNumber);
        expect([...r.affected].sort()).toEqual([child.guid, grandchild.guid, sibling.guid].sort());

        const after = new Date('2026-02-01T10:00:01Z');
        const before = new Date('2026-02-01T09:59:59Z');
        expect((await ledger.statusAt(root.guid, after)).status).toBe('REVOKED');
        expect(await ledger.statusAt(grandchild.guid, after)).toMatchObject({
          status: 'PARENT_INVALID',
          invalidAncestor: { guid: root.guid, status: 'REVOKED' },
        });
        expect((await ledger.statusAt(grandchild.guid, before)).status).toBe('ACTIVE');
        const rec = await ledger.get(root.guid);
        expect(rec?.revocation).toMatchObject({
          reason: 'dismissed',
          by: '7707083893',
          transactionId: r.transactionId,
        });
        expect(rec?.revocation?.recordedBy.mspId).toBe('RegistryMSP');
      });

      it('answers the earlier revocation when revoked again, and skips revoked subtrees in affected', async () => {
        const root = await register(f.metadata());
        const child = await register(f.metadata({ parentGuid: root.guid }));
        await register(f.metadata({ parentGuid: child.guid }));
        const first = await ledger.revoke(
          { guid: child.guid, reason: 'r1', by: 'a', revokedAt: new Date('2026-01-01T00:00:00Z') },
          registrar,
        );
        expect(first.affected).toHaveLength(1);
        const again = await ledger.revoke({ guid: child.guid, reason: 'r2', by: 'b' }, registrar);
        expect(again).toMatchObject({
          alreadyRevoked: true,
          transactionId: first.transactionId,
          blockNumber: first.blockNumber,
          revokedAt: first.revokedAt,
          affected: [],
        });
        const rootRevocation = await ledger.revoke({ guid: root.guid, reason: 'r3', by: 'c' }, registrar);
        expect(rootRevocation.affected).toEqual([]);
      });

      it('refuses an unknown GUID, a future revocation time and a bad reason', async () => {
        expect(await refusal(ledger.revoke({ guid: f.guid('unknown'), reason: 'x', by: 'y' }, registrar))).toBe(
          'NOT_FOUND',
        );
        const r = await register(f.metadata());
        const future = new Date('2099-01-01T00:00:00Z');
        expect(await refusal(ledger.revoke({ guid: r.guid, reason: 'x', by: 'y', revokedAt: future }, registrar))).toBe(
          'INVALID_INPUT',
        );
        expect(await refusal(ledger.revoke({ guid: r.guid, reason: '', by: 'y' }, registrar))).toBe('INVALID_INPUT');
        expect((await ledger.get(r.guid))?.revocation).toBeUndefined();
      });

      it('refuses to revoke an irrevocable MCHD unless its conditions allow it and are asserted', async () => {
        const strict = await register(
          f.metadata({ kind: 'irrevocable', irrevocability: { revocableOnConditions: false } }),
        );
        expect(
          await refusal(
            ledger.revoke({ guid: strict.guid, reason: 'x', by: 'y', irrevocableConditionMet: true }, registrar),
          ),
        ).toBe('IRREVOCABLE');
        const conditional = await register(
          f.metadata({
            kind: 'irrevocable',
            irrevocability: { revocableOnConditions: true, conditions: 'debt repaid' },
          }),
        );
        expect(await refusal(ledger.revoke({ guid: conditional.guid, reason: 'x', by: 'y' }, registrar))).toBe(
          'IRREVOCABLE',
        );
        const r = await ledger.revoke(
          { guid: conditional.guid, reason: 'debt repaid', by: 'y', irrevocableConditionMet: true },
          registrar,
        );
        expect(r.alreadyRevoked).toBe(false);
        expect((await ledger.get(conditional.guid))?.revocation?.irrevocableConditionMet).toBe(true);
      });
    });

    describe('status at a time', () => {
      it('is NOT_YET_VALID before the issue date, ACTIVE within, EXPIRED after (Moscow dates)', async () => {
        const r = await register(f.metadata({ issuedOn: '2025-03-10', validUntil: '2025-03-20' }));
        const at = (iso: string) => ledger.statusAt(r.guid, new Date(iso)).then((s) => s.status);
        expect(await at('2025-03-09T20:59:59Z')).toBe('NOT_YET_VALID');
        expect(await at('2025-03-09T21:00:00Z')).toBe('ACTIVE');
        expect(await at('2025-03-20T20:59:59Z')).toBe('ACTIVE');
        expect(await at('2025-03-20T21:00:00Z')).toBe('EXPIRED');
        const report = await ledger.statusAt(r.guid, new Date('2025-03-15T00:00:00Z'));
        expect(report).toMatchObject({
          guid: r.guid,
          at: '2025-03-15T00:00:00.000Z',
          validFrom: '2025-03-09T21:00:00.000Z',
          validUntil: '2025-03-20T21:00:00.000Z',
        });
      });

      it('lets a child expire with its parent at the latest', async () => {
        const parent = await register(f.metadata({ issuedOn: '2025-01-01', validUntil: '2025-06-30' }));
        const child = await register(
          f.metadata({ parentGuid: parent.guid, issuedOn: '2025-02-01', validUntil: '2025-06-30' }),
        );
        expect((await ledger.statusAt(child.guid, new Date('2025-05-01T00:00:00Z'))).status).toBe('ACTIVE');
        expect((await ledger.statusAt(child.guid, new Date('2025-07-01T00:00:00Z'))).status).toBe('EXPIRED');
      });

      it('answers NOT_FOUND for an unknown GUID and INVALID_INPUT for a malformed one', async () => {
        expect(await refusal(ledger.statusAt(f.guid('nowhere'), new Date()))).toBe('NOT_FOUND');
        expect(await refusal(ledger.statusAt('nope', new Date()))).toBe('INVALID_INPUT');
        expect(await ledger.get(f.guid('nowhere'))).toBeUndefined();
      });
    });

    describe('history', () => {
      it('lists every change oldest first with transaction id, block number and time', async () => {
        const r = await register(f.metadata());
        const v = await ledger.revoke({ guid: r.guid, reason: 'x', by: 'y' }, registrar);
        const history = await ledger.history(r.guid);
        expect(history.map((h) => [h.transactionId, h.blockNumber])).toEqual([
          [r.transactionId, r.blockNumber],
          [v.transactionId, v.blockNumber],
        ]);
        expect(history[0]?.record?.revocation).toBeUndefined();
        expect(history[1]?.record?.revocation?.reason).toBe('x');
        expect(Date.parse(history[1]?.timestamp ?? '')).toBeGreaterThanOrEqual(Date.parse(history[0]?.timestamp ?? ''));
        expect(history[0]?.timestamp).toBe(r.record.registration.registeredAt);
        expect(await refusal(ledger.history(f.guid('none')))).toBe('NOT_FOUND');
      });
    });

    describe('queries', () => {
      it('finds records by principal INN, representative INN or SNILS, and children, in GUID order', async () => {
        const principal = f.inn('principal');
        const repInn = f.inn('rep');
        const repSnils = f.snils('rep');
        const a = await register(
          f.metadata({ principals: [{ inn: principal }], representatives: [{ inn: repInn }], guid: f.guid('qa') }),
        );
        const b = await register(
          f.metadata({ principals: [{ inn: principal }], representatives: [{ snils: repSnils }], guid: f.guid('qb') }),
        );
        const c = await register(
          f.metadata({
            parentGuid: a.guid,
            principals: [{ inn: f.inn('other') }],
            representatives: [{ inn: repInn, snils: repSnils }],
          }),
        );
        const guids = (rs: { guid: string }[]) => rs.map((r) => r.guid);
        expect(guids(await ledger.byPrincipalInn(principal))).toEqual([a.guid, b.guid].sort());
        expect(guids(await ledger.byRepresentative({ inn: repInn }))).toEqual([a.guid, c.guid].sort());
        expect(guids(await ledger.byRepresentative({ snils: repSnils }))).toEqual([b.guid, c.guid].sort());
        expect(guids(await ledger.children(a.guid))).toEqual([c.guid]);
        expect(await ledger.children(b.guid)).toEqual([]);
        expect(await ledger.byPrincipalInn(f.inn('nobody'))).toEqual([]);
        expect(await refusal(ledger.children(f.guid('no-such')))).toBe('NOT_FOUND');
        expect(await refusal(ledger.byPrincipalInn('12'))).toBe('INVALID_INPUT');
      });
    });

    describe('access', () => {
      it('refuses writes by an identity without the registrar role, and accepts the other organization’s registrar', async () => {
        const m = f.metadata();
        expect(await refusal(register(m, target.identities.registryReader))).toBe('FORBIDDEN');
        expect(await refusal(register(m, target.identities.operatorReader))).toBe('FORBIDDEN');
        expect(await ledger.byPrincipalInn('7707083893')).not.toContainEqual(
          expect.objectContaining({ documentSha256: m.documentSha256 }),
        );
        const r = await register(m, target.identities.operatorRegistrar);
        expect(r.record.registration.registeredBy.mspId).toBe('OperatorMSP');
        expect(
          await refusal(ledger.revoke({ guid: r.guid, reason: 'x', by: 'y' }, target.identities.operatorReader)),
        ).toBe('FORBIDDEN');
        expect((await ledger.get(r.guid))?.revocation).toBeUndefined();
      });
    });

    describe('events', () => {
      it('streams one event per changing transaction and resumes from a checkpoint with nothing lost or repeated', async () => {
        // A persisted checkpointer, as a projection would use; each stream below opens it afresh from the file.
        const file = join(await mkdtemp(join(tmpdir(), 'mchd-checkpoint-')), 'events.checkpoint.json');
        const checkpointer = fileCheckpointer(file);
        const first = [];
        for (let i = 0; i < 3; i++) first.push(await register(f.metadata()));
        const firstGuids = first.map((r) => r.guid);
        // From the start of the ledger until the three registrations have been seen.
        const seen = await collectEvents(
          (signal) => ledger.events({ checkpointer, signal }),
          (events) => firstGuids.every((g) => events.some((e) => e.changes.some((c) => c.guid === g))),
        );
        const last = seen[seen.length - 1] as LedgerEvent;
        await checkpointer.save(last.checkpoint);
        expect(
          seen.filter((e) => e.type === 'REGISTERED' && firstGuids.includes(e.changes[0]?.guid ?? '')),
        ).toHaveLength(3);
        const ids = seen.map((e) => e.transactionId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const [i, r] of first.entries()) {
          const e = seen.find((x) => x.transactionId === r.transactionId);
          expect(e, `event of registration ${i}`).toMatchObject({
            type: 'REGISTERED',
            blockNumber: r.blockNumber,
            actor: { mspId: 'RegistryMSP' },
            changes: [{ type: 'REGISTERED', guid: r.guid, record: r.record }],
          });
        }

        // More transactions while nobody listens: a registration, a revocation with a descendant, an idempotent retry.
        const parent = await register(f.metadata());
        const child = await register(f.metadata({ parentGuid: parent.guid }));
        const revocation = await ledger.revoke({ guid: parent.guid, reason: 'x', by: 'y' }, registrar);
        await register(
          f.metadata({
            documentSha256: first[0]?.record.documentSha256,
            signatureSha256: first[0]?.record.signatureSha256,
          }),
        );

        const resumed = await collectEvents(
          (signal) => ledger.events({ checkpointer: fileCheckpointer(file), signal }),
          (events) => events.some((e) => e.transactionId === revocation.transactionId),
        );
        expect(resumed.map((e) => e.transactionId)).toEqual([
          parent.transactionId,
          child.transactionId,
          revocation.transactionId,
        ]);
        expect(resumed[2]).toMatchObject({
          type: 'REVOKED',
          changes: [
            { type: 'REVOKED', guid: parent.guid },
            { type: 'PARENT_INVALIDATED', guid: child.guid, cause: parent.guid },
          ],
        });
        // The stream saved each event it was asked past; the explicit `after` resumes the same way.
        const fromChild = await collectEvents(
          (signal) => ledger.events({ after: resumed[0]?.checkpoint, signal }),
          (events) => events.some((e) => e.transactionId === revocation.transactionId),
        );
        expect(fromChild.map((e) => e.transactionId)).toEqual([child.transactionId, revocation.transactionId]);
        await rm(dirname(file), { recursive: true, force: true });
      });

      it('delivers events of transactions committed while the stream waits (live)', async () => {
        const start = await register(f.metadata());
        const controller = new AbortController();
        const received: LedgerEvent[] = [];
        const consumer = (async () => {
          const after = { blockNumber: start.blockNumber, transactionId: start.transactionId };
          for await (const e of ledger.events({ after, signal: controller.signal })) {
            received.push(e);
            if (received.length === 2) break;
          }
        })();
        const a = await register(f.metadata());
        const b = await register(f.metadata());
        const timer = setTimeout(() => controller.abort(), 20_000);
        await consumer;
        clearTimeout(timer);
        expect(received.map((e) => e.transactionId)).toEqual([a.transactionId, b.transactionId]);
      });
    });
  });
}
