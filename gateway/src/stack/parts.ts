import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORTS } from '../config.js';

/** The repository root, found from this compiled file (gateway/dist/stack/parts.js). */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** One process of the stack. */
export interface StackPart {
  /** Name used in log prefixes and in the supergraph. */
  readonly name: 'person' | 'certificate' | 'power-of-attorney' | 'gateway';
  /** The compiled entry point. */
  readonly entry: string;
  /** Environment variable that tells the process its port. */
  readonly portVariable: string;
}

/** The three subgraphs, in start order, and the gateway. */
export const SUBGRAPH_PARTS: readonly StackPart[] = (['person', 'certificate', 'power-of-attorney'] as const).map(
  (name) => ({ name, entry: join(REPOSITORY_ROOT, 'subgraphs', name, 'dist', 'main.js'), portVariable: 'PORT' }),
);

export const GATEWAY_PART: StackPart = {
  name: 'gateway',
  entry: join(REPOSITORY_ROOT, 'gateway', 'dist', 'main.js'),
  portVariable: 'MCHD_GATEWAY_PORT',
};

/** Ports of the stack's processes. */
export interface StackPorts {
  readonly gateway: number;
  readonly person: number;
  readonly certificate: number;
  readonly 'power-of-attorney': number;
}

export const DEFAULT_STACK_PORTS: StackPorts = DEFAULT_PORTS;
