/**
 * Web-standard `Request` → {@link RequestFacts}. A `Request` carries no socket, so the client's
 * address comes from an `ip` function the runtime provides (Bun's `server.requestIP`, Hono's
 * `getConnInfo`), and `X-Forwarded-*` count only with `trustProxy`.
 *
 * @module
 */
import type { RequestFacts } from '../../http.js';

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

function first(value: string | null): string | null {
  return value?.split(',')[0]?.trim() || null;
}

function last(value: string | null): string | null {
  return value?.split(',').at(-1)?.trim() || null;
}

/** Build the facts the engine needs from a `Request`. */
export function factsFromRequest(request: Request, options: WebFactsOptions = {}): RequestFacts {
  const { headers } = request;
  const proxied = options.trustProxy === true;
  return {
    method: request.method,
    cookieHeader: headers.get('cookie'),
    origin: headers.get('origin'),
    secFetchSite: headers.get('sec-fetch-site'),
    userAgent: headers.get('user-agent'),
    get host() {
      const forwarded = proxied ? first(headers.get('x-forwarded-host')) : null;
      return forwarded ?? headers.get('host') ?? new URL(request.url).host;
    },
    get isSecure() {
      const forwarded = proxied ? first(headers.get('x-forwarded-proto')) : null;
      return forwarded === null ? new URL(request.url).protocol === 'https:' : forwarded === 'https';
    },
    get ip() {
      const forwarded = proxied ? last(headers.get('x-forwarded-for')) : null;
      return forwarded ?? options.ip?.(request) ?? null;
    },
    get path() {
      return new URL(request.url).pathname;
    },
    get secureSessionId() {
      return headers.get('sec-secure-session-id');
    },
    get secureSessionResponse() {
      return headers.get('secure-session-response');
    },
  };
}
