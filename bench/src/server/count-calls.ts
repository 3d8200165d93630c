/**
 * Counting store operations by wrapping the methods of the store object the session library
 * holds. The wrapper adds one increment per call; it is the same for every variant.
 *
 * @module
 */

/**
 * Replace each named method of `target` with one that counts into `counts[name]` and then calls
 * the original with the same `this` (so classes with private fields keep working).
 */
export function countCalls(target: object, methods: readonly string[], counts: Record<string, number>): void {
  const record = target as Record<string, unknown>;
  for (const name of methods) {
    const original = record[name];
    if (typeof original !== 'function') continue;
    counts[name] = 0;
    const call = original as (...args: unknown[]) => unknown;
    record[name] = function counted(this: unknown, ...args: unknown[]): unknown {
      counts[name] = (counts[name] ?? 0) + 1;
      return call.apply(this, args);
    };
  }
}
