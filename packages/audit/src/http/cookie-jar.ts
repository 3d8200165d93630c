/**
 * A browser-like cookie jar for one origin, built on `set-cookie-parser` (parsing is not
 * hand-written). Storage follows RFC 6265 §5.3 (Max-Age over Expires, default-path, Domain must
 * domain-match) and RFC 6265bis (Secure cookies only from secure contexts, `__Secure-`/`__Host-`
 * prefix rules), so the audit sees the site the way a browser does.
 *
 * @module
 */
import { parseSetCookie } from 'set-cookie-parser';
import type { Cookie } from 'set-cookie-parser';

/** A cookie as the jar keeps it. */
export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** Lower-case `SameSite` value, or `null` when the attribute is missing. */
  sameSite: string | null;
  /** Epoch ms, or `null` for a session (browser-lifetime) cookie. */
  expiresMs: number | null;
}

/** One parsed `Set-Cookie` header with the raw line kept for evidence. */
export interface SeenSetCookie {
  raw: string;
  cookie: Cookie;
  /** True when the header deletes the cookie (Max-Age ≤ 0 or Expires in the past). */
  expires: boolean;
}

/**
 * Parse `Set-Cookie` lines without storing them (evidence for the cookie checks).
 *
 * @example
 * parseSetCookies(['sid=abc; HttpOnly'], Date.now())[0]?.cookie.httpOnly; // true
 */
export function parseSetCookies(lines: readonly string[], nowMs: number): SeenSetCookie[] {
  const seen: SeenSetCookie[] = [];
  for (const raw of lines) {
    const [cookie] = parseSetCookie(raw, { decodeValues: false, split: false });
    if (cookie === undefined || cookie.name === '') continue;
    const expiresMs = expiryOf(cookie, nowMs);
    seen.push({ raw, cookie, expires: expiresMs !== null && expiresMs <= nowMs });
  }
  return seen;
}

/** Max-Age wins over Expires (RFC 6265 §5.3 step 3); `null` means a browser-session cookie. */
function expiryOf(cookie: Cookie, nowMs: number): number | null {
  if (cookie.maxAge !== undefined && Number.isFinite(cookie.maxAge)) {
    return cookie.maxAge <= 0 ? 0 : nowMs + cookie.maxAge * 1000;
  }
  if (cookie.expires !== undefined && !Number.isNaN(cookie.expires.getTime()))
    return cookie.expires.getTime();
  return null;
}

/** RFC 6265 §5.1.4 default-path: the request path up to its last `/`. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

/** RFC 6265 §5.1.3 domain-match, for the single host the jar serves. */
function domainMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^\./, '');
  return host === d || (host.endsWith(`.${d}`) && !/^[\d.]+$/.test(host));
}

/**
 * The cookies of one simulated browser for the audited origin.
 *
 * @example
 * const jar = new CookieJar(true);
 * jar.store(new URL('http://localhost/login'), res.headers.getSetCookie());
 * jar.header(new URL('http://localhost/account')); // 'sid=…'
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** @param secureContext HTTPS, or loopback (browsers treat it as secure), or behind a TLS proxy. */
  constructor(private readonly secureContext: boolean) {}

  /** Store the cookies of one response the way a browser would; returns what was parsed. */
  store(url: URL, setCookies: readonly string[], nowMs = Date.now()): SeenSetCookie[] {
    const seen = parseSetCookies(setCookies, nowMs);
    for (const { cookie } of seen) this.#storeOne(url, cookie, nowMs);
    return seen;
  }

  #storeOne(url: URL, cookie: Cookie, nowMs: number): void {
    const host = url.hostname.toLowerCase();
    if (cookie.domain !== undefined && cookie.domain !== '' && !domainMatches(host, cookie.domain)) return;
    const secure = cookie.secure === true;
    if (secure && !this.secureContext) return;
    const lower = cookie.name.toLowerCase();
    const path = cookie.path?.startsWith('/') === true ? cookie.path : defaultPath(url);
    if ((lower.startsWith('__secure-') || lower.startsWith('__host-')) && !secure) return;
    if (lower.startsWith('__host-') && (path !== '/' || (cookie.domain ?? '') !== '')) return;
    const key = `${cookie.name}\0${path}`;
    const expiresMs = expiryOf(cookie, nowMs);
    if (expiresMs !== null && expiresMs <= nowMs) {
      this.#cookies.delete(key);
      return;
    }
    this.#cookies.set(key, {
      name: cookie.name,
      value: cookie.value,
      path,
      secure,
      httpOnly: cookie.httpOnly === true,
      sameSite: cookie.sameSite?.toLowerCase() ?? null,
      expiresMs,
    });
  }

  /**
   * The `Cookie` header for a request to `url` (RFC 6265 §5.4: longer paths first), or `null`.
   * A cross-site top-level GET navigation leaves out `SameSite=Strict` cookies and carries Lax,
   * None and unmarked ones (RFC 6265bis §5.8.3; browsers treat an unmarked cookie as Lax).
   */
  header(url: URL, { crossSiteNavigation = false, nowMs = Date.now() } = {}): string | null {
    const matching = this.#live(nowMs).filter(
      (c) =>
        pathMatches(url.pathname, c.path) &&
        (!c.secure || this.secureContext) &&
        !(crossSiteNavigation && c.sameSite === 'strict'),
    );
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.length === 0 ? null : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** The value of cookie `name` (the one with the longest path), or `undefined`. */
  get(name: string, nowMs = Date.now()): string | undefined {
    const found = this.#live(nowMs)
      .filter((c) => c.name === name)
      .sort((a, b) => b.path.length - a.path.length);
    return found[0]?.value;
  }

  /** Plant a cookie as an attacker (or a replaying client) would: path `/`, no expiry. */
  set(name: string, value: string): void {
    this.delete(name);
    this.#cookies.set(`${name}\0/`, {
      name,
      value,
      path: '/',
      secure: false,
      httpOnly: true,
      sameSite: null,
      expiresMs: null,
    });
  }

  /** Forget every cookie called `name`. */
  delete(name: string): void {
    for (const [key, cookie] of this.#cookies) if (cookie.name === name) this.#cookies.delete(key);
  }

  /** Names of the live cookies. */
  names(nowMs = Date.now()): string[] {
    return [...new Set(this.#live(nowMs).map((c) => c.name))];
  }

  #live(nowMs: number): StoredCookie[] {
    return [...this.#cookies.values()].filter((c) => c.expiresMs === null || c.expiresMs > nowMs);
  }
}
