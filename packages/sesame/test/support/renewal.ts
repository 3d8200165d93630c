/**
 * What the renewal tests (test/security/renewal*.test.ts) share: the options they run with and
 * how they read tokens from replies and cookie jars.
 *
 * @module
 */
import type { Reply } from './http.js';
import { COOKIE, parseSetCookie } from './app.js';
import type { Client } from './app.js';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const RENEWAL = { renewAfter: '15m', renewalGrace: '30s' } as const;

/** The session cookie a reply sets, or `null` when it sets none. */
export function sessionCookie(reply: Reply): string | null {
  const line = reply.setCookies.find((l) => l.startsWith(`${COOKIE}=`));
  return line === undefined ? null : parseSetCookie(line).value;
}

/** The id half of a token. */
export const idOf = (token: string): string => token.split('.')[0] ?? '';

/** The token a client's jar holds for the session cookie. */
export function tokenIn(client: Client): string {
  const cookie = client.cookieHeader ?? '';
  const pair = cookie.split('; ').find((p) => p.startsWith(`${COOKIE}=`));
  return pair?.slice(COOKIE.length + 1) ?? '';
}

export const asCookie = (token: string): string => `${COOKIE}=${token}`;
