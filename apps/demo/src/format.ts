/**
 * How times and durations read on the pages. Times are shown in UTC with the ISO value in a
 * `<time>` element, since the server does not know the reader's zone and the page runs no script.
 *
 * @module
 */

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `26 Nov 2026, 12:09 UTC` */
export function formatDateTime(ms: number): string {
  return `${DATE_TIME.format(ms)} UTC`;
}

const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** `just now`, `5 minutes ago`, `2 hours ago`. */
export function formatAgo(ms: number, nowMs: number): string {
  const elapsedMs = Math.max(0, nowMs - ms);
  for (const [unit, size] of STEPS) {
    if (elapsedMs >= size) return RELATIVE.format(-Math.floor(elapsedMs / size), unit);
  }
  return 'just now';
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** `30 minutes`, `12 hours`, `90 seconds`: for "signed out after … of inactivity". */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return plural(ms / 86_400_000, 'day');
  if (ms % 3_600_000 === 0) return plural(ms / 3_600_000, 'hour');
  if (ms % 60_000 === 0) return plural(ms / 60_000, 'minute');
  return plural(Math.max(1, Math.round(ms / 1000)), 'second');
}

/**
 * An IP address as people read it: an IPv4 client reached over an IPv6 socket shows as
 * `::ffff:127.0.0.1` (RFC 4291 §2.5.5.2, IPv4-mapped); that is `127.0.0.1`.
 *
 * @example
 * formatIp('::ffff:203.0.113.9'); // '203.0.113.9'
 * formatIp('2001:db8::1');        // '2001:db8::1'
 */
export function formatIp(ip: string | null): string {
  if (ip === null || ip === '') return 'unknown';
  return /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)?.[1] ?? ip;
}
