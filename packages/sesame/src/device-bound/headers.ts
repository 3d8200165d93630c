/**
 * The DBSC header fields, as Chrome 145 and later send and read them (W3C DBSC draft §"DBSC
 * Formats"; Chromium net/device_bound_sessions). Values are RFC 9651 structured fields. What
 * Sesame writes holds only base64url, which needs no escaping inside an sf-string; what it reads
 * is taken leniently (CONTRIBUTING.md §1): Chrome sends `Sec-Secure-Session-Id` and
 * `Secure-Session-Response` bare, the draft as sf-strings, so one pair of quotes is dropped, and
 * anything that is not the expected shape is `null`.
 *
 * @module
 */

/** Response header offering registration (sent with the sign-in response). */
export const REGISTRATION_HEADER = 'Secure-Session-Registration';
/** Response header carrying a challenge for the next proof. */
export const CHALLENGE_HEADER = 'Secure-Session-Challenge';
/** Request header carrying a proof (a JWT). */
export const RESPONSE_HEADER = 'secure-session-response';
/** Request header naming the DBSC session on refresh. */
export const SESSION_ID_HEADER = 'sec-secure-session-id';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Longest proof read: an RS256 proof with a 4096-bit key is under 2 KB. */
const MAX_PROOF_CHARS = 8 * 1024;

/** `Secure-Session-Registration: (ES256 RS256);path="…";challenge="…"`. */
export function registrationHeader(path: string, challenge: string): string {
  return `(ES256 RS256);path="${path}";challenge="${challenge}"`;
}

/** `Secure-Session-Challenge: "…";id="…"`. */
export function challengeHeader(challenge: string, sessionId: string): string {
  return `"${challenge}";id="${sessionId}"`;
}

function unquote(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const value = raw.trim();
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** The DBSC session id a refresh names, or `null`. */
export function readSessionId(raw: string | null | undefined): string | null {
  const value = unquote(raw);
  return value !== null && value.length > 0 && value.length <= 64 && BASE64URL.test(value) ? value : null;
}

/** The compact JWS a request carries as its proof, or `null`. */
export function readProof(raw: string | null | undefined): string | null {
  const value = unquote(raw);
  return value !== null && value.length <= MAX_PROOF_CHARS && COMPACT_JWS.test(value) ? value : null;
}
