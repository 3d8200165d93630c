/**
 * What a new password must be (NIST SP 800-63B-4 §3.1.1.2; ASVS 5.0 V6.2): long enough, not in
 * a blocklist of common passwords, not built from the username or the site name. No composition
 * rules (digits, symbols), no expiry: NIST asks verifiers not to impose them.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * NIST SP 800-63B-4 §3.1.1.2: at least 15 characters when a password is the only factor, as it
 * is in this app. Counted in Unicode code points, as NIST says.
 */
export const MIN_PASSWORD_LENGTH = 15;
/** NIST asks to allow at least 64; the cap only bounds hashing work per request. */
export const MAX_PASSWORD_LENGTH = 256;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  readFileSync(new URL('common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#')),
);

/** Context words a password must not be built from (NIST: "context-specific words"). */
const SITE_WORDS = ['sesame'];

function isCommon(lower: string): boolean {
  // "password2026!" is "password" with decoration; check the core too.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  return COMMON_PASSWORDS.has(lower) || (core.length >= 4 && COMMON_PASSWORDS.has(core));
}

/**
 * Why `password` is not acceptable for `username`, or `null` when it is.
 *
 * @example
 * passwordProblem('password1234567', 'ada'); // 'This password is too common …'
 */
export function passwordProblem(password: string, username: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong, memorable passphrase.`;
  }
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.normalize('NFKC').toLowerCase();
  if (isCommon(lower)) return 'This password is too common: it is among the first that attackers try.';
  if (new Set(lower).size < 5) return 'This password repeats too few characters to be hard to guess.';
  if ((username.length >= 3 && lower.includes(username)) || SITE_WORDS.some((word) => lower.includes(word))) {
    return 'Do not build the password from your username or the name of this site.';
  }
  return null;
}
