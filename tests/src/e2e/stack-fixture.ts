import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevelopmentToken, type Role } from '@mchd/auth';
import { startStack, type RunningStack } from '@mchd/gateway';

/** A free TCP port on loopback (bound once, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The real stack (three subgraph processes and the gateway) on free ports in a temporary data directory. */
export interface StackFixture {
  readonly stack: RunningStack;
  readonly logs: string[];
  token(roles: Role[], orgs?: string[]): Promise<string>;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLAnswer<T>>;
  close(): Promise<void>;
}

export interface GraphQLAnswer<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

export async function startStackFixture(env: NodeJS.ProcessEnv = {}): Promise<StackFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mchd-e2e-'));
  const [gateway, person, certificate, poa] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const logs: string[] = [];
  const stack = await startStack({
    dataDir,
    ports: { gateway: gateway!, person: person!, certificate: certificate!, 'power-of-attorney': poa! },
    env: { LOG_LEVEL: 'warn', ...env },
    log: (line) => logs.push(line),
    readyTimeoutMs: 60_000,
  });
  return {
    stack,
    logs,
    token: (roles, orgs = []) => issueDevelopmentToken({ dataDir }, { roles, orgs }),
    async graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string) {
      const res = await fetch(stack.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GraphQLAnswer<T>, 'status'>;
      return { status: res.status, ...body };
    },
    async close() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
