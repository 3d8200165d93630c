/**
 * From measured runs to the figures of the report: medians of rate and latency across runs, and
 * operations per request over all runs pooled (steadier than a median of small ratios).
 *
 * @module
 */
import type { Measurement, VariantSummary } from './results.js';
import { median, perRequest, total } from './stats.js';

function pooled(
  runs: readonly Measurement[],
  pick: (run: Measurement) => Record<string, number> | null,
): {
  perRequest: number | null;
  byName: Record<string, number>;
} {
  const requests = runs.reduce((sum, run) => sum + run.served, 0);
  const sums: Record<string, number> = {};
  let any = false;
  for (const run of runs) {
    const counts = pick(run);
    if (counts === null) continue;
    any = true;
    for (const [name, count] of Object.entries(counts)) sums[name] = (sums[name] ?? 0) + count;
  }
  const byName: Record<string, number> = {};
  for (const [name, count] of Object.entries(sums)) byName[name] = perRequest(count, requests) ?? 0;
  return { perRequest: any ? perRequest(total(sums), requests) : null, byName };
}

export function summarize(runs: readonly Measurement[], counted: boolean): VariantSummary | null {
  if (runs.length === 0) return null;
  const store = pooled(runs, (run) => run.storeCalls);
  const backend = pooled(runs, (run) => run.backendCalls);
  const rss = runs.map((run) => run.rssMb).filter((v): v is number => v !== null);
  return {
    requestsPerS: median(runs.map((run) => run.wrk.requestsPerS)) ?? 0,
    p50Ms: median(runs.map((run) => run.wrk.p50Ms)) ?? 0,
    p99Ms: median(runs.map((run) => run.wrk.p99Ms)) ?? 0,
    cpuUsPerRequest: perRequest(
      runs.reduce((sum, run) => sum + run.cpuUs, 0),
      runs.reduce((sum, run) => sum + run.served, 0),
    ),
    rssMb: median(rss),
    storeOpsPerRequest: counted ? store.perRequest : null,
    storeOpsByMethod: store.byName,
    backendOpsPerRequest: backend.perRequest,
    backendOpsByName: backend.byName,
    failures: runs.reduce((sum, run) => sum + run.wrk.non2xx + run.wrk.socketErrors, 0),
  };
}
