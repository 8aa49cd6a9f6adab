import { ConfigError, type Clock } from '@mchd/subgraph-kit';

/**
 * The certificate subgraph's time source: the system clock moved by an offset. Tests move it forward
 * (`advanceTo`) to reach expiry notices and acknowledgement deadlines; a process takes its initial offset from
 * `MCHD_CLOCK_OFFSET` (see {@link clockOffsetFromEnv}).
 *
 * @example
 * ```ts
 * const clock = new SubgraphClock(0);
 * clock.advanceTo(new Date('2027-01-01T00:00:00Z'));
 * clock.now(); // ≈ 2027-01-01
 * ```
 */
export class SubgraphClock {
  constructor(
    private offsetMs = 0,
    private readonly base: Clock = () => new Date(),
  ) {}

  /** The current time. */
  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }

  /** Moves the clock so that `now()` answers `at` (from then on time runs on). */
  advanceTo(at: Date): void {
    this.offsetMs = at.getTime() - this.base().getTime();
  }

  /** As a kit {@link Clock} function. */
  get clock(): Clock {
    return () => this.now();
  }
}

/**
 * Parses `MCHD_CLOCK_OFFSET`: a signed number of milliseconds, or of days with a `d` suffix (`30d`, `-1.5d`).
 * Unset or empty: 0.
 *
 * @throws ConfigError naming the variable.
 * @example
 * ```ts
 * clockOffsetFromEnv({ MCHD_CLOCK_OFFSET: '30d' }); // 2592000000
 * ```
 */
export function clockOffsetFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.MCHD_CLOCK_OFFSET?.trim();
  if (!raw) return 0;
  const m = /^([+-]?\d+(?:\.\d+)?)(d?)$/.exec(raw);
  if (!m) {
    throw new ConfigError(
      'MCHD_CLOCK_OFFSET',
      `MCHD_CLOCK_OFFSET must be milliseconds or days with a d suffix (e.g. 30d), got ${JSON.stringify(raw)}`,
    );
  }
  return Math.round(Number(m[1]) * (m[2] === 'd' ? 86_400_000 : 1));
}
