/**
 * Signed token formats whose HMAC can be checked against a guessed secret: `cookie-signature`
 * (express-session, cookie-parser: `s:<value>.<base64 HMAC-SHA256>`) and JWTs with HS256/384/512
 * (RFC 7519, RFC 7518 §3.2).
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { percentDecoded } from './token-segments.js';

/** A token whose signature can be verified with a candidate secret. */
export interface SignedToken {
  format: string;
  verify(secret: string): boolean;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * cookie-signature's `s:<value>.<signature>`: the signature is HMAC-SHA256 in base64 with its `=`
 * dropped, 43 characters after the last dot (the value may hold dots of its own).
 */
const COOKIE_SIGNATURE = /^s:(.+)\.([A-Za-z0-9+/]{43})$/;

function cookieSignature(value: string): SignedToken | null {
  const match = COOKIE_SIGNATURE.exec(value);
  if (match === null) return null;
  const [, payload = '', signature = ''] = match;
  return {
    format: 'cookie-signature (express-session)',
    verify: (secret) =>
      equal(createHmac('sha256', secret).update(payload).digest('base64').replace(/=+$/, ''), signature),
  };
}

const JWT_HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

function jwt(value: string): SignedToken | null {
  const parts = value.split('.');
  if (parts.length !== 3 || !value.startsWith('eyJ')) return null;
  const [header = '', payload = '', signature = ''] = parts;
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    return null;
  }
  const hash = typeof alg === 'string' ? JWT_HMAC[alg] : undefined;
  if (hash === undefined) return null;
  return {
    format: `JWT ${String(alg)}`,
    verify: (secret) =>
      equal(createHmac(hash, secret).update(`${header}.${payload}`).digest('base64url'), signature),
  };
}

/**
 * Recognise a signed token (cookie value, percent-encoding allowed), or `null`.
 *
 * @example
 * signedTokenOf('s%3Aabc.…')?.verify('keyboard cat');
 */
export function signedTokenOf(cookieValue: string): SignedToken | null {
  const value = percentDecoded(cookieValue);
  return cookieSignature(value) ?? jwt(value);
}

/**
 * The value a cookie-signature cookie signs (percent-encoding allowed), or `null` when the cookie
 * is not signed that way.
 *
 * @example
 * cookieSignedValue('s%3AZr7xN0pQ.…'); // 'Zr7xN0pQ'
 */
export function cookieSignedValue(cookieValue: string): string | null {
  return COOKIE_SIGNATURE.exec(percentDecoded(cookieValue))?.[1] ?? null;
}
