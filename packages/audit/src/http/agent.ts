/**
 * One simulated browser: a cookie jar plus the shared client. Checks create as many as they need
 * (victim, attacker, replaying client); each follows same-origin redirects only, a bounded number
 * of times, and records every response it saw for the checks that scan them.
 *
 * @module
 */
import type { ClientResponse, HeaderInit, HttpClient } from './client.js';
import { CookieJar } from './cookie-jar.js';
import type { SeenSetCookie } from './cookie-jar.js';
import { isSameOrigin } from './target.js';

/** A response plus the cookies it set. */
export interface Hop extends ClientResponse {
  cookies: SeenSetCookie[];
}

/** Where a navigation ended, and every hop on the way. */
export interface Navigation {
  final: Hop;
  hops: Hop[];
  /** Set when a redirect pointed at another origin: it was not followed. */
  offTarget: URL | null;
}

/** Body and headers of one request. */
export interface SendOptions {
  headers?: HeaderInit;
  /** Sent as `application/x-www-form-urlencoded`, like an HTML form. */
  form?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * What a browser sends with a form post from one of the site's own pages (Fetch Metadata, W3C;
 * `Origin` per RFC 6454 §7): the honest baseline that CSRF variants then change.
 */
export function sameOriginHeaders(target: URL): HeaderInit {
  return { origin: target.origin, 'sec-fetch-site': 'same-origin', referer: `${target.origin}/` };
}

/**
 * A simulated browser.
 *
 * @example
 * const agent = new Agent(client, true);
 * const { final } = await agent.navigate('GET', '/login');
 */
export class Agent {
  readonly jar: CookieJar;
  /** Every response this agent received, in order. */
  readonly seen: Hop[] = [];

  constructor(
    private readonly client: HttpClient,
    secureContext: boolean,
  ) {
    this.jar = new CookieJar(secureContext);
  }

  /** The audited origin. */
  get target(): URL {
    return this.client.target;
  }

  /** One request, no redirect followed; cookies from the answer are stored. */
  async send(method: string, where: string | URL, options: SendOptions = {}): Promise<Hop> {
    const url = typeof where === 'string' ? new URL(where, this.client.target) : where;
    const headers: HeaderInit = {};
    let body: string | undefined;
    if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const cookie = this.jar.header(url);
    if (cookie !== null) headers.cookie = cookie;
    Object.assign(headers, options.headers);
    const response = await this.client.send({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const hop: Hop = { ...response, cookies: this.jar.store(url, response.setCookies) };
    this.seen.push(hop);
    return hop;
  }

  /**
   * A request followed through same-origin redirects (at most 5), the way a browser follows them:
   * 301/302/303 turn into GET, 307/308 repeat the method and body (RFC 9110 §15.4).
   */
  async navigate(method: string, where: string | URL, options: SendOptions = {}): Promise<Navigation> {
    const hops: Hop[] = [];
    let hop = await this.send(method, where, options);
    hops.push(hop);
    let current = { method, options };
    for (let i = 0; i < MAX_REDIRECTS && REDIRECTS.has(hop.status) && hop.location !== null; i++) {
      if (!isSameOrigin(this.client.target, hop.location))
        return { final: hop, hops, offTarget: hop.location };
      if (hop.status !== 307 && hop.status !== 308) {
        current = { method: 'GET', options: { headers: { 'sec-fetch-site': 'same-origin' } } };
      }
      hop = await this.send(current.method, hop.location, current.options);
      hops.push(hop);
    }
    return { final: hop, hops, offTarget: null };
  }
}
