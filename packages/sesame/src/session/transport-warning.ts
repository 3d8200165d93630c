/**
 * The one warning the engine logs when a Secure session cookie is issued to a plain-HTTP client on
 * a public host (docs/architecture.md §1.2).
 *
 * @module
 */
import type { ResolvedConfig } from '../config.js';
import type { RequestFacts } from '../http.js';

const LOCAL_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/**
 * Warns once: the browser will drop the cookie and sign-in will not stick. Checked where a cookie
 * is issued, not on every request, to keep the read path free of protocol and host lookups.
 */
export class InsecureTransportWarning {
  readonly #config: Pick<ResolvedConfig, 'cookie' | 'logger'>;
  #warned = false;

  constructor(config: Pick<ResolvedConfig, 'cookie' | 'logger'>) {
    this.#config = config;
  }

  /** Log the warning if `facts` is the first plain-HTTP request to a public host to get a Secure cookie. */
  check(facts: RequestFacts): void {
    if (this.#warned || !this.#config.cookie.secure || facts.isSecure) return;
    if (facts.host === null || LOCAL_HOSTS.test(facts.host)) return;
    this.#warned = true;
    this.#config.logger.warn(
      `sesame: a request for ${facts.host} arrived over plain HTTP while the session cookie is Secure; browsers will not send it back, so sign-in will not stick. Serve over HTTPS, or behind a TLS proxy set your framework's trust proxy option. For a development machine reached by another name than localhost, cookie: { dangerouslyAllowInsecureCookie: true } sends it without Secure, named ${this.#config.cookie.name.slice('__Host-'.length)} (refused in production).`,
    );
  }
}
