/**
 * The shapes of what a run measured, as the report reads them (and as results/*.json keeps them).
 *
 * @module
 */
import type { ScenarioId } from './scenarios.js';
import type { VariantId } from './variants.js';
import type { WrkResult } from './wrk-output.js';

/** One measured wrk run and what it cost the store. */
export interface Measurement {
  wrk: WrkResult;
  /** Requests the server finished during the run (wrk's count misses the ones in flight at its end). */
  served: number;
  /** Server CPU time (user + system) during the run, µs. */
  cpuUs: number;
  rssMb: number | null;
  /** Store method calls during the run, by method. */
  storeCalls: Record<string, number>;
  /** Redis commands (commandstats delta, our own INFO left out) or SQL statements; else null. */
  backendCalls: Record<string, number> | null;
}

export interface VariantSummary {
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * Server CPU µs per request, all runs pooled. The server is CPU-bound under wrk, so this is
   * the cost per request with time lost to other processes on a shared core left out.
   */
  cpuUsPerRequest: number | null;
  rssMb: number | null;
  /** Store method calls per request, all runs pooled. */
  storeOpsPerRequest: number | null;
  storeOpsByMethod: Record<string, number>;
  /** Redis commands or SQL statements per request, all runs pooled. */
  backendOpsPerRequest: number | null;
  backendOpsByName: Record<string, number>;
  /** Non-2xx responses and socket errors over all runs: should be 0. */
  failures: number;
}

export interface VariantOutcome {
  variant: VariantId;
  status: 'ok' | 'not available' | 'failed';
  reason: string | null;
  runs: Measurement[];
  summary: VariantSummary | null;
}

export interface ScenarioOutcome {
  scenario: ScenarioId;
  variants: VariantOutcome[];
}
