import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeBits, erfc, monobitTest, runsTest, SIGNIFICANCE } from './bit-stats.js';

const tokens = (n: number, make: (i: number) => Buffer): Buffer[] =>
  Array.from({ length: n }, (_, i) => make(i));

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
    expect(monobitTest(Array<number>(1000).fill(1))).toBeLessThan(SIGNIFICANCE);
    expect(runsTest(Array.from({ length: 1000 }, (_, i) => i % 2))).toBeLessThan(SIGNIFICANCE);
  });
});

describe('analyzeBits', () => {
  it('sees CSPRNG tokens as full entropy with unremarkable p-values', () => {
    const result = analyzeBits(tokens(300, () => randomBytes(32)));
    expect(result.bitsPerToken).toBe(256);
    expect(result.estimatedEntropyBits).toBeGreaterThan(250);
    expect(result.monobitP).toBeGreaterThan(SIGNIFICANCE);
    expect(result.runsP).toBeGreaterThan(SIGNIFICANCE);
  });

  it('sees a long counter as a few bits, however long the token', () => {
    const result = analyzeBits(tokens(300, (i) => Buffer.from(i.toString(16).padStart(40, '0'), 'hex')));
    expect(result.bitsPerToken).toBe(160);
    expect(result.varyingBits).toBe(9);
    expect(result.estimatedEntropyBits).toBeLessThan(10);
  });

  it('ignores constant bits (format bytes) in the statistics', () => {
    const result = analyzeBits(tokens(300, () => Buffer.concat([Buffer.from('v1::'), randomBytes(16)])));
    expect(result.varyingBits).toBeLessThanOrEqual(128);
    expect(result.monobitP).toBeGreaterThan(SIGNIFICANCE);
  });
});
