import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/core';
import type { SubgraphContext } from './context.js';
import { createSubgraph, type Subgraph } from './subgraph.js';
import { disposeTestSubgraph, testSubgraphConfig, type TestSubgraphConfig } from './testing.js';

interface Extra {
  /** The subject, through the context the subgraph's `context` function was given. */
  readonly subject: () => string;
  /** The `em` of that context. */
  readonly baseEm: () => EntityManager;
}

@Resolver()
class ProbeResolver {
  @Query(() => String)
  ping(): string {
    return 'pong';
  }

  @Query(() => [String], { description: 'A list whose cost grows with `first`.' })
  items(@Arg('first', () => Int) first: number): string[] {
    return Array.from({ length: Math.min(first, 3) }, (_x, i) => `item ${i}`);
  }

  @Query(() => Boolean, { description: 'Reads em and loaders twice: one fork, one registry per request.' })
  sameMembers(@Ctx() ctx: SubgraphContext): boolean {
    return ctx.em === ctx.em && ctx.loaders === ctx.loaders;
  }

  @Query(() => String)
  subject(@Ctx() ctx: SubgraphContext & Extra): string {
    return ctx.subject();
  }

  @Query(() => Boolean, { description: "The subgraph's members built on the kit's context share the same fork." })
  sharedFork(@Ctx() ctx: SubgraphContext & Extra): boolean {
    return ctx.baseEm() === ctx.em;
  }
}

interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/** One request over a fresh connection; `chunks` are sent one by one without a Content-Length. */
function raw(
  url: string,
  options: {
    method?: string;
    path?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: Buffer | string;
    chunks?: string[];
  },
): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'POST',
        path: options.path ?? '/graphql',
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString() }),
        );
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else req.end(options.body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('createSubgraph HTTP endpoint and request context', () => {
  let t: TestSubgraphConfig;
  let subgraph: Subgraph;
  let url: string;

  beforeAll(async () => {
    t = testSubgraphConfig('kit-probe', 'sqlite', { limits: { maxDepth: 15, maxCost: 10_000, maxBodyBytes: 2048 } });
    subgraph = createSubgraph<Extra>({
      name: 'kit-probe',
      config: t.config,
      resolvers: [ProbeResolver],
      entities: [],
      migrations: [],
      context: (base) => ({
        subject: () => base.caller?.subject ?? 'anonymous',
        baseEm: () => base.em,
      }),
      routes: (app) => app.get('/hello', (_req, res) => void res.json({ hello: true })),
    });
    ({ url } = await subgraph.start());
  }, 60_000);

  afterAll(async () => {
    if (subgraph) await disposeTestSubgraph(subgraph, t);
  });

  it('refuses an operation over the cost limit with 400 QUERY_TOO_COMPLEX and a bad variable with 400 BAD_USER_INPUT', async () => {
    const query = 'query Items($first: Int!) { items(first: $first) }';
    const ask = (variables: unknown) => raw(url, { headers: JSON_TYPE, body: JSON.stringify({ query, variables }) });
    const fine = await ask({ first: 2 });
    expect(JSON.parse(fine.text)).toEqual({ data: { items: ['item 0', 'item 1'] } });
    const costly = await ask({ first: 20_000 });
    expect(costly.status).toBe(400);
    expect(JSON.parse(costly.text).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 10_000 });
    const bad = await ask({ first: 'many' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers POSTed JSON operations and sends JSON with its length', async () => {
    const r = await raw(url, { headers: JSON_TYPE, body: JSON.stringify({ query: '{ ping }' }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ data: { ping: 'pong' } });
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.text));
    const gzipped = await raw(url, {
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ query: '{ ping }' })),
    });
    expect(JSON.parse(gzipped.text)).toEqual({ data: { ping: 'pong' } });
  });

  it('forks the EntityManager and builds loaders only when a resolver uses them, one of each per request', async () => {
    const fork = vi.spyOn(subgraph.orm.em, 'fork');
    try {
      const cheap = await raw(url, { headers: JSON_TYPE, body: JSON.stringify({ query: '{ ping __typename }' }) });
      expect(JSON.parse(cheap.text).data.ping).toBe('pong');
      expect(fork).not.toHaveBeenCalled();
      const members = await raw(url, { headers: JSON_TYPE, body: JSON.stringify({ query: '{ sameMembers }' }) });
      expect(JSON.parse(members.text)).toEqual({ data: { sameMembers: true } });
      expect(fork).toHaveBeenCalledTimes(1);
      const shared = await raw(url, { headers: JSON_TYPE, body: JSON.stringify({ query: '{ sharedFork }' }) });
      expect(JSON.parse(shared.text)).toEqual({ data: { sharedFork: true } });
      expect(fork).toHaveBeenCalledTimes(2);
    } finally {
      fork.mockRestore();
    }
  });

  it('refuses bodies over the limit with 413 INPUT_TOO_LARGE, declared or chunked, and stays up', async () => {
    const expected = {
      errors: [{ message: 'request body exceeds 2048 bytes', extensions: { code: 'INPUT_TOO_LARGE', limit: 2048 } }],
    };
    const big = JSON.stringify({ query: '{ ping }', variables: { pad: 'x'.repeat(3000) } });
    const declared = await raw(url, { headers: JSON_TYPE, body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toEqual(expected);
    const chunked = await raw(url, {
      headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' },
      chunks: [big.slice(0, 1500), big.slice(1500)],
    });
    expect(chunked.headers['content-length']).toBeDefined();
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text)).toEqual(expected);
    const atLimit = JSON.stringify({ query: '{ ping }', variables: { pad: '' } });
    const fits = JSON.stringify({ query: '{ ping }', variables: { pad: 'x'.repeat(2048 - atLimit.length) } });
    expect(Buffer.byteLength(fits)).toBe(2048);
    const ok = await raw(url, { headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' }, chunks: [fits] });
    expect(ok.status).toBe(200);
  });

  it('answers 400 BAD_REQUEST for malformed JSON and for a body that is not an object or array', async () => {
    const expectedMessage = (() => {
      try {
        JSON.parse('{bad');
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const malformed = await raw(url, { headers: JSON_TYPE, body: '{bad' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text)).toEqual({
      errors: [{ message: expectedMessage, extensions: { code: 'BAD_REQUEST' } }],
    });
    const scalar = await raw(url, { headers: JSON_TYPE, body: ' "abc"' });
    expect(scalar.status).toBe(400);
    expect(JSON.parse(scalar.text).errors[0]).toMatchObject({
      message: expect.stringContaining(`Unexpected token '"'`),
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('answers 401 UNAUTHENTICATED for a bad bearer token and gives a valid one to resolvers', async () => {
    const refused = await raw(url, {
      headers: { ...JSON_TYPE, authorization: 'Bearer nope' },
      body: JSON.stringify({ query: '{ ping }' }),
    });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const token = await t.token(['auditor'], [], 'probe-user');
    const accepted = await raw(url, {
      headers: { ...JSON_TYPE, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ subject }' }),
    });
    expect(JSON.parse(accepted.text)).toEqual({ data: { subject: 'probe-user' } });
  });

  it("keeps Apollo's GET support and CSRF prevention, and serves other paths through express", async () => {
    const blocked = await raw(url, { method: 'GET', path: '/graphql?query=%7Bping%7D' });
    expect(blocked.status).toBe(400);
    expect(blocked.text).toContain('Cross-Site Request Forgery');
    const simple = await raw(url, {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ ping }' }),
    });
    expect(simple.status).toBe(400);
    expect(simple.text).toContain('Cross-Site Request Forgery');
    const preflighted = await raw(url, {
      method: 'GET',
      path: '/graphql?query=%7Bping%7D',
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
    expect(JSON.parse(preflighted.text)).toEqual({ data: { ping: 'pong' } });
    const mutationByGet = await raw(url, {
      method: 'GET',
      path: '/graphql?query=mutation%7B__typename%7D',
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(mutationByGet.status).toBe(405);
    expect((await raw(url, { method: 'GET', path: '/healthz' })).text).toBe(
      JSON.stringify({ status: 'ok', name: 'kit-probe' }),
    );
    expect(JSON.parse((await raw(url, { method: 'GET', path: '/hello' })).text)).toEqual({ hello: true });
    expect((await raw(url, { method: 'GET', path: '/graphqlx' })).status).toBe(404);
  });
});
