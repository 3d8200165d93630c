/**
 * Split collected tokens into their random parts. Formats join parts with separators
 * (`<id>.<secret>`, JWT dots); each part in the same place of every token is judged on its own
 * alphabet (a cookie-signature value comes here without its signature: see `randomness.ts`).
 * Percent-encoding is undone first (PHP's `%2C`), and base64 padding is dropped (it is format,
 * not randomness).
 *
 * @module
 */

/** Characters that never occur inside a random part: everything outside base64/base64url/PHP's `,`. */
const SEPARATOR = /[^A-Za-z0-9+/=_,-]+/;

/** `value` with percent-encoding undone, or as it is when that encoding is broken. */
export function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The parts of each token, as columns: `columns[i][t]` is part `i` of token `t`. Tokens whose
 * shapes differ are kept whole (one column).
 *
 * @example
 * tokenColumns(['ab.cd', 'ef.gh']); // [['ab', 'ef'], ['cd', 'gh']]
 */
export function tokenColumns(tokens: readonly string[]): string[][] {
  const split = tokens.map((t) =>
    percentDecoded(t)
      .split(SEPARATOR)
      .map((part) => part.replace(/=+$/, ''))
      .filter((part) => part !== ''),
  );
  const width = split[0]?.length ?? 0;
  if (width === 0 || split.some((parts) => parts.length !== width)) {
    return [tokens.map((t) => percentDecoded(t))];
  }
  return Array.from({ length: width }, (_, i) => split.map((parts) => parts[i] ?? ''));
}
