import { describe, expect, it } from 'vitest';
import { measurement } from './measurement-fixture.js';
import type { ScenarioOutcome, VariantOutcome } from './results.js';
import {
  baselineRatio,
  cpuOverLegacy,
  layerVersusRatio,
  overLegacy,
  verdicts,
  versusRatio,
} from './verdict.js';
import type { VariantId } from './variants.js';

function ok(
  variant: VariantId,
  requestsPerS: number,
  storeOpsByMethod: Record<string, number> = {},
): VariantOutcome {
  const ops = Object.values(storeOpsByMethod).reduce((a, b) => a + b, 0);
  return {
    variant,
    status: 'ok',
    reason: null,
    // One 3 s run of 10 000 requests whose store calls match the per-request figures.
    runs: [
      measurement({
        requestsPerS,
        storeCalls: Object.fromEntries(
          Object.entries(storeOpsByMethod).map(([name, v]) => [name, v * 10_000]),
        ),
      }),
    ],
    summary: {
      requestsPerS,
      p50Ms: 1,
      p99Ms: 2,
      cpuUsPerRequest: 1e6 / requestsPerS,
      rssMb: 100,
      storeOpsPerRequest: ops,
      storeOpsByMethod,
      backendOpsPerRequest: null,
      backendOpsByName: {},
      failures: 0,
    },
  };
}

const missing: VariantOutcome = {
  variant: 'sesame-postgres',
  status: 'not available',
  reason: 'sesame-session/stores/postgres cannot be loaded',
  runs: [],
  summary: null,
};

const scenarioA: ScenarioOutcome = {
  scenario: 'a',
  variants: [
    ok('baseline', 10_000),
    ok('sesame-memory', 9_000, { get: 1 }),
    ok('express-session-memory', 4_000, { get: 1, touch: 1 }),
    ok('sesame-sqlite', 8_000, { get: 1, touch: 0.01 }),
    ok('sesame-redis', 6_000, { get: 1 }),
    ok('express-session-redis', 3_500, { get: 1, touch: 1 }),
    missing,
  ],
};

describe('ratios', () => {
  it('divides by the baseline and by express-session of the same scenario', () => {
    expect(baselineRatio(scenarioA, 'sesame-memory')).toBe(0.9);
    expect(versusRatio(scenarioA, 'memory')).toBe(2.25);
    expect(versusRatio(scenarioA, 'postgres')).toBeNull();
  });
});

describe('verdicts', () => {
  const result = verdicts([scenarioA], 1000);
  const find = (store: string, target: RegExp) =>
    result.find((v) => v.store === store && target.test(v.target));

  it('judges (a) on memory and SQLite against 0.85× baseline', () => {
    expect(find('memory', /baseline/)?.met).toBe(true);
    expect(find('sqlite', /baseline/)?.met).toBe(false);
  });

  it('judges (a) on Redis and PostgreSQL against 2× express-session, unjudged when missing', () => {
    expect(find('redis', /express-session/)?.met).toBe(false);
    expect(find('postgres', /express-session/)?.met).toBeNull();
    expect(find('postgres', /express-session/)?.measured).toBe('not available');
  });

  it('says what 2× express-session asks of Sesame, and when no session layer could do it', () => {
    expect(find('redis', /express-session/)?.measured).toMatch(/; needs 0\.70× baseline$/);
    const fast: ScenarioOutcome = {
      scenario: 'b',
      variants: [
        ok('baseline', 10_000),
        ok('async-floor', 8_500),
        ok('sesame-memory', 8_000, { get: 1, applyDelta: 1 }),
        ok('express-session-memory', 6_000, { get: 1, set: 1 }),
        ok('sesame-sqlite', 5_000, { get: 1, applyDelta: 1 }),
        ok('express-session-sqlite', 4_500, { get: 1, set: 1 }),
      ],
    };
    const judged = verdicts([fast], 1000);
    const measured = (store: string) =>
      judged.find((v) => v.store === store && /express-session/.test(v.target))?.measured;
    expect(measured('memory')).toMatch(/needs 1\.20× baseline, more than the app without sessions$/);
    expect(measured('sqlite')).toMatch(/needs 0\.90× baseline, more than the async floor \(0\.85×\)$/);
  });

  it('says when not even the store calls alone could reach 2× express-session on that store', () => {
    const bounded: ScenarioOutcome = {
      scenario: 'b',
      variants: [
        ok('baseline', 10_000),
        ok('async-floor', 9_000),
        ok('store-floor-postgres', 4_000, { get: 1, applyDelta: 1 }),
        ok('sesame-postgres', 4_200, { get: 1, applyDelta: 1 }),
        ok('layer-postgres', 4_100, { get: 1, applyDelta: 1 }),
        ok('express-session-postgres', 2_500, { get: 1, set: 1 }),
      ],
    };
    const postgres = verdicts([bounded], 1000).find(
      (v) => v.store === 'postgres' && /express-session/.test(v.target),
    );
    expect(postgres?.measured).toMatch(/needs 0\.50× baseline, more than the store floor \(0\.40×\)$/);
    expect(postgres?.met).toBe(false);
    expect(overLegacy(bounded, 'store-floor-postgres', 'postgres')).toBe(1.6);
    expect(cpuOverLegacy(bounded, 'store-floor-postgres', 'postgres')).toBeCloseTo(1.6);
    expect(layerVersusRatio(bounded, 'postgres')).toBe(1.64);
    expect(overLegacy(bounded, 'store-floor-redis', 'redis')).toBeNull();
  });

  it('accepts a rare touch but not a write on every request', () => {
    expect(find('sqlite', /one store read/)?.met).toBe(true);
    const writes: ScenarioOutcome = {
      scenario: 'a',
      variants: [ok('baseline', 10_000), ok('sesame-memory', 9_000, { get: 1, touch: 1 })],
    };
    expect(
      verdicts([writes], 1000).find((v) => v.store === 'memory' && /one store read/.test(v.target))?.met,
    ).toBe(false);
  });

  it('counts creation as one round trip only when nothing else is called', () => {
    const c: ScenarioOutcome = {
      scenario: 'c',
      variants: [
        ok('baseline', 10_000),
        ok('sesame-memory', 8_000, { create: 1, listByUser: 1 }),
        ok('express-session-memory', 3_000, { destroy: 1, set: 1 }),
      ],
    };
    const judged = verdicts([c], 1000);
    expect(judged.find((v) => v.store === 'memory' && /round trip/.test(v.target))?.met).toBe(false);
    expect(judged.find((v) => v.store === 'memory' && /express-session/.test(v.target))?.met).toBe(true);
  });
});
