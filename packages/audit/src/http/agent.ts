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
  /**
   * The request starts on another site (a forged one): redirects keep it cross-site, and a
   * cross-site GET navigation carries no `SameSite=Strict` cookie.
   */
  crossSite?: boolean;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * What a browser sends with a form post from one of the site's own pages (Fetch Metadata, W3C;
 * `Origin` per RFC 6454 §7): the honest baseline that CSRF variants then change. `origin` is the
 * site's public origin (https:// behind a TLS proxy, issue 14), not necessarily the audited URL's.
 */
export function sameOriginHeaders(origin: string): HeaderInit {
  return {
    origin,
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'navigate',
    referer: `${origin}/`,
  };
}

/**
 * The request a browser makes when it follows a redirect (Fetch §4.4 "HTTP-redirect fetch";
 * RFC 9110 §15.4): 301/302 turn a POST into a GET and 303 turns anything but HEAD into one (body
 * dropped), 307/308 repeat method and body. A redirected GET carries no `Origin`; a repeated POST
 * that began on another site carries `Origin: null` (its redirect-taint is cross-site).
 * `Sec-Fetch-Site` and `Referer` keep what the chain began with.
 */
export function followRequest(
  status: number,
  method: string,
  options: SendOptions,
): { method: string; options: SendOptions } {
  const toGet =
    ((status === 301 || status === 302) && method === 'POST') ||
    (status === 303 && method !== 'GET' && method !== 'HEAD');
  const nextMethod = toGet ? 'GET' : method;
  const headers: HeaderInit = { ...options.headers };
  const origin = headers.origin;
  if (nextMethod === 'GET' || nextMethod === 'HEAD') headers.origin = null;
  else if (options.crossSite === true && origin !== null && origin !== undefined) headers.origin = 'null';
  const crossSite = options.crossSite === true ? { crossSite: true } : {};
  if (toGet || nextMethod === 'GET') return { method: nextMethod, options: { headers, ...crossSite } };
  return { method: nextMethod, options: { ...options, headers } };
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

  /** The origin the site believes it serves (what `Origin`/`Referer` carry on its own requests). */
  get publicOrigin(): string {
    return this.client.options.publicOrigin;
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
    const crossSiteNavigation = options.crossSite === true && method === 'GET';
    const cookie = this.jar.header(url, { crossSiteNavigation });
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
   * A request followed through same-origin redirects (at most 5) the way a browser follows them
   * (see {@link followRequest}); a forged request (`crossSite`) stays cross-site on every hop.
   */
  async navigate(method: string, where: string | URL, options: SendOptions = {}): Promise<Navigation> {
    const hops: Hop[] = [];
    let hop = await this.send(method, where, options);
    hops.push(hop);
    let current = { method, options };
    for (let i = 0; i < MAX_REDIRECTS && REDIRECTS.has(hop.status) && hop.location !== null; i++) {
      if (!isSameOrigin(this.client.target, hop.location))
        return { final: hop, hops, offTarget: hop.location };
      current =
        current.options.crossSite === true
          ? followRequest(hop.status, current.method, current.options)
          : sameSiteFollow(hop.status, current.method, current.options);
      hop = await this.send(current.method, hop.location, current.options);
      hops.push(hop);
    }
    return { final: hop, hops, offTarget: null };
  }
}

/** A redirect of the site's own request: the browser's rules, marked same-origin. */
function sameSiteFollow(
  status: number,
  method: string,
  options: SendOptions,
): ReturnType<typeof followRequest> {
  const next = followRequest(status, method, options);
  if (next.method !== 'GET') return next;
  return {
    method: 'GET',
    options: { headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' } },
  };
}
