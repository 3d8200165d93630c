import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['90s', 90_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['7d', 604_800_000],
    [1500, 1500],
  ])('%j is %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '30', '-5m', '0s', 'm', '5 minutes', '1e3s', Number.NaN, -1, 0, Infinity, null, {}])(
    '%j is not a duration',
    (input) => {
      expect(parseDuration(input)).toBeNull();
    },
  );
});
