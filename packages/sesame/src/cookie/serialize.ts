/**
 * `Set-Cookie` for the session through jshttp/cookie, which validates every attribute. Issued and
 * cleared cookies carry the same attributes, so the browser replaces rather than adds one
 * (DESIGN §1.2, §1.5).
 *
 * @module
 */
import { serialize } from 'cookie';
import type { ResolvedConfig } from '../config.js';

/** The session cookie as the engine plans to set it. */
export interface CookieSettings {
  name: string;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
}

function attributes(cookie: CookieSettings) {
  return { httpOnly: true, secure: cookie.secure, sameSite: cookie.sameSite, path: '/' } as const;
}

/**
 * Serialize the session cookie. Without `maxAgeMs` it is a browser-session cookie; a
 * "remember me" sign-in passes what is left of the absolute lifetime.
 */
export function sessionCookie(
  config: Pick<ResolvedConfig, 'cookie'>,
  value: string,
  maxAgeMs?: number,
): string {
  const base = attributes(config.cookie);
  if (maxAgeMs === undefined) return serialize(config.cookie.name, value, { ...base, encode: (v) => v });
  return serialize(config.cookie.name, value, {
    ...base,
    encode: (v) => v,
    maxAge: Math.max(0, Math.floor(maxAgeMs / 1000)),
  });
}

/** A `Set-Cookie` that removes the session cookie (Max-Age=0 and an Expires in the past). */
export function clearedCookie(config: Pick<ResolvedConfig, 'cookie'>): string {
  return serialize(config.cookie.name, '', { ...attributes(config.cookie), maxAge: 0, expires: new Date(0) });
}
