import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { EmbeddedLedger, loadDevelopmentIdentities, type LedgerIdentity } from '@mchd/ledger';
import {
  disposeTestSubgraph,
  postGraphQL,
  testDatabases,
  testSubgraphConfig,
  type TestSubgraphConfig,
} from '@mchd/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckService } from './check-service.js';
import { PowerOfAttorneyRow } from './entities.js';
import { b64, Fixtures, principalInnOf, type SignedDocument } from './fixtures.test-support.js';
import { createPowerOfAttorneySubgraph, type PowerOfAttorneySubgraph } from './power-of-attorney-subgraph.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const REGISTER = `mutation($d: Base64!, $s: Base64!) { registerPowerOfAttorney(input: { document: $d, signature: $s }) { guid } }`;
const CHECK = `query($g: GUID!, $p: String!) { checkPowerOfAttorney(guid: $g, principalInn: $p) {
  status invalidAncestor revokedAt } }`;
const REVOKE = `mutation($i: RevokePowerOfAttorneyInput!) { revokePowerOfAttorney(input: $i) { guid affected } }`;

/**
 * The check cache's warm-up: a subgraph restarted over an index loads the chains in the background, and the
 * answers stay current when chains change afterwards or while the warm-up reads them.
 */
describe.each(testDatabases())('check cache warm-up on %s', (database) => {
  const now = new Date('2026-03-01T09:00:00.000Z');
  const clock = () => now;
  const ledgerDir = mkdtempSync(join(tmpdir(), 'mchd-poa-warm-'));
  let ledger: EmbeddedLedger;
  let identity: LedgerIdentity;
  let fx: Fixtures;
  let t: TestSubgraphConfig;
  let subgraph: PowerOfAttorneySubgraph;
  let url: string;
  let operator: string;
  let root: SignedDocument;
  let child: SignedDocument;
  let grandchild: SignedDocument;
  let other: SignedDocument;
  let otherChild: SignedDocument;
  let late: SignedDocument;

  const create = (checkWarmUp: false | { quietMs: number }) =>
    createPowerOfAttorneySubgraph(t.config, {
      ledger,
      ledgerIdentity: identity,
      clock,
      trustStore: fx.trustStore,
      personFeed: false,
      eventPollMs: 20,
      env: {},
      checkWarmUp,
    });
  /** The principal of a document's chain (a re-delegation names its root's principal). */
  const innOf = (d: SignedDocument): string =>
    principalInnOf((d === child || d === grandchild ? root : d === otherChild ? other : d).doc);
  const register = async (d: SignedDocument): Promise<void> => {
    const token = await t.token(['registrar'], [innOf(d)]);
    const r = await postGraphQL<Data>(url, REGISTER, { d: b64(d.xml), s: b64(d.signature) }, token);
    expect(r.body.errors).toBeUndefined();
  };
  const check = async (d: SignedDocument): Promise<Data> => {
    const r = await postGraphQL<Data>(url, CHECK, { g: d.doc.guid, p: innOf(d) }, operator);
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.checkPowerOfAttorney;
  };

  beforeAll(async () => {
    fx = await Fixtures.create(clock);
    ledger = await EmbeddedLedger.open({ directory: ledgerDir, clock });
    identity = (await loadDevelopmentIdentities(join(ledgerDir, 'identities.json')))['registry.registrar']!;
    t = testSubgraphConfig('power-of-attorney', database);
    root = await fx.document({ seed: 401, redelegation: 'successive' });
    child = await fx.document({ seed: 402, parent: root.doc, redelegation: 'successive' });
    grandchild = await fx.document({ seed: 403, parent: child.doc });
    other = await fx.document({ seed: 404, redelegation: 'successive' });
    otherChild = await fx.document({ seed: 405, parent: other.doc });
    late = await fx.document({ seed: 406 });
    operator = await t.token(['operator']);

    // A first run indexes the MCHDs; the restart below warms its cache from that index.
    const first = create(false);
    ({ url } = await first.start());
    for (const d of [root, child, grandchild, other, otherChild]) await register(d);
    expect(await first.parts.checkWarmUp).toBeNull();
    await first.stop();
    subgraph = create({ quietMs: 50 });
    ({ url } = await subgraph.start());
  }, 120_000);

  afterAll(async () => {
    if (subgraph) await disposeTestSubgraph(subgraph, t);
    await ledger?.close();
    rmSync(ledgerDir, { recursive: true, force: true });
  });

  it('warms every chain after start, then answers a revocation and a registration at once', async () => {
    const report = await subgraph.parts.checkWarmUp;
    expect(report).toMatchObject({ warmed: 5, rows: 5, ended: 'done' });
    expect(subgraph.parts.services.check.size).toBe(5);
    expect(await check(grandchild)).toEqual({ status: 'ACTIVE', invalidAncestor: null, revokedAt: null });
    expect(subgraph.parts.services.check.size).toBe(5); // answered from the warmed cache

    const token = await t.token(['registrar'], [innOf(root)]);
    const revoked = await postGraphQL<Data>(url, REVOKE, { i: { guid: root.doc.guid, reason: 'test' } }, token);
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data!.revokePowerOfAttorney.affected).toEqual([child.doc.guid, grandchild.doc.guid]);
    expect(await check(grandchild)).toMatchObject({ status: 'PARENT_INVALID', invalidAncestor: root.doc.guid });
    expect(await check(child)).toMatchObject({ status: 'PARENT_INVALID', invalidAncestor: root.doc.guid });
    expect(await check(root)).toMatchObject({ status: 'REVOKED', revokedAt: now.toISOString() });
    expect(await check(other)).toMatchObject({ status: 'ACTIVE' });

    expect((await check(late)).status).toBe('NOT_FOUND');
    await register(late);
    expect((await check(late)).status).toBe('ACTIVE');
  }, 60_000);

  it('does not keep a chain that was evicted while its batch was read', async () => {
    const orm = subgraph.orm;
    const target = other.doc.guid;
    let duringRead: (() => Promise<void>) | undefined;
    // An ORM whose queries let the test change the index after the warm-up has read its batch.
    const interleaved = {
      em: {
        fork: () => {
          const em = orm.em.fork();
          const find = em.find.bind(em);
          em.find = (async (...args: Parameters<typeof find>) => {
            const rows = await find(...args);
            const change = duringRead;
            duringRead = undefined;
            await change?.();
            return rows;
          }) as typeof em.find;
          return em;
        },
      },
    } as unknown as MikroORM;
    const service = new CheckService(interleaved, clock);
    duringRead = async () => {
      // What a revocation does: the projection commits the row, then evicts the GUID.
      await orm.em
        .fork()
        .nativeUpdate(
          PowerOfAttorneyRow,
          { guid: target },
          { revokedAt: '2026-02-20T10:00:00.000Z', revocationReason: 'during the warm-up' },
        );
      service.evict([target]);
    };
    const report = await service.warmUp({ batchSize: 100 });
    expect(duringRead).toBeUndefined();
    // Six rows read; `other` and its child (whose chain contains it) were left for their next check.
    expect(report).toMatchObject({ rows: 6, warmed: 4, ended: 'done' });
    const inn = innOf(other);
    expect(await service.check(target, inn)).toMatchObject({
      status: 'REVOKED',
      revocationReason: 'during the warm-up',
    });
    expect(await service.check(otherChild.doc.guid, inn)).toMatchObject({
      status: 'PARENT_INVALID',
      invalidAncestor: target,
    });
    // Warmed chains still drop out when an ancestor is evicted later.
    expect((await service.check(grandchild.doc.guid, innOf(grandchild))).status).toBe('PARENT_INVALID');
    const size = service.size;
    service.evict([child.doc.guid]);
    expect(service.size).toBe(size - 2);
  }, 60_000);

  it('warms the same answers a cold check computes, up to a bound, and stops on abort', async () => {
    const warm = new CheckService(subgraph.orm, clock);
    expect(await warm.warmUp()).toMatchObject({ warmed: 6, rows: 6, ended: 'done' });
    const cold = new CheckService(subgraph.orm, clock);
    const instants = [null, new Date('2026-01-01T00:00:00Z'), new Date('2026-02-25T00:00:00Z'), new Date('2040-01-01')];
    for (const d of [root, child, grandchild, other, otherChild, late]) {
      for (const inn of [innOf(d), '7707083893']) {
        for (const at of instants) {
          expect(await warm.check(d.doc.guid, inn, at)).toEqual(await cold.check(d.doc.guid, inn, at));
        }
      }
    }
    expect(warm.size).toBe(6);

    const bounded = new CheckService(subgraph.orm, clock);
    expect(await bounded.warmUp({ maxEntries: 2, batchSize: 1 })).toMatchObject({ warmed: 2, ended: 'full' });
    expect(bounded.size).toBe(2);
    const aborted = new CheckService(subgraph.orm, clock);
    expect(await aborted.warmUp({ signal: AbortSignal.abort() })).toMatchObject({ warmed: 0, ended: 'aborted' });
    expect(aborted.size).toBe(0);
  }, 60_000);
});
