/**
 * Collects the {@link ResponsePlan}s of one request and writes them onto the `Response` the app
 * returns. A Web handler builds its response after the session changed, so the plans wait here;
 * once written, a further change is an error (it could no longer reach the browser).
 *
 * @module
 */
import type { ResponsePlan } from '../../http.js';
import { setCookieName } from '../set-cookie.js';
import { SesameError } from '../../errors.js';

export class ResponseHeaders {
  /** Cookie name → its latest `Set-Cookie` line: a login then a logout sends only the last. */
  readonly #cookies = new Map<string, string>();
  /** Other headers the plans set (the DBSC registration offer), each replacing the last. */
  readonly #headers = new Map<string, string>();
  #noStore = false;
  #written = false;

  /** The `ApplyPlan` handed to the engine. */
  readonly add = (plan: ResponsePlan): void => {
    if (this.#written) {
      throw new SesameError(
        'ERR_RESPONSE_SENT',
        'sesame: the session changed after the response was built; call login()/logout()/set() before returning it.',
      );
    }
    if (plan.cacheControl !== null) this.#noStore = true;
    for (const [name, value] of Object.entries(plan.headers ?? {})) this.#headers.set(name, value);
    for (const line of plan.setCookies) this.#cookies.set(setCookieName(line), line);
  };

  /** The headers to send, for frameworks that take a `Headers` (e.g. `new Response(body, { headers })`). */
  headers(): Headers {
    const headers = new Headers();
    this.#writeTo(headers);
    return headers;
  }

  /**
   * Write the session's headers onto `response` and return the response to send: the same
   * object, or a copy when its headers are immutable (`Response.redirect()`, `fetch()` results).
   */
  writeTo(response: Response): Response {
    this.#written = true;
    if (!this.#noStore && this.#cookies.size === 0 && this.#headers.size === 0) return response;
    try {
      this.#writeTo(response.headers);
      return response;
    } catch {
      const copy = new Response(response.body, response);
      this.#writeTo(copy.headers);
      return copy;
    }
  }

  #writeTo(headers: Headers): void {
    if (this.#noStore) headers.set('cache-control', 'no-store');
    for (const [name, value] of this.#headers) headers.set(name, value);
    if (this.#cookies.size === 0) return;
    const others = headers.getSetCookie().filter((line) => !this.#cookies.has(setCookieName(line)));
    headers.delete('set-cookie');
    for (const line of [...others, ...this.#cookies.values()]) headers.append('set-cookie', line);
  }
}
