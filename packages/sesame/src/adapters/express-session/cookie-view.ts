/**
 * `req.session.cookie` as express-session apps read and set it. Sesame's cookie ends with the
 * browser by default, so `maxAge`, `expires` and `originalMaxAge` read `null` until the app sets a
 * lifetime ("remember me": `req.session.cookie.maxAge = 30 * 86_400_000`); a lifetime is cut to
 * what is left of the session's absolute lifetime, so cookie and record expire together
 * (docs/architecture.md §1.2, §1.4). Attributes are Sesame's and read-only.
 *
 * @module
 */
import type { ResolvedConfig } from '../../config.js';

/** What the cookie view needs from the request's session. */
export interface CookieContext {
  now(): number;
  /** Milliseconds left of the session's absolute lifetime. */
  absoluteRemainingMs(): number;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
}

export class CookieView {
  readonly httpOnly = true;
  readonly path = '/';
  readonly domain: undefined = undefined;
  readonly secure: boolean;
  readonly sameSite: 'lax' | 'strict' | 'none';
  /** The lifetime the app asked for, after the cut; `null` for a browser-session cookie. */
  originalMaxAge: number | null = null;
  /** True once the app changed the lifetime in this request: the cookie must be issued again. */
  changed = false;
  readonly #context: CookieContext;
  #expiresMs: number | null = null;

  constructor(context: CookieContext) {
    this.#context = context;
    this.secure = context.secure;
    this.sameSite = context.sameSite;
  }

  /** Milliseconds until the cookie expires, or `null` for a browser-session cookie. */
  get maxAge(): number | null {
    return this.#expiresMs === null ? null : Math.max(0, this.#expiresMs - this.#context.now());
  }

  set maxAge(ms: number | null | undefined) {
    this.changed = true;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
      this.originalMaxAge = null;
      this.#expiresMs = null;
      return;
    }
    const cut = Math.min(ms, this.#context.absoluteRemainingMs());
    this.originalMaxAge = cut;
    this.#expiresMs = this.#context.now() + cut;
  }

  get expires(): Date | null {
    return this.#expiresMs === null ? null : new Date(this.#expiresMs);
  }

  /** A `Date` sets the lifetime up to it; `false` or `null` makes a browser-session cookie. */
  set expires(value: Date | false | null | undefined) {
    this.maxAge = value instanceof Date ? value.getTime() - this.#context.now() : null;
  }

  /** Apply a lifetime cut to the absolute lifetime again (after sign-in started a new one). */
  lifetimeMs(): number | null {
    const maxAge = this.maxAge;
    return maxAge === null ? null : Math.min(maxAge, this.#context.absoluteRemainingMs());
  }

  toJSON(): Record<string, unknown> {
    return {
      originalMaxAge: this.originalMaxAge,
      expires: this.expires,
      secure: this.secure,
      httpOnly: this.httpOnly,
      path: this.path,
      sameSite: this.sameSite,
    };
  }
}

/** The cookie view of a session whose creation time `createdAt` reads (`null` while not stored). */
export function cookieView(config: ResolvedConfig, createdAt: () => number | null): CookieView {
  const { clock, cookie, absoluteTimeoutMs } = config;
  return new CookieView({
    now: () => clock.now(),
    absoluteRemainingMs: () => {
      const created = createdAt();
      // Not stored yet: the session this request creates gets the whole lifetime.
      return created === null ? absoluteTimeoutMs : created + absoluteTimeoutMs - clock.now();
    },
    secure: cookie.secure,
    sameSite: cookie.sameSite,
  });
}
