/**
 * A tiny HTTP client for the security tests: one cookie jar for the session cookie, explicit
 * headers, manual redirects. Talks to a real server on 127.0.0.1.
 */

export interface Reply {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
  /** Every Set-Cookie line of the response. */
  setCookies: string[];
}

export interface RequestOptions {
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Send this Cookie header instead of the jar's. */
  cookie?: string | null;
}

/** A browser-like client holding one session cookie. */
export class Client {
  readonly baseUrl: string;
  /** The cookie jar: name → value, updated from Set-Cookie. */
  readonly jar = new Map<string, string>();

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  get cookieHeader(): string | null {
    if (this.jar.size === 0) return null;
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    // Same-origin browser by default: unsafe requests carry Fetch Metadata like a real page would.
    if (method !== 'GET' && method !== 'HEAD') headers['sec-fetch-site'] = 'same-origin';
    const cookie = options.cookie === undefined ? this.cookieHeader : options.cookie;
    if (cookie !== null) headers['cookie'] = cookie;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    Object.assign(headers, options.headers);
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body ?? null,
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const cleared = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (cleared) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: response.status, body: parsed, text, headers: response.headers, setCookies };
  }

  get(path: string, options?: RequestOptions): Promise<Reply> {
    return this.request('GET', path, options);
  }

  post(path: string, options?: RequestOptions): Promise<Reply> {
    return this.request('POST', path, options);
  }
}
