import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevelopmentToken } from '@mchd/auth';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { composeSupergraph, CompositionError } from './compose.js';
import { gatewayConfigFromEnv, ConfigError } from './config.js';
import { startGateway, type RunningGateway } from './server.js';
import { startTinySubgraph, type TinySubgraph } from './testing/tiny-subgraphs.js';

let dataDir: string;
let alpha: TinySubgraph;
let beta: TinySubgraph;
let gateway: RunningGateway;
let token: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mchd-gw-'));
  [alpha, beta] = await Promise.all([startTinySubgraph('alpha'), startTinySubgraph('beta')]);
  const config = gatewayConfigFromEnv({
    MCHD_DATA_DIR: dataDir,
    MCHD_GATEWAY_PORT: '0',
    LOG_LEVEL: 'silent',
    MCHD_MAX_DEPTH: '5',
    MCHD_MAX_BODY_BYTES: '4096',
    MCHD_MAX_COST: '20',
  });
  gateway = await startGateway({ ...config, subgraphs: [alpha, beta] });
  token = await issueDevelopmentToken({ dataDir }, { roles: ['operator'] });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([alpha?.stop(), beta?.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

const post = async (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, unknown>;
      errors?: Array<{ extensions?: Record<string, unknown> }>;
    },
  };
};

/** POSTs the chunks with `Transfer-Encoding: chunked` (no Content-Length), as streaming clients do. */
const postChunked = (chunks: string[]) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });

describe('gateway over HTTP', () => {
  it('resolves fields across subgraphs and forwards the credential', async () => {
    const { status, body } = await post({ query: '{ thing(id: "7") { id name seenBy } }' });
    expect(status).toBe(200);
    expect(body.data).toEqual({ thing: { id: '7', name: 'thing 7', seenBy: `Bearer ${token}` } });
  });

  it('refuses a missing or bad token with UNAUTHENTICATED and 401', async () => {
    const none = await post({ query: '{ thing(id: "1") { id } }' }, {});
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const bad = await post({ query: '{ thing(id: "1") { id } }' }, { authorization: 'Bearer not.a.jwt' });
    expect(bad.status).toBe(401);
    expect(bad.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(none.body.data).toBeUndefined();
  });

  it('refuses a too deep query with QUERY_TOO_DEEP before any subgraph is called', async () => {
    const before = beta.seenAuthorization.length;
    const { status, body } = await post({
      query: '{ thing(id: "1") { child { child { child { child { child { id } } } } } } }',
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
    expect(beta.seenAuthorization.length).toBe(before);
  });

  it('refuses a too costly query with QUERY_TOO_COSTLY', async () => {
    const fields = Array.from({ length: 20 }, (_, i) => `f${i}: thing(id: "${i}") { id name seenBy }`).join(' ');
    const { status, body } = await post({ query: `{ ${fields} }` });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COSTLY');
    const cheap = await post({ query: '{ thing(id: "1") { id name } }' });
    expect(cheap.body.errors).toBeUndefined();
  });

  it('refuses too many aliases', async () => {
    const query = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: thing(id: "${i}") { id }`).join(' ')} }`;
    const { body } = await post({ query });
    expect(body.errors?.map((e) => e.extensions?.['code'])).toContain('QUERY_TOO_MANY_ALIASES');
  });

  it('answers 413 INPUT_TOO_LARGE for a large body, declared or chunked', async () => {
    const big = { query: '{ thing(id: "1") { id } }', variables: { pad: 'x'.repeat(10_000) } };
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(declared.body.errors?.[0]?.extensions?.['code']).toBe('INPUT_TOO_LARGE');

    const chunked = await postChunked(Array.from({ length: 10 }, () => 'x'.repeat(1000)));
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text).errors[0].extensions.code).toBe('INPUT_TOO_LARGE');

    const smallChunked = await postChunked([JSON.stringify({ query: '{ thing(id: "2") { name } }' })]);
    expect(smallChunked.status).toBe(200);
    expect(JSON.parse(smallChunked.text).data).toEqual({ thing: { name: 'thing 2' } });
  });

  it('serves GraphiQL from the gateway itself, with no external script', async () => {
    const res = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('MCHD registry');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  });
});

describe('pass-through lane', () => {
  it('answers a query one subgraph serves alone straight from it once the full way has accepted it, with the same result', async () => {
    const query = { query: 'query One($id: ID!) { thing(id: $id) { id name __typename } }', variables: { id: '41' } };
    const before = gateway.passThrough.served;
    const full = await post(query);
    expect(gateway.passThrough.served).toBe(before);
    const lane = await post({ ...query, variables: { id: '42' } });
    expect(gateway.passThrough.served).toBe(before + 1);
    expect(full).toEqual({
      status: 200,
      body: { data: { thing: { id: '41', name: 'thing 41', __typename: 'Thing' } } },
    });
    expect(lane).toEqual({
      status: 200,
      body: { data: { thing: { id: '42', name: 'thing 42', __typename: 'Thing' } } },
    });
  });

  it("passes a subgraph's error through as the full way does", async () => {
    const query = { query: 'query Refused($why: String!) { refused(why: $why) { id } }', variables: { why: 'no' } };
    const full = await post(query);
    const served = gateway.passThrough.served;
    const lane = await post(query);
    expect(gateway.passThrough.served).toBe(served + 1);
    expect(full.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(lane).toEqual(full);
  });

  it('never takes a query that needs two subgraphs, and sends an unauthenticated or browser request the full way', async () => {
    const crossing = { query: '{ thing(id: "5") { name seenBy } }' };
    await post(crossing);
    const served = gateway.passThrough.served;
    const again = await post(crossing);
    expect(again.body.data).toEqual({ thing: { name: 'thing 5', seenBy: `Bearer ${token}` } });
    expect(gateway.passThrough.served).toBe(served);

    const learned = { query: '{ thing(id: "6") { name } }' };
    await post(learned);
    const declined = gateway.passThrough.declined;
    const anonymous = await post(learned, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(gateway.passThrough.declined).toBe(declined + 1);
    const forged = await post(learned, { authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
    const browser = await post(learned, { authorization: `Bearer ${token}`, origin: 'http://example.test' });
    expect(browser.body.data).toEqual({ thing: { name: 'thing 6' } });
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify(learned),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    await res.text();
    expect(gateway.passThrough.served).toBe(served);
  });

  it('still applies the limits to a text it has never seen, whatever it learned', async () => {
    const deep = { query: '{ thing(id: "1") { child { child { child { child { child { id } } } } } } }' };
    const first = await post(deep);
    const second = await post(deep);
    expect(first.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
    expect(second).toEqual(first);
  });
});

describe('gateway over WebSocket', () => {
  it("passes a subscription through and resolves another subgraph's field in each event", async () => {
    const client = createClient({
      url: gateway.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const events: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription { ticks(count: 3) { id name seenBy } }' },
        { next: (v) => events.push(v.data), error: reject, complete: resolve },
      );
    });
    // publish until the upstream subscription is established and all three events arrive
    for (let n = 1; events.length < 3 && n < 200; n++) {
      alpha.publish(n);
      await new Promise((r) => setTimeout(r, 20));
    }
    await done;
    await client.dispose();
    expect(events).toHaveLength(3);
    for (const e of events as Array<{ ticks: { id: string; name: string; seenBy: string } }>) {
      expect(e.ticks.name).toBe(`tick ${e.ticks.id}`);
      expect(e.ticks.seenBy).toBe(`Bearer ${token}`);
    }
  });

  it('shares one upstream subscription among clients starting the same one with the same credential', async () => {
    const other = await issueDevelopmentToken({ dataDir }, { roles: ['auditor'] });
    const connect = (credential: string) =>
      createClient({
        url: gateway.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${credential}` },
        retryAttempts: 0,
      });
    const clients = [connect(token), connect(token), connect(token), connect(other)];
    const events: Array<Array<{ id: string; seenBy: string }>> = clients.map(() => []);
    const ended = clients.map(
      (client, i) =>
        new Promise<void>((resolve, reject) => {
          client.subscribe<{ ticks: { id: string; seenBy: string } }>(
            { query: 'subscription Ticks($n: Int!) { ticks(count: $n) { id seenBy } }', variables: { n: 3 } },
            { next: (v) => void events[i]!.push(v.data!.ticks), error: reject, complete: resolve },
          );
        }),
    );
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 250 && !what(); i++) await new Promise((r) => setTimeout(r, 20));
      return what();
    };
    // one upstream per credential, however many clients
    expect(await until(() => alpha.openSubscriptions() === 2)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(alpha.openSubscriptions()).toBe(2);
    // a client that leaves does not end the others' subscription
    await clients[0]!.dispose();
    for (let n = 1; events.slice(1).some((e) => e.length < 3) && n < 200; n++) {
      alpha.publish(n);
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(ended.slice(1));
    expect(events[1]).toHaveLength(3);
    expect(events[2]).toEqual(events[1]);
    expect(events[1]!.every((e) => e.seenBy === `Bearer ${token}`)).toBe(true);
    expect(events[3]!.every((e) => e.seenBy === `Bearer ${other}`)).toBe(true);
    expect(await until(() => alpha.openSubscriptions() === 0)).toBe(true);
    await Promise.all(clients.slice(1).map((c) => c.dispose()));
  });

  it('ends the shared upstream subscription as soon as its last client leaves, with no event in between', async () => {
    const clients = [0, 1].map(() =>
      createClient({
        url: gateway.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      }),
    );
    for (const client of clients) {
      client.subscribe(
        { query: 'subscription { ticks(count: 5) { id } }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    }
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 250 && !what(); i++) await new Promise((r) => setTimeout(r, 20));
      return what();
    };
    expect(await until(() => alpha.openSubscriptions() === 1)).toBe(true);
    await clients[0]!.dispose();
    await new Promise((r) => setTimeout(r, 200));
    expect(alpha.openSubscriptions()).toBe(1);
    await clients[1]!.dispose();
    expect(await until(() => alpha.openSubscriptions() === 0)).toBe(true);
  });

  it('fails an unauthenticated subscription with UNAUTHENTICATED', async () => {
    const client = createClient({ url: gateway.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const received: unknown[] = [];
    await new Promise<void>((resolve) => {
      client.subscribe(
        { query: 'subscription { ticks(count: 1) { id } }' },
        { next: (v) => received.push(v), error: (e) => (received.push(e), resolve()), complete: resolve },
      );
    });
    await client.dispose();
    expect(received).toHaveLength(1);
    expect(JSON.stringify(received[0])).toContain('UNAUTHENTICATED');
    expect(JSON.stringify(received[0])).not.toContain('"data"');
  });
});

describe('configuration and composition', () => {
  it('names the bad variable', () => {
    expect(() => gatewayConfigFromEnv({ MCHD_GATEWAY_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => gatewayConfigFromEnv({ MCHD_GATEWAY_PORT: 'abc' })).toThrow(/MCHD_GATEWAY_PORT/);
    expect(() => gatewayConfigFromEnv({ MCHD_PERSON_URL: 'ftp://x' })).toThrow(/MCHD_PERSON_URL/);
    expect(() => gatewayConfigFromEnv({ MCHD_GATEWAY_PASS_THROUGH: 'maybe' })).toThrow(/MCHD_GATEWAY_PASS_THROUGH/);
    expect(gatewayConfigFromEnv({}).passThrough).toBe(true);
    expect(gatewayConfigFromEnv({ MCHD_GATEWAY_PASS_THROUGH: 'off' }).passThrough).toBe(false);
  });

  it('stops on a composition error with the message', () => {
    const sdl = (t: string) =>
      `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])\n${t}`;
    expect(() =>
      composeSupergraph([
        {
          name: 'a',
          url: 'http://a',
          sdl: sdl('type Thing @key(fields: "id") { id: ID! n: Int! } type Query { a: Thing }'),
        },
        {
          name: 'b',
          url: 'http://b',
          sdl: sdl('type Thing @key(fields: "id") { id: ID! n: String! } type Query { b: Thing }'),
        },
      ]),
    ).toThrow(CompositionError);
  });
});
