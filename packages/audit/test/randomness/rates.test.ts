/**
 * False-failure and detection rates of the token-randomness verdict (issue 14). Fair samples:
 * every alphabet at two lengths, plus the byte formats real sites use, at 100 tokens (the fewest
 * the check judges) and 300 (the default), drawn with crypto.randomInt / randomBytes. Weak
 * samples: counters, timestamps, Math.random-style, short, biased and patterned tokens. The
 * table is printed; the target is no false failure, and every weak sample caught at 300 tokens.
 */
import { describe, expect, it } from 'vitest';
import { assessTokens, FAMILY_ALPHA } from '../../src/analysis/randomness.js';
import type { Generator } from './generators.js';
import { ALPHABETS, FAIR_BYTES, fair, MILD, WEAK } from './generators.js';

const SIZES = [100, 300] as const;
const FAIR_TRIALS = 20;
const WEAK_TRIALS = 10;

/** Lengths per alphabet: the shortest with at least 128 bits, and a longer one. */
const LENGTHS: Record<keyof typeof ALPHABETS, [number, number]> = {
  hex: [32, 64],
  base32: [26, 52],
  'base32hex/PHP 5-bit': [26, 32],
  'base36/Django': [25, 32],
  base62: [22, 32],
  base64url: [22, 43],
  base64: [22, 43],
  'PHP 6-bit': [22, 32],
  'letters [A-Za-z]': [23, 32],
};

const FAIR: [string, (seed: number) => Generator][] = [
  ...Object.entries(LENGTHS).flatMap(([name, lengths]) =>
    lengths.map((length): [string, (seed: number) => Generator] => [
      `${name} × ${length}`,
      () => fair(ALPHABETS[name as keyof typeof ALPHABETS], length),
    ]),
  ),
  ...Object.entries(FAIR_BYTES).map(([name, make]): [string, (seed: number) => Generator] => [
    name,
    () => make,
  ]),
];

/** Failed samples out of `trials`, per sample size, and the first findings seen. */
interface Row {
  generator: string;
  failed: Record<(typeof SIZES)[number], number>;
  example: string;
}

function measure(generator: string, make: (seed: number) => Generator, trials: number): Row {
  const row: Row = { generator, failed: { 100: 0, 300: 0 }, example: '' };
  for (const size of SIZES) {
    for (let trial = 1; trial <= trials; trial++) {
      const { findings } = assessTokens(make(trial * 1000 + size)(size));
      if (findings.length === 0) continue;
      row.failed[size] += 1;
      row.example ||= `${size} tokens: ${findings.join('; ')}`;
    }
  }
  return row;
}

function table(title: string, rows: readonly Row[], trials: number): string {
  const pct = (n: number): string => `${((n / trials) * 100).toFixed(0)}%`.padStart(6);
  const header = `  ${'generator'.padEnd(52)} ${'100 tok'.padStart(8)} ${'300 tok'.padStart(8)}`;
  const lines = rows.map(
    (r) => `  ${r.generator.padEnd(52)} ${pct(r.failed[100]).padStart(8)} ${pct(r.failed[300]).padStart(8)}`,
  );
  return [title, header, ...lines].join('\n');
}

const total = (rows: readonly Row[]): number => rows.reduce((a, r) => a + r.failed[100] + r.failed[300], 0);

describe('token-randomness rates', () => {
  it(`no fair sample fails (family-wise alpha ${FAMILY_ALPHA}, Bonferroni over the tests)`, () => {
    const rows = FAIR.map(([name, make]) => measure(name, make, FAIR_TRIALS));
    const samples = rows.length * SIZES.length * FAIR_TRIALS;
    console.log(
      table(`false-failure rate: ${total(rows)}/${samples} CSPRNG samples failed`, rows, FAIR_TRIALS),
    );
    expect(rows.filter((r) => r.example !== '').map((r) => `${r.generator}: ${r.example}`)).toEqual([]);
  }, 120_000);

  it('every weak sample fails at 300 tokens (and at 100, but for a mild bias)', () => {
    const rows = Object.entries({ ...WEAK, ...MILD }).map(([name, make]) => measure(name, make, WEAK_TRIALS));
    const samples = rows.length * SIZES.length * WEAK_TRIALS;
    console.log(table(`detection rate: ${total(rows)}/${samples} weak samples failed`, rows, WEAK_TRIALS));
    const missed = rows.filter(
      (r) => r.failed[300] < WEAK_TRIALS || (r.generator in WEAK && r.failed[100] < WEAK_TRIALS),
    );
    expect(missed.map((r) => r.generator)).toEqual([]);
  }, 120_000);
});
