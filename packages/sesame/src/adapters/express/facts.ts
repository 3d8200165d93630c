/**
 * Express request → {@link RequestFacts}. Host, protocol and IP come from Express itself so its
 * `trust proxy` setting decides whether X-Forwarded-* headers count.
 *
 * Everything but the method and the cookie is a getter read on first use: Express derives host,
 * protocol and IP through the trust-proxy function (and `req.ip` through proxy-addr) on every
 * access, and a request that only reads its session needs none of them, nor the CSRF headers
 * (bench/RESULTS.md, CPU profile: the adapter was the largest share of Sesame's time on the read
 * path).
 *
 * socket.io's engine (`io.engine.use(middleware)`) and a `ws` server calling the middleware on
 * 'upgrade' hand it Node's own request, which has no `req.app`: its host, scheme and address then
 * come from the connection (`Host`, TLS, peer address; no `X-Forwarded-*` is trusted without
 * Express's setting), and it is a handshake ({@link RequestFacts.handshake}), as is every
 * WebSocket upgrade. A handshake's response carries no cookie back (`readOnly`): engine.io's
 * stand-in for a WebSocket upgrade, or none at all with `ws`, and a socket.io client need not keep
 * what its polling responses set.
 *
 * @module
 */
import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';
import type { RequestFacts } from '../../http.js';

function header(req: Request, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

/**
 * The host the client addressed, port included, as Express 5's `req.host` computes it: the first
 * `X-Forwarded-Host` when the trust-proxy function trusts the peer, else `Host`. Computed here for
 * both versions because Express 4's `req.host` drops the port (a same-origin `Origin` on a
 * non-default port then fails) and reading it prints a deprecation warning (issue 13).
 */
function forwardedHost(req: Request): string | null {
  const trust = req.app.get('trust proxy fn') as (address: string | undefined, hop: number) => boolean;
  const forwarded = header(req, 'x-forwarded-host');
  if (!forwarded || !trust(req.socket.remoteAddress, 0)) return header(req, 'host');
  const comma = forwarded.indexOf(',');
  return comma === -1 ? forwarded : forwarded.slice(0, comma).trimEnd();
}

class ExpressFacts implements RequestFacts {
  readonly method: string;
  readonly cookieHeader: string | null;
  readonly handshake: boolean;
  readonly readOnly: boolean;
  readonly #req: Request;
  /** Whether Express handled the request (`false`: Node's own, from engine.io or `ws`). */
  readonly #express: boolean;
  #host: string | null | undefined;
  #isSecure: boolean | undefined;
  #ip: string | null | undefined;

  constructor(req: Request) {
    this.#req = req;
    this.method = req.method;
    this.cookieHeader = header(req, 'cookie');
    this.#express = (req as Partial<Request>).app !== undefined;
    this.handshake = !this.#express || req.headers.upgrade !== undefined;
    this.readOnly = this.handshake;
  }

  // Read only by the CSRF check of unsafe methods and when a session is created.
  get origin(): string | null {
    return header(this.#req, 'origin');
  }

  get secFetchSite(): string | null {
    return header(this.#req, 'sec-fetch-site');
  }

  get userAgent(): string | null {
    return header(this.#req, 'user-agent');
  }

  get host(): string | null {
    if (this.#host === undefined) {
      this.#host = this.#express ? forwardedHost(this.#req) : header(this.#req, 'host');
    }
    return this.#host;
  }

  get isSecure(): boolean {
    this.#isSecure ??= this.#express
      ? this.#req.secure
      : (this.#req.socket as Partial<TLSSocket>).encrypted === true;
    return this.#isSecure;
  }

  get ip(): string | null {
    if (this.#ip === undefined) {
      this.#ip = (this.#express ? this.#req.ip : this.#req.socket.remoteAddress) ?? null;
    }
    return this.#ip;
  }

  // Read only when `deviceBound` is on. `originalUrl`, not `path`: the middleware may be mounted
  // under a prefix, and the endpoints are configured as paths from the root. Node's own request
  // (engine.io, `ws`) has only its URL as it came.
  get path(): string {
    const url = (this.#req as Partial<Request>).originalUrl ?? this.#req.url;
    const query = url.indexOf('?');
    return query === -1 ? url : url.slice(0, query);
  }

  get secureSessionId(): string | null {
    return header(this.#req, 'sec-secure-session-id');
  }

  get secureSessionResponse(): string | null {
    return header(this.#req, 'secure-session-response');
  }
}

/** Build the facts the engine needs from an Express 4 or 5 request. */
export function factsFromExpress(req: Request): RequestFacts {
  return new ExpressFacts(req);
}
