import { describe, expect, it } from 'vitest';
import { certificateOptionsFromEnv } from './certificate-subgraph.js';
import { clockOffsetFromEnv, SubgraphClock } from './clock.js';

describe('SubgraphClock', () => {
  it('moves by an offset and keeps running from there', () => {
    let base = new Date('2026-11-23T00:00:00Z').getTime();
    const clock = new SubgraphClock(1000, () => new Date(base));
    expect(clock.now().toISOString()).toBe('2026-11-23T00:00:01.000Z');
    clock.advanceTo(new Date('2027-01-01T00:00:00Z'));
    base += 5000;
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:05.000Z');
    expect(clock.clock().toISOString()).toBe('2027-01-01T00:00:05.000Z');
  });

  it('parses MCHD_CLOCK_OFFSET in milliseconds or days and refuses anything else', () => {
    expect(clockOffsetFromEnv({})).toBe(0);
    expect(clockOffsetFromEnv({ MCHD_CLOCK_OFFSET: '1500' })).toBe(1500);
    expect(clockOffsetFromEnv({ MCHD_CLOCK_OFFSET: '30d' })).toBe(30 * 86_400_000);
    expect(clockOffsetFromEnv({ MCHD_CLOCK_OFFSET: '-0.5d' })).toBe(-43_200_000);
    expect(() => clockOffsetFromEnv({ MCHD_CLOCK_OFFSET: 'soon' })).toThrow(/MCHD_CLOCK_OFFSET must be/);
  });
});

describe('certificateOptionsFromEnv', () => {
  it('reads the defaults and the variables', () => {
    const d = certificateOptionsFromEnv({});
    expect(d).toMatchObject({
      testClock: false,
      personFeedUrl: 'http://127.0.0.1:4001',
      feedIntervalMs: 1000,
      schedulerIntervalMs: 60_000,
    });
    const o = certificateOptionsFromEnv({
      MCHD_PERSON_FEED_URL: 'off',
      MCHD_TEST_CLOCK: '1',
      MCHD_CERTIFICATE_SCHEDULER_MS: '0',
      MCHD_SERVICE_TOKEN: 'abc',
    });
    expect(o).toMatchObject({ testClock: true, personFeedUrl: null, schedulerIntervalMs: 0, serviceToken: 'abc' });
  });

  it('names the bad variable', () => {
    expect(() => certificateOptionsFromEnv({ MCHD_PERSON_FEED_URL: 'ftp://x' })).toThrow(/MCHD_PERSON_FEED_URL/);
    expect(() => certificateOptionsFromEnv({ MCHD_TEST_CLOCK: 'yes' })).toThrow(/MCHD_TEST_CLOCK/);
    expect(() => certificateOptionsFromEnv({ MCHD_CERTIFICATE_SCHEDULER_MS: '-1' })).toThrow(
      /MCHD_CERTIFICATE_SCHEDULER_MS/,
    );
  });
});
