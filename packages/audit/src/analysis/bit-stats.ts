/**
 * Statistics over the bits of many tokens. Estimated entropy counts, per bit position, how close
 * the share of ones is to 1/2 (an upper bound: it cannot see correlations, so a hash of a counter
 * looks random). Monobit (frequency) and runs tests follow NIST SP 800-22 rev. 1a §2.1 and §2.3,
 * over the positions that vary, with the strict significance of FIPS 140-2's power-up tests.
 *
 * @module
 */

/** Below this p-value a test fails: about the 4-sigma bounds of FIPS 140-2's monobit test. */
export const SIGNIFICANCE = 1e-4;

/** What the bits of a token sample say. */
export interface BitAnalysis {
  samples: number;
  /** Bits per token analysed (the shortest token's length). */
  bitsPerToken: number;
  /** Positions that are not the same in every sample. */
  varyingBits: number;
  /** Sum over positions of the binary entropy of the share of ones (full bit when within 4 sigma of 1/2). */
  estimatedEntropyBits: number;
  /** NIST SP 800-22 §2.1 p-value, or `null` with too few varying bits. */
  monobitP: number | null;
  /** NIST SP 800-22 §2.3 p-value, or `null` with too few varying bits. */
  runsP: number | null;
}

/** Complementary error function (Numerical Recipes `erfcc`, fractional error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

function bitAt(bytes: Uint8Array, position: number): number {
  return ((bytes[position >> 3] ?? 0) >> (7 - (position & 7))) & 1;
}

/** NIST SP 800-22 §2.1: is the share of ones in `bits` compatible with 1/2? */
export function monobitTest(bits: readonly number[]): number {
  const n = bits.length;
  const sum = bits.reduce((acc, b) => acc + (b === 1 ? 1 : -1), 0);
  return erfc(Math.abs(sum) / Math.sqrt(n) / Math.SQRT2);
}

/** NIST SP 800-22 §2.3: is the number of runs (maximal blocks of equal bits) what chance gives? */
export function runsTest(bits: readonly number[]): number {
  const n = bits.length;
  const pi = bits.reduce((acc, b) => acc + b, 0) / n;
  // §2.3.4 (2): the frequency prerequisite; when it fails the runs test is not applicable (p = 0).
  if (Math.abs(pi - 0.5) >= 2 / Math.sqrt(n)) return 0;
  let runs = 1;
  for (let k = 1; k < n; k++) if (bits[k] !== bits[k - 1]) runs++;
  const spread = 2 * pi * (1 - pi);
  return erfc(Math.abs(runs - n * spread) / (Math.SQRT2 * Math.sqrt(n) * spread));
}

/**
 * Analyse decoded tokens (at least two).
 *
 * @example
 * analyzeBits(tokens.map((t) => Buffer.from(t, 'hex'))).estimatedEntropyBits;
 */
export function analyzeBits(tokens: readonly Uint8Array[]): BitAnalysis {
  const samples = tokens.length;
  const bitsPerToken = Math.min(...tokens.map((t) => t.length)) * 8;
  const tolerance = 4 * (0.5 / Math.sqrt(samples));
  const varying: number[] = [];
  let estimatedEntropyBits = 0;
  for (let position = 0; position < bitsPerToken; position++) {
    let ones = 0;
    for (const token of tokens) ones += bitAt(token, position);
    if (ones === 0 || ones === samples) continue;
    varying.push(position);
    const p = ones / samples;
    estimatedEntropyBits += Math.abs(p - 0.5) <= tolerance ? 1 : binaryEntropy(p);
  }
  const sequence: number[] = [];
  for (const token of tokens) for (const position of varying) sequence.push(bitAt(token, position));
  const enough = sequence.length >= 100;
  return {
    samples,
    bitsPerToken,
    varyingBits: varying.length,
    estimatedEntropyBits: Math.round(estimatedEntropyBits * 10) / 10,
    monobitP: enough ? monobitTest(sequence) : null,
    runsP: enough ? runsTest(sequence) : null,
  };
}
