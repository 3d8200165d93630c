/**
 * Fastify request → {@link RequestFacts}. Host, protocol and IP come from Fastify, so its
 * `trustProxy` option decides whether `X-Forwarded-*` headers count.
 *
 * A request with an `Upgrade` header is a WebSocket handshake ({@link RequestFacts.handshake}):
 * `@fastify/websocket` runs a `{ websocket: true }` route's `onRequest` hooks for it as a GET.
 * Its reply is hijacked for the 101, so it carries no cookie back (`readOnly`).
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { RequestFacts } from '../../http.js';

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

/** Build the facts the engine needs from a Fastify 5 request. */
export function factsFromFastify(request: FastifyRequest): RequestFacts {
  const handshake = request.headers.upgrade !== undefined;
  return {
    method: request.method,
    cookieHeader: header(request, 'cookie'),
    handshake,
    readOnly: handshake,
    // Read by the CSRF check of unsafe methods and when a cookie is issued; Fastify 5's
    // `request.host` keeps the port, which the Origin comparison needs.
    get host() {
      return request.host === '' ? null : request.host;
    },
    get isSecure() {
      return request.protocol === 'https';
    },
    get ip() {
      return request.ip;
    },
    get origin() {
      return header(request, 'origin');
    },
    get secFetchSite() {
      return header(request, 'sec-fetch-site');
    },
    get userAgent() {
      return header(request, 'user-agent');
    },
    get path() {
      const query = request.url.indexOf('?');
      return query === -1 ? request.url : request.url.slice(0, query);
    },
    get secureSessionId() {
      return header(request, 'sec-secure-session-id');
    },
    get secureSessionResponse() {
      return header(request, 'secure-session-response');
    },
  };
}
