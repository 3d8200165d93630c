/**
 * A browser-like HTTP client for the adapter contract: one cookie jar, explicit headers, manual
 * redirects, over real HTTP. Unsafe requests carry `Sec-Fetch-Site: same-origin` as a page of the
 * site would; pass `''` as a header value to leave one out.
 *
 * @module
 */

/** One response, read in full. */
export interface BrowserReply {
  /** The HTTP status code (redirects are not followed: a 302 stays a 302). */
  status: number;
  /** The body parsed as JSON, or the text when it is not JSON. */
  body: unknown;
  /** The body as text. */
  text: string;
  /** The response headers as `fetch` gives them. */
  headers: Headers;
  /** Every `Set-Cookie` line of the response. */
  setCookies: string[];
}

/** Options of one request. */
export interface BrowserRequest {
  /**
   * Headers to send, added over the defaults (`Cookie`, `Sec-Fetch-Site: same-origin` on unsafe
   * methods, `Content-Type` for a form); a value of `''` removes that header.
   */
  headers?: Record<string, string>;
  /** An `application/json` body. */
  json?: unknown;
  /** An `application/x-www-form-urlencoded` body. */
  form?: Record<string, string>;
  /** Send this `Cookie` header instead of the jar's (`null`: none). */
  cookie?: string | null;
}

/**
 * A client holding cookies the way a browser does (name → value, cleared by `Max-Age=0`).
 *
 * @example
 * ```ts
 * const browser = new Browser(server.url);
 * const { body } = await browser.get('/csrf');
 * const reply = await browser.post('/login?user=alice', { form: { _csrf: (body as { token: string }).token } });
 * expect(reply.status).toBe(200);
 * ```
 */
export class Browser {
  /** The server's base URL, without a trailing slash; request paths are appended to it. */
  readonly baseUrl: string;
  /** The cookies held, name → value: every `Set-Cookie` of every reply updates it. */
  readonly jar = new Map<string, string>();

  /** A browser with an empty cookie jar, sending to `baseUrl` (e.g. `http://127.0.0.1:41234`). */
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** The `Cookie` header the jar gives (`name=value; …`), or `null` when the jar is empty. */
  get cookieHeader(): string | null {
    if (this.jar.size === 0) return null;
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /**
   * Send one request to `baseUrl + path`, store the reply's cookies in the jar and read the body
   * in full. Aborts after 10 s so a server that never answers fails the case quickly.
   */
  async request(method: string, path: string, options: BrowserRequest = {}): Promise<BrowserReply> {
    const headers: Record<string, string> = {};
    if (method !== 'GET' && method !== 'HEAD') headers['sec-fetch-site'] = 'same-origin';
    const cookie = options.cookie === undefined ? this.cookieHeader : options.cookie;
    if (cookie !== null) headers['cookie'] = cookie;
    let body: string | null = null;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
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
    return { status: response.status, body: parsed, text, headers: response.headers, setCookies };
  }

  /** {@link Browser.request | request} with `GET`. */
  get(path: string, options?: BrowserRequest): Promise<BrowserReply> {
    return this.request('GET', path, options);
  }

  /** {@link Browser.request | request} with `POST` (sends `Sec-Fetch-Site: same-origin` unless overridden). */
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

/**
 * Split a `Set-Cookie` line into name, value and lower-cased attributes.
 *
 * @example
 * ```ts
 * parseSetCookie('__Host-sid=abc; Path=/; HttpOnly');
 * // { name: '__Host-sid', value: 'abc', attributes: ['path=/', 'httponly'] }
 * ```
 */
export function parseSetCookie(line: string): {
  /** The cookie's name, as sent. */
  name: string;
  /** The cookie's value, as sent (empty when the line clears the cookie). */
  value: string;
  /** Each attribute trimmed and lower-cased, e.g. `max-age=0`, `samesite=lax`. */
  attributes: string[];
} {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}
