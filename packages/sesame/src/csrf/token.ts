/**
 * Synchronizer tokens bound to the session (OWASP CSRF cheat sheet, "Signed double-submit /
 * HMAC-based token"): HMAC-SHA256(secret, session id). Nothing is stored; a token from another
 * session fails, and every configured secret still verifies so secrets rotate without breaking
 * open forms.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const CONTEXT = 'sesame-csrf-v1\0';

/** The token for session `id` under the newest secret. */
export function csrfTokenFor(secrets: readonly Buffer[], id: string): string {
  const newest = secrets[0];
  if (newest === undefined) throw new TypeError('csrfTokenFor: no secret configured');
  return createHmac('sha256', newest)
    .update(CONTEXT + id)
    .digest('base64url');
}

/** Constant-time check of a submitted token against every secret. */
export function verifyCsrfToken(secrets: readonly Buffer[], id: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length !== 43) return false;
  const presented = Buffer.from(token, 'base64url');
  if (presented.length !== 32) return false;
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret)
      .update(CONTEXT + id)
      .digest();
    ok = timingSafeEqual(expected, presented) || ok;
  }
  return ok;
}
