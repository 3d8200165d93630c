/**
 * Load a session again within one request: `reload()` reads the session the response's cookie
 * names, and a cookie whose session had ended before the request is replaced by no session at
 * the first write. Both go through `sessions.load`, with the request's facts and another cookie.
 *
 * @module
 */
import type { RegisteredData, Sessions } from '../../index.js';
import type { ApplyPlan, RequestFacts } from '../../http.js';
import type { Session } from '../../session/session.js';

/** The engine's facts with another `Cookie` header (the other facts are read from `base`). */
export class FactsWithCookie implements RequestFacts {
  readonly #base: RequestFacts;
  readonly cookieHeader: string | null;

  constructor(base: RequestFacts, cookieHeader: string | null) {
    this.#base = base;
    this.cookieHeader = cookieHeader;
  }

  get method(): string {
    return this.#base.method;
  }
  get host(): string | null {
    return this.#base.host;
  }
  get isSecure(): boolean {
    return this.#base.isSecure;
  }
  get origin(): string | null {
    return this.#base.origin;
  }
  get secFetchSite(): string | null {
    return this.#base.secFetchSite;
  }
  get ip(): string | null {
    return this.#base.ip;
  }
  get userAgent(): string | null {
    return this.#base.userAgent;
  }
  // A handshake's session read again (socket.io's `req.session.reload()`) still renews nothing.
  get readOnly(): boolean {
    return this.#base.readOnly === true;
  }
}

/** The session `token` names (`null`: no session) as `sessions.load` gives it. */
export function loadAgain(
  sessions: Sessions<RegisteredData>,
  facts: RequestFacts,
  apply: ApplyPlan,
  token: string | null,
): Promise<Session<RegisteredData>> {
  const cookie = token === null ? null : `${sessions.config.cookie.name}=${token}`;
  return sessions.load(new FactsWithCookie(facts, cookie), apply);
}
