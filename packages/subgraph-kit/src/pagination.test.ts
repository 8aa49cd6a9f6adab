import { describe, expect, it } from 'vitest';
import { BadUserInputError } from './errors.js';
import { decodeCursor, encodeCursor, paginate, type Connection } from './pagination.js';

const items = Array.from({ length: 7 }, (_, i) => `k${i}`);
const source = {
  fetch: async (after: string | undefined, limit: number) =>
    items.filter((k) => after === undefined || k > after).slice(0, limit),
  count: async () => items.length,
  key: (k: string) => k,
};

describe('paginate', () => {
  it('walks the whole list page by page without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Connection<string> = await paginate({ first: 3, after }, source);
      expect(page.totalCount).toBe(7);
      seen.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(items);
  });

  it('round-trips cursors and refuses foreign ones', () => {
    expect(decodeCursor(encodeCursor('019a-…'))).toBe('019a-…');
    expect(() => decodeCursor('bm9wZQ')).toThrow(BadUserInputError);
    expect(() => decodeCursor('%%%')).toThrow(/not a cursor/);
  });

  it('checks first', async () => {
    await expect(paginate({ first: 0 }, source)).rejects.toThrow(/first must be between 1 and 100/);
    const page = await paginate({}, source);
    expect(page.edges).toHaveLength(7);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });
});
