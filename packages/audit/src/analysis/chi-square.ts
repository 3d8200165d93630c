/**
 * Pearson's chi-square goodness-of-fit test and the distribution function behind it: the upper
 * regularized incomplete gamma function Q(a, x), by its series or continued fraction (Numerical
 * Recipes §6.2), with Lanczos' log-gamma. Used to test whether symbols are uniform over a token's
 * alphabet (Knuth, TAOCP vol. 2 §3.3.1).
 *
 * @module
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-13). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = 0.99999999999980993;
  for (const [i, c] of LANCZOS.entries()) sum += c / (z + i + 1);
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-15;
const MAX_ITERATIONS = 100_000;

/** Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    // Series for P(a, x), then Q = 1 − P.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * Math.exp(front));
  }
  // Continued fraction for Q (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.min(1, Math.exp(front) * h);
}

/** Upper-tail p-value of a chi-square statistic with `df` degrees of freedom. */
export function chiSquareP(statistic: number, df: number): number {
  return df <= 0 ? 1 : gammaQ(df / 2, statistic / 2);
}

/**
 * Goodness of fit of `counts` to the probabilities `probabilities` (uniform when omitted).
 *
 * @example
 * chiSquareFit([98, 102, 100, 100]); // p close to 1: consistent with uniform
 */
export function chiSquareFit(counts: readonly number[], probabilities?: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || counts.length < 2) return 1;
  let statistic = 0;
  let cells = 0;
  for (const [i, observed] of counts.entries()) {
    const p = probabilities?.[i] ?? 1 / counts.length;
    if (p <= 0) {
      if (observed > 0) return 0;
      continue;
    }
    const expected = total * p;
    statistic += (observed - expected) ** 2 / expected;
    cells += 1;
  }
  return chiSquareP(statistic, cells - 1);
}
