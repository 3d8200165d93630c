/**
 * The arithmetic of the report: medians of repeated runs and ratios to the baseline of the same
 * run. Pure functions, tested in stats.test.ts.
 *
 * @module
 */

/** The median of `values` (mean of the middle two for an even count), or `null` for none. */
export function median(values: readonly number[]): number | null {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const count = finite.length;
  if (count === 0) return null;
  const middle = Math.floor(count / 2);
  return count % 2 === 1
    ? (finite[middle] as number)
    : ((finite[middle - 1] as number) + (finite[middle] as number)) / 2;
}

/** `value / reference`, or `null` when either is missing or the reference is not positive. */
export function ratio(value: number | null, reference: number | null): number | null {
  if (value === null || reference === null || !(reference > 0) || !Number.isFinite(value)) return null;
  return value / reference;
}

/** Operations counted over a run, per request served, or `null` when nothing was served. */
export function perRequest(operations: number | null, requests: number): number | null {
  if (operations === null || !(requests > 0)) return null;
  return operations / requests;
}

/** `after - before` for each key of `after` (keys missing before count from 0). */
export function deltaCounts(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const change = value - (before[key] ?? 0);
    if (change !== 0) delta[key] = change;
  }
  return delta;
}

/** Sum of the values of a count map. */
export function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

/** The median of some ratios with the lowest and highest of them. */
export interface Spread {
  median: number;
  low: number;
  high: number;
  /** How many ratios there were. */
  count: number;
}

/**
 * `a[i] / b[i]` for every repetition `i` both have, summed up as a {@link Spread}, or `null` for
 * none. Each pair was measured seconds apart (run-order.ts), so a change in the machine's speed
 * between repetitions cancels out of each ratio, where a ratio of medians keeps it.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Spread | null {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const value = ratio(a[i] as number, b[i] as number);
    if (value !== null) ratios.push(value);
  }
  const middle = median(ratios);
  if (middle === null) return null;
  return { median: middle, low: Math.min(...ratios), high: Math.max(...ratios), count: ratios.length };
}
