import { describe, expect, it } from 'vitest';
import { layerVerdicts, pairedOverLegacy } from './layer-verdict.js';
import { measurement } from './measurement-fixture.js';
import type { ScenarioOutcome, VariantOutcome } from './results.js';
import { median } from './stats.js';
import type { VariantId } from './variants.js';

/** A variant with one run per repetition at the given rates, summarised as the report does. */
function ok(variant: VariantId, rates: number[]): VariantOutcome {
  return {
    variant,
    status: 'ok',
    reason: null,
    runs: rates.map((requestsPerS) => measurement({ requestsPerS })),
    summary: {
      requestsPerS: median(rates) ?? 0,
      p50Ms: 1,
      p99Ms: 2,
      cpuUsPerRequest: 1e6 / (median(rates) ?? 1),
      rssMb: 100,
      storeOpsPerRequest: null,
      storeOpsByMethod: {},
      backendOpsPerRequest: null,
      backendOpsByName: {},
      failures: 0,
    },
  };
}

// The machine slows down from one repetition to the next; each pair stays 1.6× apart.
const drifting: ScenarioOutcome = {
  scenario: 'b',
  variants: [
    ok('layer-postgres', [3200, 2400, 1600, 1200, 800]),
    ok('express-session-postgres', [2000, 1500, 1000, 750, 500]),
    ok('layer-memory', [5000, 5000, 5000]),
    ok('express-session-memory', [3500, 3500, 3500]),
  ],
};

describe('layer verdict (issue 12)', () => {
  it('pairs the repetitions, so a drift between them does not move the ratio', () => {
    const paired = pairedOverLegacy(drifting, 'layer-postgres', 'postgres');
    expect(paired?.median).toBeCloseTo(1.6);
    expect(paired?.count).toBe(5);
  });

  it('is met at 1.5× and missed below, per store, and names the range and the ratio of medians', () => {
    const judged = layerVerdicts([drifting]);
    expect(judged.map((v) => [v.store, v.met])).toEqual([
      ['memory', false],
      ['postgres', true],
    ]);
    expect(judged[0]?.measured).toMatch(/^1\.43× \(3 repetitions, 1\.43×–1\.43×; ratio of medians 1\.43×/);
  });

  it('judges nothing for (d), skips stores the run left out, and says when a side is missing', () => {
    const d: ScenarioOutcome = { ...drifting, scenario: 'd' };
    expect(layerVerdicts([d])).toEqual([]);
    const alone: ScenarioOutcome = { scenario: 'a', variants: [ok('layer-sqlite', [100])] };
    expect(layerVerdicts([alone])).toEqual([
      {
        scenario: 'a',
        store: 'sqlite',
        target: 'layer ≥ 1.5× express-session',
        measured: 'not available',
        met: null,
      },
    ]);
  });
});
