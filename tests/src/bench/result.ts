/** One figure of `npm run bench` (../shared/API.md, "Benchmark report"). */
export interface BenchResult {
  /** Stable name, e.g. `mchd.parse-validate.12kb`. */
  readonly name: string;
  readonly value: number;
  /** e.g. `docs/s`, `verifications/s`, `ms`. */
  readonly unit: string;
  /** The figure measured side by side in the same run, when there is one. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** value / baseline.value (or the ratio the name says). */
  readonly ratio?: number;
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}

/** A bench module under `tests/src/bench/` exports `bench` of this type. */
export type Bench = () => Promise<BenchResult[]>;
