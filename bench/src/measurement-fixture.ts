/**
 * A measured run for the tests of the report's arithmetic (stats, summarize, the verdicts): the
 * figures a test cares about, and neutral values for the rest.
 *
 * @module
 */
import type { Measurement } from './results.js';

export interface RunFigures {
  requestsPerS: number;
  /** Requests served, also wrk's count (default 10 000). */
  served?: number;
  p50Ms?: number;
  /** Default: twice `p50Ms`. */
  p99Ms?: number;
  /** Server CPU time over the run, µs (default 1 s). */
  cpuUs?: number;
  storeCalls?: Record<string, number>;
}

export function measurement(figures: RunFigures): Measurement {
  const served = figures.served ?? 10_000;
  const p50Ms = figures.p50Ms ?? 1;
  return {
    wrk: {
      requests: served,
      durationS: 3,
      requestsPerS: figures.requestsPerS,
      p50Ms,
      p75Ms: null,
      p90Ms: null,
      p99Ms: figures.p99Ms ?? p50Ms * 2,
      non2xx: 0,
      socketErrors: 0,
    },
    served,
    cpuUs: figures.cpuUs ?? 1e6,
    rssMb: 100,
    storeCalls: figures.storeCalls ?? {},
    backendCalls: null,
  };
}
