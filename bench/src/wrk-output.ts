/**
 * Parsing what `wrk --latency` prints (wrk 4.x). Pure, tested in wrk-output.test.ts with real
 * output captured on this machine.
 *
 * @module
 */

/** The figures of one wrk run. Latencies in milliseconds. */
export interface WrkResult {
  requests: number;
  durationS: number;
  requestsPerS: number;
  p50Ms: number;
  p75Ms: number | null;
  p90Ms: number | null;
  p99Ms: number;
  /** Responses with a status outside 2xx/3xx: any at all means the variant is broken. */
  non2xx: number;
  /** connect + read + write + timeout socket errors. */
  socketErrors: number;
}

const TIME_UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `"1.29ms"`, `"812.00us"`, `"1.02s"` → milliseconds; `null` if it is not a wrk duration. */
export function parseWrkDurationMs(text: string): number | null {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (match === null) return null;
  const value = Number(match[1]);
  const unit = TIME_UNITS_MS[match[2] as string];
  return Number.isFinite(value) && unit !== undefined ? value * unit : null;
}

function percentile(output: string, label: string): number | null {
  const match = new RegExp(`^\\s*${label}%\\s+(\\S+)\\s*$`, 'm').exec(output);
  return match === null ? null : parseWrkDurationMs(match[1] as string);
}

/**
 * Parse the text of one `wrk --latency` run. Throws with the output attached when a figure the
 * report needs is missing (for example wrk could not connect at all).
 */
export function parseWrkOutput(output: string): WrkResult {
  const totals = /^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)\b/m.exec(output);
  const rate = /^Requests\/sec:\s+([\d.]+)\s*$/m.exec(output);
  const p50Ms = percentile(output, '50');
  const p99Ms = percentile(output, '99');
  if (totals === null || rate === null || p50Ms === null || p99Ms === null) {
    throw new Error(`wrk output without the expected figures:\n${output}`);
  }
  const durationMs = parseWrkDurationMs(`${totals[2]}${totals[3]}`) ?? Number.NaN;
  const non2xx = /^\s*Non-2xx or 3xx responses:\s+(\d+)/m.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors =
    socket === null ? 0 : socket.slice(1, 5).reduce((sum, value) => sum + Number(value), 0);
  return {
    requests: Number(totals[1]),
    durationS: durationMs / 1000,
    requestsPerS: Number(rate[1]),
    p50Ms,
    p75Ms: percentile(output, '75'),
    p90Ms: percentile(output, '90'),
    p99Ms,
    non2xx: non2xx === null ? 0 : Number(non2xx[1]),
    socketErrors,
  };
}
