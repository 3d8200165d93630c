/**
 * Issue 12's target: the express-session layer at least 1.5× express-session's requests per second
 * on the same store in (a), (b) and (c). It is judged on the repetitions measured side by side
 * (run-order.ts): the median of the per-repetition ratios, shown with their range, and beside it
 * the ratio of the medians and of server CPU time per request. Pure, tested in layer-verdict.test.ts.
 *
 * @module
 */
import type { ScenarioOutcome } from './results.js';
import { pairedRatio, type Spread } from './stats.js';
import { PAIRED_STORES, type PairedStore, type VariantId } from './variants.js';
import { cpuLayerVersusRatio, layerVersusRatio, outcomeOf, ratioText as x, type Verdict } from './verdict.js';

export const LAYER_TARGET = 1.5;

/** Req/s of `id` over express-session on `store`, repetition by repetition, or `null`. */
export function pairedOverLegacy(
  scenario: ScenarioOutcome,
  id: VariantId,
  store: PairedStore,
): Spread | null {
  const variant = outcomeOf(scenario, id);
  const legacy = outcomeOf(scenario, `express-session-${store}`);
  if (variant === null || legacy === null) return null;
  const rate = (runs: typeof variant.runs): number[] => runs.map((run) => run.wrk.requestsPerS);
  return pairedRatio(rate(variant.runs), rate(legacy.runs));
}

/** One verdict per scenario (a)–(c) and store the run has the layer and express-session for. */
export function layerVerdicts(scenarios: readonly ScenarioOutcome[]): Verdict[] {
  const result: Verdict[] = [];
  for (const scenario of scenarios) {
    if (scenario.scenario === 'd') continue;
    for (const store of PAIRED_STORES) {
      if (!scenario.variants.some((v) => v.variant === `layer-${store}`)) continue;
      const paired = pairedOverLegacy(scenario, `layer-${store}`, store);
      result.push({
        scenario: scenario.scenario,
        store,
        target: `layer ≥ ${LAYER_TARGET}× express-session`,
        measured:
          paired === null
            ? 'not available'
            : `${x(paired.median)} (${paired.count} repetitions, ${x(paired.low)}–${x(paired.high)}; ratio of medians ${x(layerVersusRatio(scenario, store))}; CPU time ${x(cpuLayerVersusRatio(scenario, store))})`,
        met: paired === null ? null : paired.median >= LAYER_TARGET,
      });
    }
  }
  return result;
}
