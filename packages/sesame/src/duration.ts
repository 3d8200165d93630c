/**
 * Durations as people write them in config (`"30m"`, `"12h"`, `"90s"`) or as milliseconds,
 * parsed once at startup (CONTRIBUTING.md §6).
 *
 * @module
 */

/** A number of milliseconds, or a string like `"250ms"`, `"90s"`, `"30m"`, `"12h"`, `"7d"`. */
export type Duration = number | string;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/;

/**
 * Parse a duration to milliseconds; `null` when it is not one (callers name the option in
 * their error). Zero, negative and non-finite values are not durations.
 *
 * @example
 * parseDuration('30m'); // 1_800_000
 */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const match = DURATION_PATTERN.exec(value);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = UNIT_MS[match[2] ?? ''];
  if (unit === undefined || !(amount > 0)) return null;
  return Math.round(amount * unit);
}
