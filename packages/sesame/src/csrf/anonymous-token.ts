/**
 * CSRF tokens for visitors without a stored session (issue 10: a page that only shows a form must
 * store nothing). The token is HMAC-SHA256 over a random nonce that lives in a short-lived cookie
 * of its own, the "signed double-submit cookie" of the OWASP CSRF cheat sheet: a page on another
 * site can neither read the cookie (HttpOnly) nor set it (`__Host-` prefix while Secure, RFC 6265bis
 * §4.1.3.2), and cannot compute the token without the secret. Signed under the newest secret,
 * verified under all. The check only runs when neither Fetch Metadata nor Origin decided.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readCookie } from '../cookie/parse.js';
import type { CookieChange, CookieWriter } from '../cookie/serialize.js';
import { macToken, verifyMacToken } from './token.js';

const CONTEXT = 'sesame-csrf-anonymous-v1\0';
const NONCE_BYTES = 16;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/; // 16 bytes, canonical unpadded base64url (RFC 4648 §3.5)

/**
 * How long the nonce cookie lives: long enough for a form left open over a break, short enough
 * that a forgotten one does not linger. A form older than this is refused with a 403 and works
 * after a reload.
 */
export const ANONYMOUS_CSRF_MAX_AGE_MS = 2 * 3_600_000;

/** The nonce cookie of one configuration, and the tokens over it. */
export class AnonymousCsrf {
  readonly #secrets: readonly Buffer[];
  readonly #cookieName: string;
  readonly #cookies: CookieWriter;

  constructor(secrets: readonly Buffer[], cookieName: string, cookies: CookieWriter) {
    this.#secrets = secrets;
    this.#cookieName = cookieName;
    this.#cookies = cookies;
  }

  /** The well-formed nonce the request's cookie carries, or `null`. */
  presented(cookieHeader: string | null): string | null {
    const value = readCookie(cookieHeader, this.#cookieName);
    return value !== null && NONCE_PATTERN.test(value) ? value : null;
  }

  /** Whether the request carries a nonce cookie at all (well-formed or not), to clear it. */
  carried(cookieHeader: string | null): boolean {
    return readCookie(cookieHeader, this.#cookieName) !== null;
  }

  /** A new nonce from the CSPRNG. */
  newNonce(): string {
    return randomBytes(NONCE_BYTES).toString('base64url');
  }

  /** The token for `nonce` and the cookie change that (re)issues the nonce cookie. */
  issue(nonce: string): { token: string; setCookie: CookieChange } {
    return {
      token: macToken(this.#secrets, CONTEXT, nonce),
      setCookie: this.#cookies.issueChange(nonce, ANONYMOUS_CSRF_MAX_AGE_MS),
    };
  }

  /**
   * Whether the submitted token was issued for the nonce cookie this request carries. The token is
   * read only when there is a nonce to check it against, so an adapter that must wait for the
   * body to read it (Fastify) never waits for a request no token could save.
   */
  verify(cookieHeader: string | null, readToken: () => unknown): boolean {
    const nonce = this.presented(cookieHeader);
    return nonce !== null && verifyMacToken(this.#secrets, CONTEXT, nonce, readToken());
  }

  /** The cookie change that drops the nonce cookie (once a session is stored it is no use). */
  get cleared(): CookieChange {
    return this.#cookies.clearChange();
  }
}
