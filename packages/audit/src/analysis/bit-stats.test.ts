import { describe, expect, it } from 'vitest';
import { erfc, monobitTest, runsTest } from './bit-stats.js';

describe('erfc', () => {
  it.each([
    [0, 1],
    [0.5, 0.4795001],
    [1, 0.1572992],
    [2, 0.0046777],
    [-1, 1.8427008],
  ])('erfc(%d) ≈ %d', (x, expected) => {
    expect(erfc(x)).toBeCloseTo(expected, 6);
  });
});

describe('NIST SP 800-22 tests', () => {
  // The worked example of SP 800-22 rev. 1a §2.1.8 and §2.3.8: ε = 1100100100001111110110101010001000100001011010001100001000110100110001001100011001100010100010111000 (n = 100).
  const example = [
    ...'1100100100001111110110101010001000100001011010001100001000110100110001001100011001100010100010111000',
  ].map(Number);

  it('monobit matches the published example (p = 0.109599)', () => {
    expect(monobitTest(example)).toBeCloseTo(0.109599, 5);
  });

  it('runs matches the published example (p = 0.500798)', () => {
    expect(runsTest(example)).toBeCloseTo(0.500798, 5);
  });

  it('flags all-ones and strictly alternating bits', () => {
    expect(monobitTest(Array<number>(1000).fill(1))).toBeLessThan(1e-6);
    expect(runsTest(Array.from({ length: 1000 }, (_, i) => i % 2))).toBeLessThan(1e-6);
  });
});
