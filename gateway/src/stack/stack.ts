import { resolve as resolvePath } from 'node:path';
import { loadDevelopmentKey } from '@mchd/auth';
import { superviseChild, type SupervisedChild } from './child-process.js';
import { DEFAULT_STACK_PORTS, GATEWAY_PART, SUBGRAPH_PARTS, type StackPart, type StackPorts } from './parts.js';

/** How to start the whole stack. */
export interface StackOptions {
  /** Data directory for every part (default `MCHD_DATA_DIR` or `./data`). */
  readonly dataDir?: string;
  readonly ports?: Partial<StackPorts>;
  /** Extra environment for every part (e.g. `DATABASE_URL`, `LEDGER`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the parts' log lines go (prefixed by part). Default: standard output. */
  readonly log?: (line: string) => void;
  /** How long to wait for every part to be ready. Default 120 s (a loaded machine; normally a few seconds). */
  readonly readyTimeoutMs?: number;
}

/** The running stack. */
export interface RunningStack {
  /** The gateway's GraphQL endpoint over HTTP. */
  readonly url: string;
  /** The same endpoint for graphql-ws. */
  readonly wsUrl: string;
  readonly ports: StackPorts;
  readonly dataDir: string;
  /** The supervised processes (for fault tests). */
  readonly children: readonly SupervisedChild[];
  /** Stops the gateway first, then the subgraphs; each gets SIGTERM and time to drain. */
  stop(): Promise<void>;
}

/** A part did not become ready in time, or gave up restarting. */
export class StackStartError extends Error {
  readonly code = 'STACK_START_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'StackStartError';
  }
}

async function waitReady(url: string, deadline: number, failed: () => string | null): Promise<void> {
  for (;;) {
    const failure = failed();
    if (failure) throw new StackStartError(failure);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new StackStartError(`${url} was not ready in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts the three subgraphs and the gateway, each its own process under one supervisor, and resolves once every
 * subgraph is ready and the gateway answers. All start in parallel; the gateway composes the subgraphs' SDL as soon
 * as they report it.
 *
 * @example
 * ```ts
 * const stack = await startStack({ dataDir: './data' });
 * console.log(stack.url); // http://127.0.0.1:4000/graphql
 * await stack.stop();
 * ```
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const dataDir = resolvePath(options.dataDir ?? process.env['MCHD_DATA_DIR'] ?? './data');
  const ports: StackPorts = { ...DEFAULT_STACK_PORTS, ...options.ports };
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  // Generate the development key once here, so the parts do not race for it.
  await loadDevelopmentKey(dataDir);

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    MCHD_PERSON_FEED_URL: `http://127.0.0.1:${ports.person}`,
    ...options.env,
    MCHD_DATA_DIR: dataDir,
  };
  const subgraphUrl = (name: StackPart['name']) => `http://127.0.0.1:${ports[name as keyof StackPorts]}/graphql`;
  let gaveUp: string | null = null;
  const onGiveUp = (part: StackPart, code: number | null) => {
    gaveUp = `${part.name} keeps exiting (last exit code ${code})`;
  };
  const children: SupervisedChild[] = [];
  const stopAll = async () => {
    const [gateway, ...subgraphs] = [...children].reverse();
    await gateway?.stop();
    await Promise.all(subgraphs.map((c) => c.stop()));
  };
  try {
    for (const part of SUBGRAPH_PARTS) {
      const port = ports[part.name as keyof StackPorts];
      children.push(superviseChild(part, { ...baseEnv, [part.portVariable]: String(port) }, log, onGiveUp));
    }
    // The gateway starts at the same time: it loads while the subgraphs apply their migrations, and composes as
    // soon as every subgraph reports its SDL.
    const gatewayEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      MCHD_GATEWAY_PORT: String(ports.gateway),
      MCHD_PERSON_URL: subgraphUrl('person'),
      MCHD_CERTIFICATE_URL: subgraphUrl('certificate'),
      MCHD_POWER_OF_ATTORNEY_URL: subgraphUrl('power-of-attorney'),
    };
    children.push(superviseChild(GATEWAY_PART, gatewayEnv, log, onGiveUp));
    await Promise.all(
      SUBGRAPH_PARTS.map((part) =>
        waitReady(`http://127.0.0.1:${ports[part.name as keyof StackPorts]}/readyz`, deadline, () => gaveUp),
      ),
    );
    await waitReady(`http://127.0.0.1:${ports.gateway}/healthz`, deadline, () => gaveUp);
  } catch (e) {
    await stopAll();
    throw e;
  }
  const base = `127.0.0.1:${ports.gateway}/graphql`;
  return { url: `http://${base}`, wsUrl: `ws://${base}`, ports, dataDir, children, stop: stopAll };
}
