/**
 * Web-standard `Request` → {@link RequestFacts}. A `Request` carries no socket, so the client's
 * address comes from an `ip` function the runtime provides (Bun's `server.requestIP`, Hono's
 * `getConnInfo`), and `X-Forwarded-*` count only with `trustProxy`. A Server Action has the
 * request's headers only, no URL: {@link factsFromHeaders} reads what headers tell.
 *
 * A `Request` with an `Upgrade` header is a WebSocket handshake ({@link RequestFacts.handshake}):
 * Hono's `upgradeWebSocket`, Bun's `server.upgrade`, `Deno.upgradeWebSocket` answer it with a
 * 101 of the runtime's, which carries no cookie back (`readOnly`).
 *
 * @module
 */
import type { RequestFacts } from '../../http.js';

/** The request headers a render or a Server Action sees: a `Headers`, or Next.js's read-only `headers()`. */
export interface HeadersLike {
  /** The value of header `name` (case-insensitive), or `null` when the request has none. */
  get(name: string): string | null;
}

/** How to read what a `Request` alone cannot tell. */
export interface WebFactsOptions {
  /**
   * Believe `X-Forwarded-Host`, `X-Forwarded-Proto` (first value) and `X-Forwarded-For` (last
   * value: the address the proxy saw; earlier ones are whatever the client sent): only behind one
   * proxy that sets them. Default false.
   */
  trustProxy?: boolean;
  /** The client's IP address, for session metadata (the runtime knows it; a `Request` does not). */
  ip?: (request: Request) => string | null;
}

/** A request as far as its facts go. */
export interface FactsSource {
  method: string;
  headers: HeadersLike;
  /** The request's URL, or `null` where there is none (a Server Action). */
  url: string | null;
  /** The client's address as the runtime knows it. */
  ip: () => string | null;
  /** A WebSocket upgrade ({@link RequestFacts.handshake}); absent: no. */
  handshake?: boolean;
}

function first(value: string | null): string | null {
  return value?.split(',')[0]?.trim() || null;
}

function last(value: string | null): string | null {
  return value?.split(',').at(-1)?.trim() || null;
}

/**
 * Build the facts the engine needs from a request's headers. Without a URL, the host is the
 * `Host` header's, the scheme is plain HTTP and the path unknown, unless a trusted proxy says so.
 */
export function factsFromHeaders(source: FactsSource, trustProxy: boolean): RequestFacts {
  const { headers, url } = source;
  const parsed = (): URL | null => (url === null ? null : new URL(url));
  const handshake = source.handshake === true;
  return {
    method: source.method,
    handshake,
    readOnly: handshake,
    cookieHeader: headers.get('cookie'),
    origin: headers.get('origin'),
    secFetchSite: headers.get('sec-fetch-site'),
    userAgent: headers.get('user-agent'),
    get host() {
      const forwarded = trustProxy ? first(headers.get('x-forwarded-host')) : null;
      return forwarded ?? headers.get('host') ?? parsed()?.host ?? null;
    },
    get isSecure() {
      const forwarded = trustProxy ? first(headers.get('x-forwarded-proto')) : null;
      return forwarded === null ? parsed()?.protocol === 'https:' : forwarded === 'https';
    },
    get ip() {
      const forwarded = trustProxy ? last(headers.get('x-forwarded-for')) : null;
      return forwarded ?? source.ip();
    },
    get path() {
      return parsed()?.pathname ?? null;
    },
    get secureSessionId() {
      return headers.get('sec-secure-session-id');
    },
    get secureSessionResponse() {
      return headers.get('secure-session-response');
    },
  };
}

/** Build the facts the engine needs from a `Request`. */
export function factsFromRequest(request: Request, options: WebFactsOptions = {}): RequestFacts {
  const ip = (): string | null => options.ip?.(request) ?? null;
  return factsFromHeaders(
    {
      method: request.method,
      headers: request.headers,
      url: request.url,
      ip,
      handshake: request.headers.has('upgrade'),
    },
    options.trustProxy === true,
  );
}
