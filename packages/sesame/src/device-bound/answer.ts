/**
 * What the core answers a DBSC registration or refresh request with: a whole response, which the
 * adapter writes as it is instead of running the application (CONTRIBUTING.md §3: the rules live
 * in the core; adapters only translate).
 *
 * @module
 */

/** A complete response to a Device Bound Session Credentials endpoint request. */
export interface DeviceBoundAnswer {
  /** 200 (instructions), 403 (sign this challenge), 400 or 401 (refused; the browser ends its DBSC session). */
  status: number;
  /** Headers to set (`Secure-Session-Challenge`, `Content-Type`, `Cache-Control`). */
  headers: Readonly<Record<string, string>>;
  /** `Set-Cookie` lines (the bound cookie). */
  setCookies: readonly string[];
  /** The body: the JSON session instructions, or empty. */
  body: string;
}
