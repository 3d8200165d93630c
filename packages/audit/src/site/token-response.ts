/**
 * How a site answered a request that carried a given token: did it keep the token (no new
 * session cookie), or hand out a new one? Comparing a real token with a made-up one of the same
 * shape tells whether the server still holds a session for the real one.
 *
 * @module
 */
import type { Token } from '../context.js';
import type { Hop } from '../http/agent.js';

/** True when the answer sets none of the session cookies, or re-sets them to the same value. */
export function keptToken(hop: Hop, token: Token): boolean {
  return hop.cookies.every(({ cookie, expires }) => {
    const sent = token[cookie.name];
    return sent === undefined || (!expires && cookie.value === sent);
  });
}

/** True when the answer hands out a different, live value for one of the session cookies. */
export function issuedNewToken(hop: Hop, token: Token): boolean {
  return hop.cookies.some(({ cookie, expires }) => {
    const sent = token[cookie.name];
    return sent !== undefined && !expires && cookie.value !== '' && cookie.value !== sent;
  });
}
