/**
 * `npm run bench -- mchd`: the format layer. Parse + validate + map of a ~12 KB EMCHD_1 document with
 * `readPowerOfAttorney`, side by side with fast-xml-parser's bare parse of the same bytes in the same run (aim:
 * ≥ 2,000 documents/s on one core and ≤ 3× the bare parse); and 100,000 seeded fuzz cases (mutations of valid
 * documents) with the number of crashes, which must be zero.
 */
import { seededRandom } from '@mchd/identifiers';
import {
  buildPowerOfAttorneyXml,
  examplePowerOfAttorney,
  FINDING_CODES,
  readPowerOfAttorney,
  type Power,
} from '@mchd/format';
import { bareParse, fuzzOnce } from '@mchd/format/testing';
import type { BenchResult } from './result.js';

/** A realistic document of about `targetBytes`: a legal entity with many classifier powers and restrictions. */
export function documentOfSize(targetBytes: number): Uint8Array {
  const powers: Power[] = [];
  let bytes = buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 12, powers }));
  for (let i = 0; bytes.length < targetBytes; i++) {
    powers.push({
      code: `KLASS_2.0_${String(i).padStart(3, '0')}`,
      mnemonic: `POWER_${i}`,
      name: `Подписание документов вида ${i} от имени доверителя`,
      restrictions: [
        { id: 1, code: 'LIM_01', name: 'Вид документа', valueName: 'УПД', valueCode: 'UPD' },
        { id: 2, code: 'LIM_02', name: 'Сумма сделки', valueText: 'не более 1 000 000 рублей' },
      ],
    });
    bytes = buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 12, powers }));
  }
  return bytes;
}

/** Runs `fn` repeatedly for about `ms` milliseconds; returns calls per second. */
function rate(fn: () => unknown, ms: number): number {
  for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function bench(): Promise<BenchResult[]> {
  const doc = documentOfSize(12 * 1024);
  const check = readPowerOfAttorney(doc);
  if (!check.valid) throw new Error(`bench document is invalid: ${JSON.stringify(check.errors)}`);
  // Interleaved rounds, so that both figures see the same machine load.
  const ours: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 5; round++) {
    ours.push(rate(() => readPowerOfAttorney(doc), 600));
    bare.push(rate(() => bareParse(doc), 600));
  }
  const read = median(ours);
  const parse = median(bare);

  const random = seededRandom(20261123);
  const bases = [
    doc,
    buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 1, principalType: 'person', representativeType: 'branch' })),
    buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 3, parent: examplePowerOfAttorney({ seed: 1 }) }), {
      encoding: 'windows-1251',
    }),
    buildPowerOfAttorneyXml(examplePowerOfAttorney({ seed: 4, format: '002' })),
  ];
  const cases = 100_000;
  let crashes = 0;
  let models = 0;
  const fuzzStart = process.hrtime.bigint();
  for (let i = 0; i < cases; i++) {
    const input = fuzzOnce(bases[i % bases.length] as Uint8Array, random);
    try {
      const r = readPowerOfAttorney(input);
      if (r.document) models++;
      if (r.document === null && r.errors.length === 0) crashes++;
      for (const e of r.errors) if (!(e.code in FINDING_CODES) || e.message.startsWith('internal error')) crashes++;
    } catch {
      crashes++;
    }
  }
  const fuzzSeconds = Number(process.hrtime.bigint() - fuzzStart) / 1e9;

  return [
    {
      name: 'mchd.parse-validate.12kb',
      value: read,
      unit: 'docs/s',
      baseline: { name: 'fast-xml-parser bare parse (same bytes)', value: parse },
      // value / baseline: 1/3 or more meets the aim of at most 3× the bare parse's time.
      ratio: read / parse,
      params: {
        bytes: doc.length,
        rounds: 5,
        slowdown: Number((parse / read).toFixed(2)),
        aimDocsPerSecond: 2000,
        aimSlowdownAtMost: 3,
      },
    },
    {
      name: 'mchd.fuzz.crashes',
      value: crashes,
      unit: 'crashes',
      params: {
        cases,
        models,
        seconds: Number(fuzzSeconds.toFixed(1)),
        casesPerSecond: Math.round(cases / fuzzSeconds),
      },
    },
  ];
}
