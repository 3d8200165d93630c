/**
 * Why a request that carried a session cookie has no session, and which of those reasons make a
 * write fail (issue 10).
 *
 * @module
 */
import { SesameError } from '../errors.js';

/**
 * `malformed`: the cookie is not a Sesame token at all. `idle` / `absolute`: that timeout passed.
 * `ended`: the cookie named no live session: signed out elsewhere, revoked, expired and already
 * swept, or an id paired with a secret that does not match. The last two are one reason on
 * purpose: telling them apart would confirm to a guesser that an id is live (issue 10).
 * `unproven`: the session is device-bound (DBSC, issue 16) and the request carried no valid bound
 * cookie: a copied cookie jar, or a browser whose refresh has not happened yet. The session is
 * left as it is; only this request is refused.
 */
export type EndedReason = 'malformed' | 'idle' | 'absolute' | 'ended' | 'unproven';

/**
 * Whether writes through this request must fail with `ERR_SESSION_GONE` rather than store a new
 * anonymous session: true when the cookie pointed at a session that ended (`idle`, `absolute`,
 * `ended`), so data meant for that session never lands in a new one the user did not ask for. A
 * malformed cookie is "no session", like no cookie: writes there start a new session. Sign-in
 * always works (a fresh proof), and after it writes do too.
 */
export function refusesWrites(reason: EndedReason | null): reason is Exclude<EndedReason, 'malformed'> {
  return reason !== null && reason !== 'malformed';
}

/** The error a write meets when the cookie's session had ended before the request began. */
export function endedBeforeRequest(reason: Exclude<EndedReason, 'malformed'>): SesameError {
  return new SesameError(
    'ERR_SESSION_GONE',
    `The session this request's cookie named had already ended (${reason}); nothing was written. Sign in again, or write from a request without that cookie.`,
  );
}

/** The error a write meets when the session was ended by another request while this one ran. */
export function endedMeanwhile(userId: string | null): SesameError {
  return new SesameError(
    'ERR_SESSION_GONE',
    `Session was ended by another request before this write${userId ? ` (user ${userId})` : ''}.`,
  );
}
