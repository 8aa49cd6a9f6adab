import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerStore, type TransactionBody } from './store.js';
import { EmbeddedStub, StubError } from './stub.js';

let dir: string;
let store: LedgerStore;
const enc = new TextEncoder();
const dec = new TextDecoder();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mchd-stub-'));
  store = new LedgerStore(dir);
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function stub(submit = true, txId = 'tx1'): EmbeddedStub {
  return new EmbeddedStub(store, {
    txId,
    channelId: 'mchd',
    timestamp: Date.parse('2026-01-02T03:04:05.678Z'),
    creator: { mspid: 'RegistryMSP', idBytes: enc.encode('cert') },
    fcn: 'F',
    args: ['a'],
    submit,
  });
}

/** Commits the stub's writes as block `n`. */
function commit(s: EmbeddedStub, n: number, txId: string): void {
  const body: TransactionBody = {
    txId,
    timestamp: 0,
    creator: { mspId: 'RegistryMSP', id: 'x' },
    fcn: 'F',
    args: [],
    writes: s.writeSet(),
  };
  store.begin();
  store.applyTransaction(n, 0, body);
  store.commitBlock({ number: n, previousHash: '', dataHash: '', hash: '', timestamp: 0, txCount: 1 });
}

async function keys(it: AsyncIterable<{ key: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const kv of it) out.push(kv.key);
  return out;
}

describe('EmbeddedStub', () => {
  it('builds and splits composite keys as fabric-shim does, and refuses reserved characters', () => {
    const s = stub();
    const key = s.createCompositeKey('mchd~child', ['p', 'c']);
    expect(key).toBe('\u0000mchd~child\u0000p\u0000c\u0000');
    expect(s.splitCompositeKey(key)).toEqual({ objectType: 'mchd~child', attributes: ['p', 'c'] });
    expect(() => s.createCompositeKey('t', ['a\u0000b'])).toThrow(StubError);
    expect(() => s.createCompositeKey('t', ['\u{10FFFF}'])).toThrow(StubError);
  });

  it('does not let a transaction read its own writes (Fabric semantics), and applies them on commit', async () => {
    const s = stub();
    await s.putState('k', enc.encode('v1'));
    expect((await s.getState('k')).length).toBe(0);
    commit(s, 1, 'tx1');
    expect(dec.decode(await stub(true, 'tx2').getState('k'))).toBe('v1');
  });

  it('answers partial composite-key queries in key order, both as iterator and async iterable', async () => {
    const s = stub();
    for (const [p, c] of [
      ['p', 'b'],
      ['p', 'a'],
      ['q', 'a'],
      ['pp', 'z'],
    ]) {
      await s.putState(s.createCompositeKey('idx', [p as string, c as string]), enc.encode(`${p}/${c}`));
    }
    commit(s, 1, 'tx1');
    const r = stub(false);
    const prefix = r.createCompositeKey('idx', ['p']);
    expect(await keys(r.getStateByPartialCompositeKey('idx', ['p']))).toEqual([`${prefix}a\u0000`, `${prefix}b\u0000`]);
    const iterator = await r.getStateByRange('', '');
    const first = await iterator.next();
    expect(first.done).toBe(false);
    await iterator.close();
  });

  it('treats an empty value as a delete and keeps history newest first', async () => {
    const a = stub(true, 'tx1');
    await a.putState('k', enc.encode('v1'));
    commit(a, 1, 'tx1');
    const b = stub(true, 'tx2');
    await b.putState('k', new Uint8Array());
    commit(b, 2, 'tx2');
    const r = stub(false);
    expect((await r.getState('k')).length).toBe(0);
    const history = [];
    for await (const m of r.getHistoryForKey('k')) history.push([m.txId, m.isDelete, dec.decode(m.value)]);
    expect(history).toEqual([
      ['tx2', true, ''],
      ['tx1', false, 'v1'],
    ]);
  });

  it('refuses writes during an evaluation and empty keys', async () => {
    const r = stub(false);
    await expect(r.putState('k', enc.encode('v'))).rejects.toThrow(StubError);
    await expect(stub().getState('')).rejects.toThrow(StubError);
  });

  it('gives the transaction id, time and creator', () => {
    const s = stub();
    expect(s.getTxID()).toBe('tx1');
    expect(s.getDateTimestamp().toISOString()).toBe('2026-01-02T03:04:05.678Z');
    const ts = s.getTxTimestamp();
    expect([ts.seconds.toNumber(), ts.nanos]).toEqual([Date.parse('2026-01-02T03:04:05Z') / 1000, 678_000_000]);
    expect(s.getCreator().mspid).toBe('RegistryMSP');
    expect(s.getFunctionAndParameters()).toEqual({ fcn: 'F', params: ['a'] });
  });

  it('keeps one event per transaction: a later setEvent replaces the earlier', () => {
    const s = stub();
    s.setEvent('a', enc.encode('1'));
    s.setEvent('b', enc.encode('2'));
    expect(s.eventSet()?.name).toBe('b');
  });
});
