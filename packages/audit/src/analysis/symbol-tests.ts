/**
 * Randomness tests on the symbols of one token part, for alphabets whose size is not a power of
 * two (base36, base62, restricted ones), where single bits mean nothing: Pearson chi-square of
 * the symbol frequencies against the uniform distribution over the alphabet, the same per
 * position, and a serial test on adjacent pairs (Knuth, TAOCP vol. 2 §3.3.2 B). Cells are merged
 * until each expects at least 10 draws, so the chi-square approximation holds in the tail.
 *
 * @module
 */
import type { Alphabet } from './alphabet.js';
import { chiSquareFit } from './chi-square.js';

/** One test's p-value, already corrected for the positions it covers (Bonferroni). */
export interface PValue {
  label: string;
  p: number;
}

/** What the tests of one token part found. */
export interface PartAnalysis {
  /** Positions (symbols or bits) that are not the same in every sample. */
  varying: number;
  /** What the varying positions could carry at most. */
  nominalBits: number;
  /** Entropy estimate: full for positions consistent with uniform, plug-in Shannon otherwise. */
  entropyBits: number;
  pValues: PValue[];
}

const MIN_EXPECTED = 10;

/** Cell of `index` when `size` symbols are merged into `cells` (near-)equal groups. */
const cellOf = (index: number, size: number, cells: number): number => Math.floor((index * cells) / size);

function merged(counts: readonly number[], cells: number): { counts: number[]; probabilities: number[] } {
  const size = counts.length;
  const out = Array<number>(cells).fill(0);
  const widths = Array<number>(cells).fill(0);
  for (const [index, count] of counts.entries()) {
    const cell = cellOf(index, size, cells);
    out[cell] = (out[cell] ?? 0) + count;
    widths[cell] = (widths[cell] ?? 0) + 1;
  }
  return { counts: out, probabilities: widths.map((w) => w / size) };
}

/** Shannon entropy (bits) of observed counts. */
export function plugInEntropy(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  let bits = 0;
  for (const c of counts) if (c > 0) bits -= (c / total) * Math.log2(c / total);
  return bits;
}

/**
 * Analyse one part (`values[t]` for token `t`) over `alphabet`; positions whose p-value is below
 * `alpha` (after correction) count with their plug-in entropy instead of full.
 *
 * @example
 * analyzeSymbols(djangoKeys, detectAlphabet(djangoKeys), 1e-6).entropyBits; // about 165
 */
export function analyzeSymbols(values: readonly string[], alphabet: Alphabet, alpha: number): PartAnalysis {
  const size = alphabet.symbols.length;
  const index = new Map([...alphabet.symbols].map((ch, i) => [ch, i]));
  const rows = values.map((v) => [...v].map((ch) => index.get(ch) ?? 0));
  const samples = rows.length;
  const length = Math.min(...rows.map((r) => r.length));
  const perPosition: number[][] = Array.from({ length }, (_, pos) => {
    const counts = Array<number>(size).fill(0);
    for (const row of rows) counts[row[pos] ?? 0] = (counts[row[pos] ?? 0] ?? 0) + 1;
    return counts;
  });
  const varying = perPosition.flatMap((counts, pos) => (counts.some((c) => c === samples) ? [] : [pos]));
  const pValues: PValue[] = [];
  if (varying.length === 0) return { varying: 0, nominalBits: 0, entropyBits: 0, pValues };

  const total = Array<number>(size).fill(0);
  for (const pos of varying)
    for (const [s, c] of (perPosition[pos] ?? []).entries()) total[s] = (total[s] ?? 0) + c;
  pValues.push({ label: `symbol frequency over ${size} symbols`, p: chiSquareFit(total) });

  const cells = Math.min(size, Math.floor(samples / MIN_EXPECTED));
  let entropyBits = 0;
  let minPositionP = 1;
  for (const pos of varying) {
    const counts = perPosition[pos] ?? [];
    const cellCounts = merged(counts, cells);
    const p = cells >= 2 ? chiSquareFit(cellCounts.counts, cellCounts.probabilities) : 0;
    minPositionP = Math.min(minPositionP, p);
    entropyBits += p >= alpha / varying.length ? alphabet.bitsPerSymbol : plugInEntropy(counts);
  }
  if (cells >= 2)
    pValues.push({ label: 'per-position frequency', p: Math.min(1, minPositionP * varying.length) });

  // Non-overlapping pairs of neighbouring varying positions are independent under the null.
  const pairs = Math.floor(varying.length / 2) * samples;
  const pairCells = Math.min(size, Math.floor(Math.sqrt(pairs / MIN_EXPECTED)));
  if (pairCells >= 2) {
    const counts = Array<number>(pairCells * pairCells).fill(0);
    for (const row of rows) {
      for (let j = 0; j + 1 < varying.length; j += 2) {
        const a = cellOf(row[varying[j] ?? 0] ?? 0, size, pairCells);
        const b = cellOf(row[varying[j + 1] ?? 0] ?? 0, size, pairCells);
        counts[a * pairCells + b] = (counts[a * pairCells + b] ?? 0) + 1;
      }
    }
    const single = merged(Array<number>(size).fill(1), pairCells).probabilities;
    const probabilities = single.flatMap((pa) => single.map((pb) => pa * pb));
    pValues.push({ label: 'adjacent pairs', p: chiSquareFit(counts, probabilities) });
  }
  return {
    varying: varying.length,
    nominalBits: varying.length * alphabet.bitsPerSymbol,
    entropyBits,
    pValues,
  };
}
