/**
 * The request/response seam: the plain data an adapter hands the core for one request, and what
 * the core hands back. Imported by both sides; the core never sees a framework object (CONTRIBUTING.md §3).
 *
 * @module
 */

/** What the engine needs to know about a request. Headers are raw; absent ones are `null`. */
export interface RequestFacts {
  /** The HTTP method, as sent (`GET`, `POST`, …). */
  method: string;
  /** Host name (with port, if any) the client addressed, after trusted-proxy handling. */
  host: string | null;
  /** True when the client reached us over TLS (directly or through a trusted proxy). */
  isSecure: boolean;
  /** The raw `Cookie` header. */
  cookieHeader: string | null;
  /** The raw `Origin` header (read only for the CSRF check of unsafe methods). */
  origin: string | null;
  /** The raw `Sec-Fetch-Site` header (read only for the CSRF check of unsafe methods). */
  secFetchSite: string | null;
  /** The client address, after trusted-proxy handling; stored with a session for the user to see. */
  ip: string | null;
  /** The raw `User-Agent` header; stored with a session for the user to see. */
  userAgent: string | null;
  /**
   * The request's URL path, without the query (read only when `deviceBound` is on, to find its
   * endpoints). An adapter that leaves it out never serves them, and sessions stay unbound.
   */
  path?: string | null;
  /** The raw `Sec-Secure-Session-Id` header (read only by the DBSC refresh endpoint). */
  secureSessionId?: string | null;
  /** The raw `Secure-Session-Response` header (read only by the DBSC endpoints). */
  secureSessionResponse?: string | null;
  /**
   * The response cannot carry cookies (a server component's render; see `readSession` in
   * `sesame-session/web`). Loading then renews no token and clears no cookie, and the `apply`
   * given with it should throw `ERR_RESPONSE_SENT`: every operation that must set a cookie (login,
   * logout, rotation, a first write, an anonymous visitor's CSRF token) calls it, and a sign-in
   * calls it before it writes anything.
   */
  readOnly?: boolean;
  /**
   * The request opens a real-time connection instead of reaching the app's routes: a WebSocket
   * upgrade, or a request of socket.io's engine (engine.io). The CSRF check then judges it by
   * `Sec-Fetch-Site` and `Origin` alone, whatever its method: a page of another site can open a
   * WebSocket with the user's cookies by a GET (Cross-Site WebSocket Hijacking), and browsers
   * always send `Origin` there, so a handshake without either header is no browser's; engine.io's
   * connection id guards the requests that follow, as a CSRF token would.
   */
  handshake?: boolean;
}

/** A change the adapter must apply to the response at once. */
export interface ResponsePlan {
  /**
   * `Set-Cookie` lines to send (the session cookie, the anonymous CSRF cookie; issue or clear).
   * Each replaces any line the response already holds for a cookie of the same name, so a
   * sign-in then a sign-out in one request sends only the last.
   */
  setCookies: readonly string[];
  /**
   * The same cookies as `setCookies`, in the same order, by name, value and attributes: for an
   * API that sets a cookie by parts rather than by header line (`cookies().set(name, value,
   * options)` in a Next.js Server Action). Each line is jshttp/cookie's `serialize(name, value,
   * options)` of its entry. Every plan of Sesame's engine has it; a plan an adapter makes itself
   * may leave it out.
   */
  cookies?: readonly PlannedCookie[];
  /** Always `no-store` here: a response that sets a session cookie must not be cached. */
  cacheControl: 'no-store' | null;
  /**
   * Other response headers to set, each replacing an earlier value (the DBSC registration offer,
   * `Secure-Session-Registration`, on a sign-in). Absent on most plans.
   */
  headers?: Readonly<Record<string, string>>;
}

/** One cookie of a {@link ResponsePlan}, by parts. */
export interface PlannedCookie {
  /** The cookie's name (`__Host-sid` by default, or the anonymous CSRF cookie's). */
  readonly name: string;
  /** Its value: a token or a nonce, or `''` when the cookie is cleared. */
  readonly value: string;
  /** Its attributes: those of the `Set-Cookie` line, no more, no fewer. */
  readonly options: PlannedCookieOptions;
}

/**
 * The attributes of a {@link PlannedCookie}, named as jshttp/cookie's `serialize` and Next.js's
 * `cookies().set` take them. An issued and a cleared cookie carry the same ones but for their
 * lifetime, so the browser replaces the cookie rather than adding one.
 */
export interface PlannedCookieOptions {
  /** Always `true`: page scripts never see a session cookie. */
  readonly httpOnly: boolean;
  /** `Secure`: `true` unless `cookie.dangerouslyAllowInsecureCookie` (refused in production). */
  readonly secure: boolean;
  /** `SameSite`, as configured (`lax` by default). */
  readonly sameSite: 'lax' | 'strict' | 'none';
  /** Always `/` (with `Secure` and no `Domain`, what the `__Host-` prefix requires). */
  readonly path: string;
  /** `Max-Age` in seconds: set on a persistent cookie, and `0` on a cleared one; absent otherwise. */
  readonly maxAge?: number;
  /** `Expires`: the epoch on a cleared cookie (for clients that ignore `Max-Age`); absent otherwise. */
  readonly expires?: Date;
}

/** How the engine reaches the response: adapters pass a function that applies a plan immediately. */
export type ApplyPlan = (plan: ResponsePlan) => void;

/**
 * How an adapter runs work once its response is sent: it calls `run` then (on Node's
 * `res` 'close', say), once, and never before the handler is done with the session. Given to
 * `load`, it lets the engine write a due touch with the request's first data write, or alone
 * after the response when the request writes nothing. An adapter that cannot promise to call
 * `run` leaves it out, and the touch is written while loading.
 */
export type AfterResponse = (run: () => void) => void;
