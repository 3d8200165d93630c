/**
 * `Set-Cookie` for the session through jshttp/cookie, which validates every attribute. Issued and
 * cleared cookies carry the same attributes, so the browser replaces rather than adds one
 * (docs/architecture.md §1.2).
 *
 * The attributes are the same for every cookie of one configuration, so jshttp/cookie serializes
 * them once, when the writer is made; per cookie only the token and Max-Age are put in front.
 * Token values are base64url and a dot, characters a cookie value may hold as they are.
 *
 * Each cookie also exists by parts (name, value, options), for an API that sets cookies that way
 * (a Next.js Server Action's `cookies().set`): built from the same attributes and lifetime as the
 * line, whose jshttp/cookie serialization it is (serialize.test.ts).
 *
 * @module
 */
import { serialize } from 'cookie';
import type { PlannedCookie, ResponsePlan } from '../http.js';

/** The session cookie as the engine plans to set it. */
export interface CookieSettings {
  name: string;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
}

/** One cookie to set: its `Set-Cookie` line, and the same cookie by parts. */
export interface CookieChange {
  readonly line: string;
  readonly cookie: PlannedCookie;
}

/** The `Set-Cookie` values of one configuration. */
export interface CookieWriter {
  /** The cookie for `token`; with `maxAgeMs` a persistent one, otherwise a browser-session cookie. */
  issue(token: string, maxAgeMs?: number): string;
  /** The cookie that makes the browser drop the session cookie. */
  readonly cleared: string;
  /** {@link CookieWriter.issue}, with the cookie by parts. */
  issueChange(token: string, maxAgeMs?: number): CookieChange;
  /** {@link CookieWriter.cleared}, with the cookie by parts (new objects each time). */
  clearChange(): CookieChange;
}

/** Serialize the fixed attributes once (jshttp/cookie validates the name and each attribute). */
export function cookieWriter(cookie: CookieSettings): CookieWriter {
  const { name } = cookie;
  const attributes = { httpOnly: true, secure: cookie.secure, sameSite: cookie.sameSite, path: '/' } as const;
  const clearing = () => ({ ...attributes, maxAge: 0, expires: new Date(0) });
  const head = `${name}=`;
  // "name=; Path=/; HttpOnly; Secure; SameSite=Lax" → "; Path=/; HttpOnly; Secure; SameSite=Lax".
  // jshttp/cookie writes Max-Age first after the value, so it goes between the value and these.
  const tail = serialize(name, '', attributes).slice(head.length);
  const cleared = serialize(name, '', clearing());
  const seconds = (maxAgeMs: number): number => Math.max(0, Math.floor(maxAgeMs / 1000));
  const issue = (token: string, maxAgeMs?: number): string =>
    maxAgeMs === undefined
      ? `${head}${token}${tail}`
      : `${head}${token}; Max-Age=${seconds(maxAgeMs)}${tail}`;
  return {
    issue,
    cleared,
    issueChange: (token, maxAgeMs) => ({
      line: issue(token, maxAgeMs),
      cookie: {
        name,
        value: token,
        options: maxAgeMs === undefined ? { ...attributes } : { ...attributes, maxAge: seconds(maxAgeMs) },
      },
    }),
    clearChange: () => ({ line: cleared, cookie: { name, value: '', options: clearing() } }),
  };
}

/** The plan that sets `changes` (lines and parts, in one order) and forbids caching. */
export function cookiePlan(changes: readonly CookieChange[]): ResponsePlan {
  return {
    setCookies: changes.map((change) => change.line),
    cookies: changes.map((change) => change.cookie),
    cacheControl: 'no-store',
  };
}
