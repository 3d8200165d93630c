/**
 * Username rules. Names are compared in one normalized form (Unicode NFKC, lower case) so that
 * "Ada" and "ada" are one account and look-alike full-width letters cannot register a twin.
 *
 * @module
 */

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** What the register form shows next to the field. */
export const USERNAME_RULE = '3 to 32 characters: letters, digits, dot, dash or underscore.';

/**
 * The normalized username, or `null` when it breaks {@link USERNAME_RULE}.
 *
 * @example
 * normalizeUsername(' Ada '); // 'ada'
 */
export function normalizeUsername(raw: string): string | null {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  return USERNAME_PATTERN.test(value) ? value : null;
}
