/**
 * The bound cookie: the short-lived credential a device-bound session needs besides its session
 * cookie. Its value is `<expiry>.<mac>`, the MAC being HMAC-SHA256 under the newest secret over the
 * record id, the DBSC session id and the expiry, so it cannot be forged, moved to another session,
 * or kept past its expiry: the server checks the expiry it signed, not the cookie's `Max-Age`.
 * Nothing is stored for it. Same attributes as the session cookie (`HttpOnly; Secure;
 * SameSite; Path=/`, `__Host-` while Secure); the session instructions name them exactly, as the
 * draft asks.
 *
 * @module
 */
import { readCookie } from '../cookie/parse.js';
import type { CookieWriter } from '../cookie/serialize.js';
import { macToken, verifyMacToken } from '../csrf/token.js';

const CONTEXT = 'sesame-dbsc-bound-v1\0';
const VALUE = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;

/** Issues and checks bound cookies of one configuration. */
export class BoundCookie {
  readonly #secrets: readonly Buffer[];
  readonly #name: string;
  readonly #cookies: CookieWriter;
  readonly #lifetimeMs: number;

  constructor(secrets: readonly Buffer[], name: string, cookies: CookieWriter, lifetimeMs: number) {
    this.#secrets = secrets;
    this.#name = name;
    this.#cookies = cookies;
    this.#lifetimeMs = lifetimeMs;
  }

  /** The `Set-Cookie` of a new bound cookie for the session, valid for the configured lifetime. */
  issue(recordId: string, bindingId: string, nowMs: number): string {
    const expiresMs = nowMs + this.#lifetimeMs;
    const expiry = expiresMs.toString(36);
    const mac = macToken(this.#secrets, CONTEXT, `${recordId}.${bindingId}.${expiry}`);
    return this.#cookies.issue(`${expiry}.${mac}`, this.#lifetimeMs);
  }

  /** Whether the request carries a bound cookie for this session that has not expired. */
  verify(cookieHeader: string | null, recordId: string, bindingId: string, nowMs: number): boolean {
    const match = VALUE.exec(readCookie(cookieHeader, this.#name) ?? '');
    if (match === null) return false;
    const [, expiry = '', mac] = match;
    if (parseInt(expiry, 36) <= nowMs) return false;
    return verifyMacToken(this.#secrets, CONTEXT, `${recordId}.${bindingId}.${expiry}`, mac);
  }

  /** The `Set-Cookie` that drops the bound cookie. */
  get cleared(): string {
    return this.#cookies.cleared;
  }

  /** The cookie's attributes as the session instructions state them (W3C DBSC draft, "credentials"). */
  attributes(secure: boolean, sameSite: 'lax' | 'strict' | 'none'): string {
    const site = sameSite === 'lax' ? 'Lax' : sameSite === 'strict' ? 'Strict' : 'None';
    return `Path=/;${secure ? ' Secure;' : ''} HttpOnly; SameSite=${site}`;
  }

  /** The cookie name. */
  get name(): string {
    return this.#name;
  }
}
