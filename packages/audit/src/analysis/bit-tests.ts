/**
 * Randomness tests on the bits of one token part, for alphabets of 16, 32 or 64 symbols where
 * every symbol stands for whole bits (hex, base32, base32hex, base64, base64url, PHP's 5- and
 * 6-bit alphabets): per bit position, the share of ones against 1/2; over the bits that vary,
 * NIST SP 800-22 rev. 1a monobit (§2.1), runs (§2.3) and serial with m = 2 (§2.11). Bits that
 * never vary (format, base64's padding bits in the last symbol) are left out.
 *
 * @module
 */
import type { Alphabet } from './alphabet.js';
import { erfc, monobitTest, runsTest } from './bit-stats.js';
import { gammaQ } from './chi-square.js';
import type { PartAnalysis, PValue } from './symbol-tests.js';

function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/** NIST SP 800-22 §2.11 with m = 2: are the 2-bit patterns as frequent as chance makes them? */
export function serialTest(bits: ArrayLike<number>): [number, number] {
  const n = bits.length;
  const pairs = [0, 0, 0, 0];
  let ones = 0;
  for (let i = 0; i < n; i++) {
    const a = bits[i] ?? 0;
    ones += a;
    // Overlapping patterns, wrapping around the end (§2.11.4 step 1).
    const pattern = (a << 1) | (bits[i + 1 < n ? i + 1 : 0] ?? 0);
    pairs[pattern] = (pairs[pattern] ?? 0) + 1;
  }
  const psi2 = (4 / n) * pairs.reduce((acc, c) => acc + c * c, 0) - n;
  const psi1 = (2 / n) * (ones * ones + (n - ones) * (n - ones)) - n;
  const psi0 = 0;
  return [gammaQ(1, (psi2 - psi1) / 2), gammaQ(0.5, (psi2 - 2 * psi1 + psi0) / 2)];
}

/**
 * Analyse one part over a power-of-two `alphabet`.
 *
 * @example
 * analyzeBitsOf(phpIds, detectAlphabet(phpIds), 1e-6).nominalBits; // 130 for 26 symbols of 5 bits
 */
export function analyzeBitsOf(values: readonly string[], alphabet: Alphabet, alpha: number): PartAnalysis {
  const width = Math.round(alphabet.bitsPerSymbol);
  const index = new Map([...alphabet.symbols].map((ch, i) => [ch, i]));
  const rows = values.map((v) => {
    const symbols = [...v];
    const bits = new Uint8Array(symbols.length * width);
    for (const [i, ch] of symbols.entries()) {
      const symbol = index.get(ch) ?? 0;
      for (let b = 0; b < width; b++) bits[i * width + b] = (symbol >> (width - 1 - b)) & 1;
    }
    return bits;
  });
  const samples = rows.length;
  const length = Math.min(...rows.map((r) => r.length));
  const varying: number[] = [];
  const ones: number[] = [];
  for (let pos = 0; pos < length; pos++) {
    let count = 0;
    for (const row of rows) count += row[pos] ?? 0;
    if (count === 0 || count === samples) continue;
    varying.push(pos);
    ones.push(count);
  }
  const pValues: PValue[] = [];
  if (varying.length === 0) return { varying: 0, nominalBits: 0, entropyBits: 0, pValues };
  let entropyBits = 0;
  let minPositionP = 1;
  const sd = Math.sqrt(samples) / 2;
  for (const count of ones) {
    const p = erfc(Math.abs(count - samples / 2) / sd / Math.SQRT2);
    minPositionP = Math.min(minPositionP, p);
    entropyBits += p >= alpha / varying.length ? 1 : binaryEntropy(count / samples);
  }
  pValues.push({ label: 'per-bit-position balance', p: Math.min(1, minPositionP * varying.length) });
  const sequence = new Uint8Array(samples * varying.length);
  let k = 0;
  for (const row of rows) for (const pos of varying) sequence[k++] = row[pos] ?? 0;
  if (sequence.length >= 100) {
    pValues.push({ label: 'monobit', p: monobitTest(sequence) });
    let set = 0;
    for (const bit of sequence) set += bit;
    const pi = set / sequence.length;
    // §2.3.4: runs presumes balanced bits; an imbalance is monobit's to report.
    if (Math.abs(pi - 0.5) < 2 / Math.sqrt(sequence.length))
      pValues.push({ label: 'runs', p: runsTest(sequence) });
    const [p1, p2] = serialTest(sequence);
    pValues.push({ label: 'serial (2-bit patterns)', p: Math.min(1, 2 * Math.min(p1, p2)) });
  }
  return { varying: varying.length, nominalBits: varying.length, entropyBits, pValues };
}
