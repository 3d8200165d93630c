/**
 * The CSRF decision for a loaded request (docs/architecture.md §1.9), as the engine answers it:
 * Fetch Metadata and Origin first, then the session's own token or, without a stored session, the
 * anonymous one. A handshake (a WebSocket upgrade, a socket.io request) is judged by the headers
 * alone, whatever its method.
 *
 * @module
 */
import type { ResolvedConfig } from '../config.js';
import type { AnonymousCsrf } from '../csrf/anonymous-token.js';
import { checkOrigin, isSafeMethod } from '../csrf/origin-check.js';
import { verifyCsrfToken } from '../csrf/token.js';
import { SesameError } from '../errors.js';
import type { RequestFacts } from '../http.js';
import type { SessionData } from '../store.js';
import type { Session } from './session.js';

/**
 * `null` to go on, or the error to answer with. `readToken` returns the `x-csrf-token` header or
 * the form's `_csrf` field; it is called only when Fetch Metadata and Origin leave the decision to
 * the token.
 */
export function csrfVerdict(
  config: Pick<ResolvedConfig, 'csrf' | 'secrets'>,
  anonymousCsrf: AnonymousCsrf,
  facts: RequestFacts,
  session: Session<SessionData>,
  readToken: () => unknown,
): SesameError | null {
  const { csrf, secrets } = config;
  const handshake = facts.handshake === true;
  if (!csrf.enabled || (!handshake && isSafeMethod(facts.method))) return null;
  const verdict = checkOrigin(facts, csrf);
  if (verdict === 'allow') return null;
  if (verdict === 'deny') {
    return new SesameError(
      'ERR_CSRF_ORIGIN',
      `Cross-site ${facts.method}${handshake ? ' handshake' : ''} refused (Sec-Fetch-Site: ${facts.secFetchSite ?? '-'}, Origin: ${facts.origin ?? '-'}).`,
    );
  }
  // A handshake without either header is no browser's (RequestFacts.handshake): no token to ask for.
  if (handshake) return null;
  // Once a session is stored only its own token counts; the anonymous one (a nonce cookie) is
  // for visitors without one, the sign-in form above all.
  const id = session.persistedId;
  const valid =
    id === null
      ? anonymousCsrf.verify(facts.cookieHeader, readToken)
      : verifyCsrfToken(secrets, id, readToken());
  if (valid) return null;
  return new SesameError(
    'ERR_CSRF_TOKEN',
    `${facts.method} without Sec-Fetch-Site or Origin needs a valid CSRF token (x-csrf-token header or _csrf field).`,
  );
}
