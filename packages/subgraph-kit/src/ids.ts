import { v7 } from 'uuid';

/**
 * A new time-ordered id (UUIDv7, RFC 9562): sorting ids sorts by creation, which keyset pagination relies on.
 *
 * @example
 * ```ts
 * const id = newId(); // '019ab1c2-…'
 * ```
 */
export function newId(): string {
  return v7();
}
