/**
 * Tokens an attacker makes up: the same shape as a real one (length, separators, character
 * classes) with fresh random characters, so a server that adopts unknown tokens (fixation) or
 * treats any well-formed token alike can be told apart from one that does not.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import type { Token } from '../context.js';

const CLASSES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** Runs of at least this many letters/digits are replaced; shorter ones (`s%3A`, `v1`) are format. */
const MIN_RUN = 6;

/** Percent-escapes (`%3A`) are format too: matched first so they are never split. */
const PARTS = new RegExp(`%[0-9A-Fa-f]{2}|[A-Za-z0-9]{${MIN_RUN},}`, 'g');

function forgeValue(value: string): string {
  return value.replace(PARTS, (run) =>
    run.startsWith('%')
      ? run
      : [...run]
          .map((ch) => {
            const alphabet = CLASSES.find((c) => c.includes(ch)) ?? CLASSES[0] ?? '0';
            return alphabet.charAt(randomInt(alphabet.length));
          })
          .join(''),
  );
}

/**
 * A made-up token shaped like `sample`.
 *
 * @example
 * forgeToken({ sid: 's%3Aabc123def.XYZ' }); // { sid: 's%3Aq9x1mzk.XYZ' } (runs of 6+ replaced)
 */
export function forgeToken(sample: Token): Token {
  return Object.fromEntries(Object.entries(sample).map(([name, value]) => [name, forgeValue(value)]));
}
