/**
 * The cookie express-session set: `s:` + the session id + `.` + HMAC-SHA256 signature, checked
 * with cookie-signature as express-session does (each secret in turn, newest first). A value that
 * is not signed by one of the secrets is no session at all.
 *
 * @module
 */
import { parse, serialize } from 'cookie';
import { unsign } from 'cookie-signature';

/** Browsers send about 8 KB of cookies; longer headers are not looked into (as for Sesame's own). */
const MAX_COOKIE_HEADER = 16 * 1024;

/** The legacy cookie's value as express-session reads it (URL-decoded), or `null` when absent. */
export function readLegacyCookie(header: string | null, name: string): string | null {
  if (header === null || header.length > MAX_COOKIE_HEADER || !header.includes(name)) return null;
  try {
    return parse(header)[name] ?? null;
  } catch {
    return null;
  }
}

/** The session id a legacy cookie value carries when one of `secrets` signed it, else `null`. */
export function verifyLegacyCookie(value: string, secrets: readonly string[]): string | null {
  if (!value.startsWith('s:')) return null;
  const signed = value.slice(2);
  for (const secret of secrets) {
    const id = unsign(signed, secret);
    if (id !== false && id.length > 0) return id;
  }
  return null;
}

/** Where the legacy cookie lived, so the browser drops exactly that one. */
export interface LegacyCookiePlace {
  path?: string;
  domain?: string;
}

/** The `Set-Cookie` that expires the legacy cookie. */
export function expireLegacyCookie(name: string, place: LegacyCookiePlace): string {
  return serialize(name, '', {
    path: place.path ?? '/',
    ...(place.domain === undefined ? {} : { domain: place.domain }),
    expires: new Date(0),
    maxAge: 0,
    httpOnly: true,
  });
}
