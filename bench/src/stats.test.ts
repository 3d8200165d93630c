import { describe, expect, it } from 'vitest';
import { deltaCounts, median, pairedRatio, perRequest, ratio, total } from './stats.js';
import { measurement } from './measurement-fixture.js';
import { summarize } from './summarize.js';
import type { Measurement } from './results.js';

describe('median', () => {
  it('takes the middle of an odd count, in any order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('ignores non-finite values and is null for none', () => {
    expect(median([Number.NaN, 7, Infinity])).toBe(7);
    expect(median([])).toBeNull();
  });
});

describe('ratio and perRequest', () => {
  it('divides by a positive reference only', () => {
    expect(ratio(850, 1000)).toBe(0.85);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 1000)).toBeNull();
    expect(ratio(5, null)).toBeNull();
  });
  it('is null per request when nothing was served', () => {
    expect(perRequest(10, 0)).toBeNull();
    expect(perRequest(200, 100)).toBe(2);
  });
});

describe('pairedRatio', () => {
  it('divides run i by run i and takes the median, not the ratio of the medians', () => {
    // The machine slowed down between repetitions: each pair is 1.5×, the medians say 1.2×.
    const a = [3000, 1500, 1200];
    const b = [2000, 1000, 800];
    expect(pairedRatio(a, b)).toEqual({ median: 1.5, low: 1.5, high: 1.5, count: 3 });
    expect(ratio(median([3000, 1500, 900]), median([2000, 1250, 800]))).toBeCloseTo(1.2);
  });
  it('keeps the lowest and highest, pairs only repetitions both have, and skips a zero reference', () => {
    expect(pairedRatio([2, 3, 4, 9], [1, 2, 0])).toEqual({ median: 1.75, low: 1.5, high: 2, count: 2 });
    expect(pairedRatio([1], [0])).toBeNull();
    expect(pairedRatio([], [])).toBeNull();
  });
});

describe('deltaCounts and total', () => {
  it('subtracts per key, counting missing keys from 0 and dropping unchanged ones', () => {
    expect(deltaCounts({ get: 10, set: 4 }, { get: 25, set: 4, touch: 3 })).toEqual({ get: 15, touch: 3 });
    expect(total({ get: 15, touch: 3 })).toBe(18);
  });
});

function run(
  requestsPerS: number,
  p50Ms: number,
  served: number,
  storeCalls: Record<string, number>,
): Measurement {
  return measurement({ requestsPerS, p50Ms, p99Ms: p50Ms * 4, served, cpuUs: served * 100, storeCalls });
}

describe('summarize', () => {
  it('takes medians of rates and latencies, and pools operations over all runs', () => {
    const summary = summarize(
      [
        run(1000, 5, 5000, { get: 5000 }),
        run(3000, 2, 15_000, { get: 15_000, touch: 150 }),
        run(2000, 3, 10_000, { get: 10_000 }),
      ],
      true,
    );
    expect(summary?.requestsPerS).toBe(2000);
    expect(summary?.p50Ms).toBe(3);
    expect(summary?.storeOpsPerRequest).toBeCloseTo(30_150 / 30_000, 9);
    expect(summary?.storeOpsByMethod).toEqual({ get: 1, touch: 0.005 });
    expect(summary?.cpuUsPerRequest).toBe(100);
  });

  it('leaves store operations out for variants without a store', () => {
    expect(summarize([run(1000, 5, 5000, {})], false)?.storeOpsPerRequest).toBeNull();
  });
});
