import { describe, expect, it } from 'vitest';
import { chiSquareFit, chiSquareP, gammaQ, lnGamma } from './chi-square.js';

describe('lnGamma', () => {
  it.each([
    [1, 0],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [10, Math.log(362_880)],
    [100.5, 361.4355404677776],
  ])('lnGamma(%d)', (x, expected) => {
    expect(lnGamma(x)).toBeCloseTo(expected, 9);
  });
});

describe('chi-square p-values', () => {
  // Critical values from the NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.4.
  it.each([
    [3.841, 1, 0.05],
    [6.635, 1, 0.01],
    [18.307, 10, 0.05],
    [124.342, 100, 0.05],
    [135.807, 100, 0.01],
  ])('chi2 = %d with %d df has p ≈ %d', (statistic, df, p) => {
    expect(chiSquareP(statistic, df)).toBeCloseTo(p, 3);
  });

  it('Q(1, x) = e^-x', () => {
    expect(gammaQ(1, 3)).toBeCloseTo(Math.exp(-3), 12);
  });

  it('tells a fair die from a loaded one', () => {
    expect(chiSquareFit([100, 98, 105, 97, 101, 99])).toBeGreaterThan(0.9);
    expect(chiSquareFit([200, 60, 60, 60, 60, 60])).toBeLessThan(1e-20);
  });
});
