/**
 * NIST SP 800-22 rev. 1a bit tests: monobit (frequency, §2.1) and runs (§2.3), with the
 * complementary error function their p-values need.
 *
 * @module
 */

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

/** NIST SP 800-22 §2.1: is the share of ones in `bits` compatible with 1/2? */
export function monobitTest(bits: ArrayLike<number>): number {
  const n = bits.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += bits[i] === 1 ? 1 : -1;
  return erfc(Math.abs(sum) / Math.sqrt(n) / Math.SQRT2);
}

/** NIST SP 800-22 §2.3: is the number of runs (maximal blocks of equal bits) what chance gives? */
export function runsTest(bits: ArrayLike<number>): number {
  const n = bits.length;
  let ones = 0;
  for (let i = 0; i < n; i++) ones += bits[i] ?? 0;
  const pi = ones / n;
  // §2.3.4 (2): the frequency prerequisite; when it fails the runs test is not applicable (p = 0).
  if (Math.abs(pi - 0.5) >= 2 / Math.sqrt(n)) return 0;
  let runs = 1;
  for (let k = 1; k < n; k++) if (bits[k] !== bits[k - 1]) runs++;
  const spread = 2 * pi * (1 - pi);
  return erfc(Math.abs(runs - n * spread) / (Math.SQRT2 * Math.sqrt(n) * spread));
}
