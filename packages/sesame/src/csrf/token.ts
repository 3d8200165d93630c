/**
 * Synchronizer tokens bound to the session (OWASP CSRF cheat sheet, "Signed double-submit /
 * HMAC-based token"): HMAC-SHA256(secret, session id). Nothing is stored; a token from another
 * session fails, and every configured secret still verifies so secrets rotate without breaking
 * open forms. Visitors without a stored session get the same kind of token over a nonce instead
 * (anonymous-token.ts); the two use different contexts, so one never passes for the other.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SESSION_CONTEXT = 'sesame-csrf-v1\0';
const TOKEN_CHARS = 43; // 32 bytes, unpadded base64url

/** HMAC-SHA256(newest secret, context + subject), base64url. */
export function macToken(secrets: readonly Buffer[], context: string, subject: string): string {
  const newest = secrets[0];
  if (newest === undefined) throw new TypeError('csrf: no secret configured');
  return createHmac('sha256', newest)
    .update(context + subject)
    .digest('base64url');
}

/** Constant-time check of a submitted token against every secret. */
export function verifyMacToken(
  secrets: readonly Buffer[],
  context: string,
  subject: string,
  token: unknown,
): boolean {
  if (typeof token !== 'string' || token.length !== TOKEN_CHARS) return false;
  const presented = Buffer.from(token, 'base64url');
  if (presented.length !== 32) return false;
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret)
      .update(context + subject)
      .digest();
    ok = timingSafeEqual(expected, presented) || ok;
  }
  return ok;
}

/** The token for session `id` under the newest secret. */
export function csrfTokenFor(secrets: readonly Buffer[], id: string): string {
  return macToken(secrets, SESSION_CONTEXT, id);
}

/** Constant-time check of a submitted token for session `id` against every secret. */
export function verifyCsrfToken(secrets: readonly Buffer[], id: string, token: unknown): boolean {
  return verifyMacToken(secrets, SESSION_CONTEXT, id, token);
}
