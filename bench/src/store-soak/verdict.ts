/**
 * The store soak's pure parts (issue 10): the `--soak-duration` value, and the verdict on what a
 * soak measured: RSS flat, no errors, store size bounded by the sweep.
 *
 * @module
 */

/** One sample of a soak, taken every few seconds. */
export interface SoakSample {
  atS: number;
  rssMb: number;
  /** Sessions the store holds (expired ones not yet swept included). */
  storeSize: number;
}

export interface SoakVerdict {
  rssFlat: boolean;
  sizeBounded: boolean;
  errorFree: boolean;
  /** RSS growth from the second quarter of the run to the last, MB (median against median). */
  rssGrowthMb: number;
  /** Largest store size in the second half over the largest in the first half. */
  sizeRatio: number;
}

/** Growth the verdict still calls flat: the heap settles while the run warms up. */
export const FLAT_RSS_MB = 20;
/** The second half's peak may exceed the first half's by this factor while still bounded. */
export const BOUNDED_SIZE_RATIO = 1.5;

/** `"10m"`, `"30s"`, `"1h"` or plain seconds (`"45"`) as seconds; throws on anything else. */
export function parseSoakDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(text.trim());
  if (match === null) {
    throw new TypeError(
      `--soak-duration: expected a duration like 10m, 30s or 1h; got ${JSON.stringify(text)}`,
    );
  }
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return value * (unit === 'h' ? 3_600 : unit === 'm' ? 60 : 1);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Judge a soak. RSS is flat when the median of the last quarter of samples is at most
 * {@link FLAT_RSS_MB} above the median of the second quarter (the first is warm-up). The store is
 * bounded when the second half never holds more than {@link BOUNDED_SIZE_RATIO} times the first
 * half's peak: sessions that are signed out or expire must leave as fast as new ones arrive.
 */
export function judgeSoak(samples: readonly SoakSample[], errors: number): SoakVerdict {
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const second = samples.slice(quarter, 2 * quarter).map((s) => s.rssMb);
  const last = samples.slice(-quarter).map((s) => s.rssMb);
  const rssGrowthMb = samples.length < 4 ? 0 : median(last) - median(second);
  const half = Math.floor(samples.length / 2);
  const firstPeak = Math.max(1, ...samples.slice(0, half).map((s) => s.storeSize));
  const secondPeak = Math.max(0, ...samples.slice(half).map((s) => s.storeSize));
  const sizeRatio = secondPeak / firstPeak;
  return {
    rssFlat: rssGrowthMb <= FLAT_RSS_MB,
    sizeBounded: sizeRatio <= BOUNDED_SIZE_RATIO,
    errorFree: errors === 0,
    rssGrowthMb,
    sizeRatio,
  };
}
