import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LedgerCheckpoint, LedgerCheckpointer } from './ledger.js';

/**
 * A checkpointer kept in a JSON file, replaced atomically (write to a temporary file, then rename) so that a crash
 * leaves either the old or the new position.
 *
 * @example
 * ```ts
 * const checkpointer = fileCheckpointer('./data/projection.checkpoint.json');
 * for await (const event of ledger.events({ checkpointer })) await project(event);
 * ```
 */
export function fileCheckpointer(file: string): LedgerCheckpointer {
  return {
    async load() {
      try {
        const c = JSON.parse(await readFile(file, 'utf8')) as LedgerCheckpoint;
        return typeof c.blockNumber === 'number' ? c : undefined;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async save(checkpoint) {
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(checkpoint));
      await rename(tmp, file);
    },
  };
}

/**
 * A checkpointer in memory (tests, or a consumer that keeps its position elsewhere).
 *
 * @example
 * ```ts
 * const checkpointer = memoryCheckpointer();
 * ```
 */
export function memoryCheckpointer(initial?: LedgerCheckpoint): LedgerCheckpointer & { current?: LedgerCheckpoint } {
  const c: LedgerCheckpointer & { current?: LedgerCheckpoint } = {
    ...(initial ? { current: initial } : {}),
    async load() {
      return c.current;
    },
    async save(checkpoint) {
      c.current = checkpoint;
    },
  };
  return c;
}
