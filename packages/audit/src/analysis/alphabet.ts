/**
 * The alphabet a token is written in. Randomness is judged per symbol of that alphabet: Django's
 * keys use `[a-z0-9]` and PHP's ids `[0-9a-v]` (5 bits per character), and reading either as
 * base64 sees only half the symbols and a bias the encoding made (issue 14). Known alphabets are
 * tried smallest first (RFC 4648 hex, base32, base32hex, base64, base64url; base36, base62; PHP's
 * 5- and 6-bit ones); a sample that never uses symbols it would use by chance is read as a
 * restricted alphabet of its own.
 *
 * @module
 */

/** An alphabet: its symbols in index order. */
export interface Alphabet {
  name: string;
  symbols: string;
  /** log2 of the size: the most entropy one symbol can carry. */
  bitsPerSymbol: number;
  /** 16, 32 or 64 symbols: each one stands for whole bits, so bit tests are meaningful. */
  powerOfTwo: boolean;
}

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Known alphabets, in the order ties of size are broken. */
const KNOWN: readonly [string, string][] = [
  ['decimal', DIGITS],
  ['hex', `${DIGITS}abcdef`],
  ['HEX', `${DIGITS}ABCDEF`],
  ['base32hex [0-9a-v] (PHP, 5 bits)', `${DIGITS}${LOWER.slice(0, 22)}`],
  ['base32hex [0-9A-V]', `${DIGITS}${UPPER.slice(0, 22)}`],
  ['base32 [A-Z2-7]', `${UPPER}234567`],
  ['base32 [a-z2-7]', `${LOWER}234567`],
  ['base36 [a-z0-9]', `${DIGITS}${LOWER}`],
  ['base36 [A-Z0-9]', `${DIGITS}${UPPER}`],
  ['base62', `${DIGITS}${UPPER}${LOWER}`],
  ['base64url', `${UPPER}${LOWER}${DIGITS}-_`],
  ['base64', `${UPPER}${LOWER}${DIGITS}+/`],
  ['[0-9a-zA-Z,-] (PHP, 6 bits)', `${DIGITS}${LOWER}${UPPER},-`],
];

/** Below this many expected occurrences, a symbol that never appeared proves nothing. */
const MIN_EXPECTED_FOR_ABSENCE = 30;

function make(name: string, symbols: string): Alphabet {
  const size = symbols.length;
  return {
    name,
    symbols,
    bitsPerSymbol: Math.log2(size),
    powerOfTwo: size >= 2 && (size & (size - 1)) === 0,
  };
}

/** `[A-Za-z]`-style name for a set of characters. */
function describeSet(chars: readonly string[]): string {
  const ranges: string[] = [];
  const codes = chars.map((c) => c.charCodeAt(0)).sort((a, b) => a - b);
  for (let i = 0; i < codes.length;) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === (codes[j] ?? 0) + 1) j++;
    const from = String.fromCharCode(codes[i] ?? 0);
    const to = String.fromCharCode(codes[j] ?? 0);
    ranges.push(j - i >= 2 ? `${from}-${to}` : j > i ? `${from}${to}` : from);
    i = j + 1;
  }
  return `[${ranges.join('')}]`;
}

/**
 * The alphabet of a set of token segments (same role in every token).
 *
 * @example
 * detectAlphabet(['k3j9x0…', …]).name; // 'base36 [a-z0-9]'
 */
export function detectAlphabet(segments: readonly string[]): Alphabet {
  const seen = new Set<string>();
  let total = 0;
  for (const segment of segments) {
    for (const ch of segment) seen.add(ch);
    total += segment.length;
  }
  const observed = [...seen].sort();
  const known = KNOWN.find(([, symbols]) => observed.every((ch) => symbols.includes(ch)));
  if (known !== undefined) {
    const [name, symbols] = known;
    // A generator with its own smaller alphabet (say [A-Za-z]) fits base62 but never draws a digit.
    const restricted = observed.length < symbols.length && total / symbols.length >= MIN_EXPECTED_FOR_ABSENCE;
    if (!restricted) return make(name, symbols);
  }
  return make(`${describeSet(observed)} (${observed.length} symbols)`, observed.join(''));
}
