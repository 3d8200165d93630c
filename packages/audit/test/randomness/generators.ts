/**
 * Token generators for the randomness rates: fair ones that draw every symbol with
 * `crypto.randomInt` (a CSPRNG, never seeded) in each alphabet at several lengths, and known-weak
 * ones (counters, timestamps, Math.random-style, short, biased, patterned). The weak ones that
 * need a PRNG use a seeded xorshift128+ (the algorithm behind V8's Math.random), so their
 * samples, and so the detection rate, are the same on every run.
 *
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto';

/** Makes one sample of `count` tokens. */
export type Generator = (count: number) => string[];

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const ALPHABETS = {
  hex: `${DIGITS}abcdef`,
  base32: `${UPPER}234567`,
  'base32hex/PHP 5-bit': `${DIGITS}${LOWER.slice(0, 22)}`,
  'base36/Django': `${DIGITS}${LOWER}`,
  base62: `${DIGITS}${UPPER}${LOWER}`,
  base64url: `${UPPER}${LOWER}${DIGITS}-_`,
  base64: `${UPPER}${LOWER}${DIGITS}+/`,
  'PHP 6-bit': `${DIGITS}${LOWER}${UPPER},-`,
  'letters [A-Za-z]': `${UPPER}${LOWER}`,
} as const;

const drawn = (symbols: string, length: number): string =>
  Array.from({ length }, () => symbols.charAt(randomInt(symbols.length))).join('');

/** `count` tokens of `length` symbols, each drawn uniformly with crypto.randomInt. */
export const fair =
  (symbols: string, length: number): Generator =>
  (count) =>
    Array.from({ length: count }, () => drawn(symbols, length));

/** Byte-oriented formats real sites use: randomBytes encoded (padding bits and `=` included). */
export const FAIR_BYTES: Record<string, Generator> = {
  'randomBytes(16) hex': (n) => Array.from({ length: n }, () => randomBytes(16).toString('hex')),
  'randomBytes(16) base64url (22, 4 padding bits)': (n) =>
    Array.from({ length: n }, () => randomBytes(16).toString('base64url')),
  'randomBytes(32) base64 with =': (n) => Array.from({ length: n }, () => randomBytes(32).toString('base64')),
  'Sesame <id>.<secret>': (n) =>
    Array.from(
      { length: n },
      () => `${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
    ),
  'PHP percent-encoded 6-bit (%2C)': (n) =>
    fair(ALPHABETS['PHP 6-bit'], 32)(n).map((t) => t.replaceAll(',', '%2C')),
};

/** xorshift128+ as in V8's Math.random, seeded: a double in [0, 1). */
export function seededMathRandom(seed: number): () => number {
  let s0 = BigInt(seed) | 1n;
  let s1 = BigInt(seed * 7919 + 1) | 1n;
  const mask = (1n << 64n) - 1n;
  return () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= (x << 23n) & mask;
    x ^= x >> 17n;
    x ^= y;
    x ^= y >> 26n;
    s1 = x;
    return Number((s0 >> 12n) & ((1n << 52n) - 1n)) / 2 ** 52;
  };
}

/** Known-weak generators; `seed` makes each sample reproducible. */
export const WEAK: Record<string, (seed: number) => Generator> = {
  'counter (32 hex)': (seed) => (n) =>
    Array.from({ length: n }, (_, i) =>
      (BigInt(seed) * 1_000_003n + BigInt(i)).toString(16).padStart(32, '0'),
    ),
  'timestamp + counter (40 hex)': (seed) => (n) => {
    let ms = 1_790_000_000_000 + seed * 1000;
    return Array.from({ length: n }, (_, i) => {
      ms += i % 3;
      return ms.toString(16).padStart(24, '0') + i.toString(16).padStart(16, '0');
    });
  },
  'Math.random().toString(36).slice(2)': (seed) => {
    const random = seededMathRandom(seed);
    return (n) => Array.from({ length: n }, () => random().toString(36).slice(2));
  },
  'two Math.random() words (16 hex, 64 bits)': (seed) => {
    const random = seededMathRandom(seed);
    const word = (): string =>
      Math.floor(random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0');
    return (n) => Array.from({ length: n }, () => word() + word());
  },
  'timestamp base36 + Math.random': (seed) => {
    const random = seededMathRandom(seed);
    let ms = 1_790_000_000_000 + seed * 1000;
    return (n) =>
      Array.from({ length: n }, () => {
        ms += 1;
        return ms.toString(36) + random().toString(36).slice(2, 10);
      });
  },
  'short: randomBytes(8) base64url': () => (n) =>
    Array.from({ length: n }, () => randomBytes(8).toString('base64url')),
  'truncated: 20 base36 symbols (103 bits)': () => fair(ALPHABETS['base36/Django'], 20),
  'fixed prefix + 4 random hex': () => (n) =>
    Array.from({ length: n }, () => `sess_${'a1b2c3d4e5f6a7b8c9d0e1f2'}${drawn(ALPHABETS.hex, 4)}`),
  'repeated halves (16 hex twice)': () => (n) =>
    Array.from({ length: n }, () => {
      const half = drawn(ALPHABETS.hex, 16);
      return half + half;
    }),
  'patterned: base36 with every other symbol a digit': () => (n) =>
    Array.from({ length: n }, () =>
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0 ? drawn(ALPHABETS['base36/Django'], 1) : drawn(DIGITS, 1),
      ).join(''),
    ),
};

/**
 * A mild weakness: modulo bias doubles two symbols' odds (about 1.3 bits lost per token). Caught
 * at 300 tokens; 100 are too few to see it every time.
 */
export const MILD: Record<string, (seed: number) => Generator> = {
  'mild bias: base62[randomInt(64) % 62] × 32': () => (n) =>
    Array.from({ length: n }, () =>
      Array.from({ length: 32 }, () => ALPHABETS.base62.charAt(randomInt(64) % 62)).join(''),
    ),
};
