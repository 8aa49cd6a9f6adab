import { describe, expect, it } from 'vitest';
import { PowerOfAttorneyEventRow } from './entities.js';
import { matchesFilter, parseEventCursor } from './event-log.js';

const row = Object.assign(new PowerOfAttorneyEventRow(), {
  seq: 7,
  dedupKey: 'REVOKED:g:t',
  type: 'REVOKED',
  guid: '0e6f2c0a-8a57-4a0e-9c55-3f1c1d2b3a41',
  at: '2026-03-01T09:00:00.000Z',
  transactionId: 't',
  blockNumber: 3,
  principalInns: '|7707083893|',
  representativeIds: '|500100732259|11223344595|',
  cause: null,
});

describe('event log filters and cursors', () => {
  it('matches every given part of a filter and nothing else', () => {
    expect(matchesFilter(row, {})).toBe(true);
    expect(matchesFilter(row, { guid: row.guid.toUpperCase() })).toBe(true);
    expect(matchesFilter(row, { principalInn: '7707083893', types: ['REVOKED', 'EXPIRED'] })).toBe(true);
    expect(matchesFilter(row, { representativeInn: '11223344595' })).toBe(true);
    expect(matchesFilter(row, { principalInn: '770708389' })).toBe(false);
    expect(matchesFilter(row, { representativeInn: '500100732258' })).toBe(false);
    expect(matchesFilter(row, { types: ['REGISTERED'] })).toBe(false);
    expect(matchesFilter(row, { guid: '00000000-0000-4000-8000-000000000000' })).toBe(false);
  });

  it('reads cursors as decimal positions and refuses anything else', () => {
    expect(parseEventCursor(undefined)).toBe(0);
    expect(parseEventCursor('')).toBe(0);
    expect(parseEventCursor('42')).toBe(42);
    expect(parseEventCursor('-1')).toBeNull();
    expect(parseEventCursor('4e2')).toBeNull();
    expect(parseEventCursor('1'.repeat(16))).toBeNull();
  });
});
