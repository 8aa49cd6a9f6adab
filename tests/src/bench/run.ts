/**
 * `npm run bench`: runs every bench module (files in this folder other than run/result), prints a table and writes
 * `bench-results.json`. `npm run bench -- NAME…` runs only the modules whose file names contain one of the NAMEs.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './result.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = (await readdir(here))
  .filter((f) => f.endsWith('.js') && !['run.js', 'result.js'].includes(f))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { bench?: Bench };
  if (typeof mod.bench !== 'function') continue;
  process.stderr.write(`bench: ${file}\n`);
  results.push(...(await mod.bench()));
}

const rows = results.map((r) => ({
  name: r.name,
  value: `${Number(r.value.toPrecision(4))} ${r.unit}`,
  baseline: r.baseline ? `${r.baseline.name}: ${Number(r.baseline.value.toPrecision(4))}` : '',
  ratio: r.ratio === undefined ? '' : r.ratio.toFixed(2),
}));
console.table(rows);
await writeFile(join(process.cwd(), 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
