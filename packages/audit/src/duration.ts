/**
 * Durations as people write them on a command line: `90s`, `2m`, `1h`, `500ms`, or plain seconds.
 *
 * @module
 */

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parse a duration into milliseconds; `null` when it is not one.
 *
 * @example
 * parseDurationMs('90s'); // 90000
 */
export function parseDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (match === null) return null;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = UNITS_MS[unit];
  return factor === undefined ? null : Math.round(amount * factor);
}

/** `90000` → `90s`, `1500` → `1.5s`, `120000` → `2m`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  return `${Math.round(ms / 100) / 10}s`;
}
