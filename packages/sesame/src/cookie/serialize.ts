/**
 * `Set-Cookie` for the session through jshttp/cookie, which validates every attribute. Issued and
 * cleared cookies carry the same attributes, so the browser replaces rather than adds one
 * (docs/architecture.md §1.2, §1.5).
 *
 * The attributes are the same for every cookie of one configuration, so jshttp/cookie serializes
 * them once, when the writer is made; per cookie only the token and Max-Age are put in front.
 * Token values are base64url and a dot, characters a cookie value may hold as they are.
 *
 * @module
 */
import { serialize } from 'cookie';

/** The session cookie as the engine plans to set it. */
export interface CookieSettings {
  name: string;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
}

/** The `Set-Cookie` values of one configuration. */
export interface CookieWriter {
  /** The cookie for `token`; with `maxAgeMs` a persistent one, otherwise a browser-session cookie. */
  issue(token: string, maxAgeMs?: number): string;
  /** The cookie that makes the browser drop the session cookie. */
  readonly cleared: string;
}

/** Serialize the fixed attributes once (jshttp/cookie validates the name and each attribute). */
export function cookieWriter(cookie: CookieSettings): CookieWriter {
  const attributes = { httpOnly: true, secure: cookie.secure, sameSite: cookie.sameSite, path: '/' } as const;
  const head = `${cookie.name}=`;
  // "name=; Path=/; HttpOnly; Secure; SameSite=Lax" → "; Path=/; HttpOnly; Secure; SameSite=Lax".
  // jshttp/cookie writes Max-Age first after the value, so it goes between the value and these.
  const tail = serialize(cookie.name, '', attributes).slice(head.length);
  const cleared = serialize(cookie.name, '', { ...attributes, maxAge: 0, expires: new Date(0) });
  return {
    issue: (token, maxAgeMs) =>
      maxAgeMs === undefined
        ? `${head}${token}${tail}`
        : `${head}${token}; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}${tail}`,
    cleared,
  };
}
