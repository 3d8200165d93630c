/**
 * Reading the session cookie from a `Cookie` header through jshttp/cookie, which never throws,
 * skips garbage pairs and keeps the first of duplicates (RFC 6265 §5.4: the user agent sends the
 * cookie with the longest path first, so the first is the most specific one).
 *
 * @module
 */
import { parse } from 'cookie';

/** Longest `Cookie` header we look into; browsers cap a cookie at 4096 bytes and send ~8 KB total. */
const MAX_COOKIE_HEADER = 16 * 1024;

/**
 * decode: identity. Our tokens are base64url; percent-decoding would only let two spellings of one
 * value through.
 */
const PARSE_OPTIONS = { decode: (value: string): string => value };

/** The value of cookie `name`, or `null` when it is absent, the header is oversized or garbled. */
export function readCookie(header: string | undefined | null, name: string): string | null {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_COOKIE_HEADER) return null;
  // Cheap pre-check keeps the parse off the hot path for requests without our cookie.
  if (!header.includes(name)) return null;
  let value: string | undefined;
  try {
    value = parse(header, PARSE_OPTIONS)[name];
  } catch {
    return null;
  }
  return typeof value === 'string' ? value : null;
}
