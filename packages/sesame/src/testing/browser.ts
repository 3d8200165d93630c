/**
 * A browser-like HTTP client for the adapter contract: one cookie jar, explicit headers, manual
 * redirects, over real HTTP. Unsafe requests carry `Sec-Fetch-Site: same-origin` as a page of the
 * site would; pass `''` as a header value to leave one out.
 *
 * @module
 */

/** One response, read in full. */
export interface BrowserReply {
  status: number;
  /** The body parsed as JSON, or the text when it is not JSON. */
  body: unknown;
  headers: Headers;
  /** Every `Set-Cookie` line of the response. */
  setCookies: string[];
}

/** Options of one request. */
export interface BrowserRequest {
  headers?: Record<string, string>;
  /** An `application/x-www-form-urlencoded` body. */
  form?: Record<string, string>;
  /** Send this `Cookie` header instead of the jar's (`null`: none). */
  cookie?: string | null;
}

/** A client holding cookies the way a browser does (name → value, cleared by `Max-Age=0`). */
export class Browser {
  readonly baseUrl: string;
  readonly jar = new Map<string, string>();

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  get cookieHeader(): string | null {
    if (this.jar.size === 0) return null;
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, options: BrowserRequest = {}): Promise<BrowserReply> {
    const headers: Record<string, string> = {};
    if (method !== 'GET' && method !== 'HEAD') headers['sec-fetch-site'] = 'same-origin';
    const cookie = options.cookie === undefined ? this.cookieHeader : options.cookie;
    if (cookie !== null) headers['cookie'] = cookie;
    let body: string | null = null;
    if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    Object.assign(headers, options.headers);
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
    // A server that never answers (a crashed handler) fails the case in seconds, not at the test timeout.
    const signal = AbortSignal.timeout(10_000);
    const response = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual', signal });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.#store(line);
    return { status: response.status, body: parsed, headers: response.headers, setCookies };
  }

  get(path: string, options?: BrowserRequest): Promise<BrowserReply> {
    return this.request('GET', path, options);
  }

  post(path: string, options?: BrowserRequest): Promise<BrowserReply> {
    return this.request('POST', path, options);
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.jar.delete(name);
    else this.jar.set(name, value);
  }
}

/** Split a `Set-Cookie` line into name, value and lower-cased attributes. */
export function parseSetCookie(line: string): { name: string; value: string; attributes: string[] } {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}
