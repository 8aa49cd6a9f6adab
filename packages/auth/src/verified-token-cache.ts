import type { Caller } from './caller.js';

interface Entry {
  readonly caller: Caller;
  /** Seconds since the epoch after which the entry is no longer used (the token's `exp`). */
  readonly expiresAt: number;
}

/**
 * Remembers tokens already verified, so that a client sending the same bearer token on every request costs one
 * signature check rather than one per request. An entry is used only until the token's `exp`; tokens without an
 * `exp` are not cached. Bounded: past `maxEntries` the oldest entry goes (Map keeps insertion order).
 *
 * @example
 * ```ts
 * const cache = new VerifiedTokenCache(10_000, () => Date.now());
 * cache.get(token) ?? cache.put(token, caller, payload.exp);
 * ```
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(token: string): Caller | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt * 1000 <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.caller;
  }

  put(token: string, caller: Caller, exp: number | undefined): void {
    if (exp === undefined || this.maxEntries <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { caller, expiresAt: exp });
  }

  get size(): number {
    return this.entries.size;
  }
}
