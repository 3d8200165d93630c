/**
 * The issue's targets checked against one run's figures. Pure, tested in verdict.test.ts.
 *
 * - (a) ≥ 0.85× baseline with the memory and SQLite stores; with Redis and PostgreSQL ≥ 2× what
 *   express-session reaches on the same server;
 * - (b) and (c) ≥ 2× express-session on every store;
 * - an unchanged request costs one store read and no write; creating a session one round trip.
 *
 * @module
 */
import type { ScenarioOutcome, VariantOutcome } from './results.js';
import type { ScenarioId } from './scenarios.js';
import { ratio } from './stats.js';
import { PAIRED_STORES, type PairedStore, type VariantId } from './variants.js';

export interface Verdict {
  scenario: ScenarioId;
  store: PairedStore | null;
  target: string;
  /** What was measured, as text for the report. */
  measured: string;
  /** `null`: could not be judged (a variant missing). */
  met: boolean | null;
}

export const BASELINE_TARGET = 0.85;
export const VERSUS_TARGET = 2;
/** Ops per request are counted over whole runs; allow for the once-a-minute touch and run edges. */
const OPS_SLACK = 0.05;

export function outcomeOf(scenario: ScenarioOutcome, id: VariantId): VariantOutcome | null {
  const found = scenario.variants.find((v) => v.variant === id);
  return found?.status === 'ok' && found.summary !== null ? found : null;
}

/** Median req/s of `id` over that of the baseline in the same scenario, or `null`. */
export function baselineRatio(scenario: ScenarioOutcome, id: VariantId): number | null {
  const variant = outcomeOf(scenario, id);
  const baseline = outcomeOf(scenario, 'baseline');
  return ratio(variant?.summary?.requestsPerS ?? null, baseline?.summary?.requestsPerS ?? null);
}

/** Median req/s of variant `id` over express-session on `store` in the same scenario, or `null`. */
export function overLegacy(scenario: ScenarioOutcome, id: VariantId, store: PairedStore): number | null {
  const variant = outcomeOf(scenario, id);
  const legacy = outcomeOf(scenario, `express-session-${store}`);
  return ratio(variant?.summary?.requestsPerS ?? null, legacy?.summary?.requestsPerS ?? null);
}

/** {@link overLegacy} on server CPU time per request (express-session's ÷ the variant's). */
export function cpuOverLegacy(scenario: ScenarioOutcome, id: VariantId, store: PairedStore): number | null {
  const variant = outcomeOf(scenario, id);
  const legacy = outcomeOf(scenario, `express-session-${store}`);
  return ratio(legacy?.summary?.cpuUsPerRequest ?? null, variant?.summary?.cpuUsPerRequest ?? null);
}

/** Median req/s of Sesame over express-session on `store` in the same scenario, or `null`. */
export function versusRatio(scenario: ScenarioOutcome, store: PairedStore): number | null {
  return overLegacy(scenario, `sesame-${store}`, store);
}

/**
 * Median req/s of `id` (a variant with the read cache) over Sesame on the memory store in the same
 * scenario (issue 15: ≥ 0.9× on signed-in reads), or `null`.
 */
export function memoryRatio(scenario: ScenarioOutcome, id: VariantId): number | null {
  const variant = outcomeOf(scenario, id);
  const memory = outcomeOf(scenario, 'sesame-memory');
  return ratio(variant?.summary?.requestsPerS ?? null, memory?.summary?.requestsPerS ?? null);
}

/** Median req/s of Sesame with sealing over Sesame without, on `store` (issue 15: its cost). */
export function sealedRatio(scenario: ScenarioOutcome, store: PairedStore): number | null {
  const sealed = outcomeOf(scenario, `sesame-${store}-sealed`);
  const plain = outcomeOf(scenario, `sesame-${store}`);
  return ratio(sealed?.summary?.requestsPerS ?? null, plain?.summary?.requestsPerS ?? null);
}

/** {@link sealedRatio} on server CPU time per request (above 1: sealing costs CPU). */
export function cpuSealedRatio(scenario: ScenarioOutcome, store: PairedStore): number | null {
  const sealed = outcomeOf(scenario, `sesame-${store}-sealed`);
  const plain = outcomeOf(scenario, `sesame-${store}`);
  return ratio(sealed?.summary?.cpuUsPerRequest ?? null, plain?.summary?.cpuUsPerRequest ?? null);
}

/** Median req/s of the express-session layer over express-session on `store` (issue 12: ≥ 1.5×). */
export function layerVersusRatio(scenario: ScenarioOutcome, store: PairedStore): number | null {
  return overLegacy(scenario, `layer-${store}`, store);
}

/** {@link layerVersusRatio} on server CPU time per request. */
export function cpuLayerVersusRatio(scenario: ScenarioOutcome, store: PairedStore): number | null {
  return cpuOverLegacy(scenario, `layer-${store}`, store);
}

/**
 * The same ratios on server CPU time per request (reference ÷ variant, so higher is better like
 * req/s): steadier than req/s when other processes share the server's core.
 */
export function cpuBaselineRatio(scenario: ScenarioOutcome, id: VariantId): number | null {
  const variant = outcomeOf(scenario, id);
  const baseline = outcomeOf(scenario, 'baseline');
  return ratio(baseline?.summary?.cpuUsPerRequest ?? null, variant?.summary?.cpuUsPerRequest ?? null);
}

export function cpuVersusRatio(scenario: ScenarioOutcome, store: PairedStore): number | null {
  return cpuOverLegacy(scenario, `sesame-${store}`, store);
}

/** A ratio as the report writes it (`1.62×`), or `—` when there is none. */
export function ratioText(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(2)}×`;
}

function times(value: number | null, cpuValue: number | null): string {
  if (value === null) return 'not available';
  return `${value.toFixed(2)}× (CPU time: ${cpuValue === null ? '—' : `${cpuValue.toFixed(2)}×`})`;
}

/**
 * What a "2× express-session" target asks of Sesame as a ratio to the baseline, and whether that
 * can be reached at all: no session layer runs faster than the app without one, none faster than
 * the store floor (the same store calls with no session library) on that store, and none faster
 * than the async floor (one async middleware that sets Cache-Control), by more than the noise.
 */
function versusNeed(scenario: ScenarioOutcome, store: PairedStore): string {
  const legacy = baselineRatio(scenario, `express-session-${store}`);
  if (legacy === null) return '';
  const needed = legacy * VERSUS_TARGET;
  const storeFloor = baselineRatio(scenario, `store-floor-${store}`);
  const floor = baselineRatio(scenario, 'async-floor');
  const reach =
    needed >= 1
      ? ', more than the app without sessions'
      : storeFloor !== null && needed > storeFloor
        ? `, more than the store floor (${storeFloor.toFixed(2)}×)`
        : floor !== null && needed > floor
          ? `, more than the async floor (${floor.toFixed(2)}×)`
          : '';
  return `; needs ${needed.toFixed(2)}× baseline${reach}`;
}

/** The floor of any async session layer (variants.ts `async-floor`), to read a miss against. */
function withFloor(text: string, scenario: ScenarioOutcome): string {
  const floor = baselineRatio(scenario, 'async-floor');
  return floor === null ? text : `${text}; floor ${floor.toFixed(2)}×`;
}

function describeOps(byMethod: Record<string, number>): string {
  const text = Object.entries(byMethod)
    .filter(([, v]) => v > 0)
    .map(([name, v]) => `${name} ${v.toFixed(2)}`)
    .join(', ');
  return text === '' ? 'none' : text;
}

/**
 * (a): one `get` per request, and no write but the idle touch, which Sesame sends at most once a
 * minute per session. The variants take turns, so a session's touches fall into its measured
 * windows (3 s each, every half minute or so): the bound is one touch per pool session per run.
 */
function readVerdict(scenario: ScenarioOutcome, store: PairedStore, poolSize: number): Verdict {
  const target = 'one store read, no write (but the once-a-minute touch)';
  const sesame = outcomeOf(scenario, `sesame-${store}`);
  const byMethod = sesame?.summary?.storeOpsByMethod ?? null;
  if (sesame === null || byMethod === null) {
    return { scenario: scenario.scenario, store, target, measured: 'not available', met: null };
  }
  const touches = sesame.runs.reduce((sum, run) => sum + (run.storeCalls['touch'] ?? 0), 0);
  const touchBound = poolSize * sesame.runs.length * (1 + OPS_SLACK);
  const others = Object.entries(byMethod).filter(([name]) => name !== 'get' && name !== 'touch');
  const othersTotal = others.reduce((sum, [, v]) => sum + v, 0);
  return {
    scenario: scenario.scenario,
    store,
    target,
    measured: `${describeOps(byMethod)} (${touches} touches in ${sesame.runs.length} runs, ${poolSize} sessions)`,
    met:
      Math.abs((byMethod['get'] ?? 0) - 1) <= OPS_SLACK && othersTotal <= OPS_SLACK && touches <= touchBound,
  };
}

/** (c): creating a session costs one store call (create, or replace when a session existed). */
function createVerdict(scenario: ScenarioOutcome, store: PairedStore): Verdict {
  const target = 'one store round trip';
  const byMethod = outcomeOf(scenario, `sesame-${store}`)?.summary?.storeOpsByMethod ?? null;
  if (byMethod === null)
    return { scenario: scenario.scenario, store, target, measured: 'not available', met: null };
  const total = Object.values(byMethod).reduce((sum, v) => sum + v, 0);
  return {
    scenario: scenario.scenario,
    store,
    target,
    measured: describeOps(byMethod),
    met: total <= 1 + OPS_SLACK,
  };
}

/** Every target of the issue that the scenarios run can judge; `poolSize` from the options. */
export function verdicts(scenarios: readonly ScenarioOutcome[], poolSize: number): Verdict[] {
  const result: Verdict[] = [];
  for (const scenario of scenarios) {
    const id = scenario.scenario;
    if (id === 'd') continue;
    for (const store of PAIRED_STORES) {
      if (id === 'a' && (store === 'memory' || store === 'sqlite')) {
        const value = baselineRatio(scenario, `sesame-${store}`);
        result.push({
          scenario: id,
          store,
          target: `Sesame ≥ ${BASELINE_TARGET}× baseline`,
          measured: withFloor(times(value, cpuBaselineRatio(scenario, `sesame-${store}`)), scenario),
          met: value === null ? null : value >= BASELINE_TARGET,
        });
      } else {
        const value = versusRatio(scenario, store);
        result.push({
          scenario: id,
          store,
          target: `Sesame ≥ ${VERSUS_TARGET}× express-session`,
          measured: times(value, cpuVersusRatio(scenario, store)) + versusNeed(scenario, store),
          met: value === null ? null : value >= VERSUS_TARGET,
        });
      }
      if (id === 'a') result.push(readVerdict(scenario, store, poolSize));
      if (id === 'c') result.push(createVerdict(scenario, store));
    }
  }
  return result;
}
