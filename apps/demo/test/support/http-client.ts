/**
 * A minimal HTTP client with a cookie jar, for tests that speak HTTP to the demo the way a
 * browser without script would: no redirects followed, cookies kept per client.
 *
 * @module
 */

export type Form = Record<string, string>;

/** One visitor: its own cookies, the demo's base URL. */
export class Visitor {
  readonly baseUrl: string;
  readonly cookies: Map<string, string>;
  userAgent =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

  constructor(baseUrl: string, cookies = new Map<string, string>()) {
    this.baseUrl = baseUrl;
    this.cookies = cookies;
  }

  /**
   * The same browser (one cookie jar) sent to another instance, as a load balancer would: a
   * cookie set by one instance goes with the next request to any of them.
   */
  at(baseUrl: string): Visitor {
    const elsewhere = new Visitor(baseUrl, this.cookies);
    elsewhere.userAgent = this.userAgent;
    return elsewhere;
  }

  /** The session cookie value, if the jar has one. */
  get sessionCookie(): string | undefined {
    return this.cookies.get('__Host-sid');
  }

  #cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  #remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), {
      redirect: 'manual',
      ...init,
      headers: {
        'user-agent': this.userAgent,
        ...this.#cookieHeader(),
        ...(init.headers as Record<string, string>),
      },
    });
    this.#remember(response);
    return response;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** POST a urlencoded form. */
  post(path: string, form: Form | string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** The `_csrf` value of the first form on `path`. */
  async csrfFrom(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match?.[1]) throw new Error(`no _csrf field on ${path}`);
    return match[1];
  }

  /** GET the form page, then POST it with its token. */
  async submit(formPath: string, action: string, form: Form): Promise<Response> {
    const token = await this.csrfFrom(formPath);
    return this.post(action, { ...form, _csrf: token });
  }

  register(username: string, password: string): Promise<Response> {
    return this.submit('/register', '/register', { username, password });
  }

  login(username: string, password: string): Promise<Response> {
    return this.submit('/login', '/login', { username, password });
  }
}

/**
 * A fresh browser that holds only `sessionCookie`, pointed at `baseUrl`: replays a cookie without
 * sharing a jar, so a cookie cleared by one answer cannot make the next check pass by itself.
 */
export function holding(baseUrl: string, sessionCookie: string): Visitor {
  const visitor = new Visitor(baseUrl);
  visitor.cookies.set('__Host-sid', sessionCookie);
  return visitor;
}

/** The text of the first element with class `message-error` (what the user reads). */
export function errorMessage(html: string): string | null {
  return /class="message message-error"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;
}

/** The text of the first `message-warning` or `message-notice`. */
export function noticeMessage(html: string): string | null {
  return /class="message message-(?:warning|notice)"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;
}

let counter = 0;
/** A fresh, valid username per call, so tests never collide on the per-account throttle. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid}x${counter}`;
}

export const GOOD_PASSWORD = 'violet tractor harbor lemon';
