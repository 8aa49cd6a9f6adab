/** A deterministic clock for the embedded node: starts at `start` and moves 1 ms per reading. */
export function steppingClock(start: string): () => Date {
  let t = Date.parse(start);
  return () => new Date(t++);
}
