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
}

/** A change the adapter must apply to the response at once. */
export interface ResponsePlan {
  /**
   * `Set-Cookie` lines to send (the session cookie, the anonymous CSRF cookie; issue or clear).
   * Each replaces any line the response already holds for a cookie of the same name, so a
   * sign-in then a sign-out in one request sends only the last.
   */
  setCookies: readonly string[];
  /** Always `no-store` here: a response that sets a session cookie must not be cached. */
  cacheControl: 'no-store' | null;
  /**
   * Other response headers to set, each replacing an earlier value (the DBSC registration offer,
   * `Secure-Session-Registration`, on a sign-in). Absent on most plans.
   */
  headers?: Readonly<Record<string, string>>;
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
