/**
 * Express request → {@link RequestFacts}. Host, protocol and IP come from Express itself so its
 * `trust proxy` setting decides whether X-Forwarded-* headers count.
 *
 * Those three are getters computed on first use: Express derives each through the trust-proxy
 * function (and `req.ip` through proxy-addr) on every access, and a request that only reads its
 * session needs none of them (bench/RESULTS.md, CPU profile: the adapter was the largest share of
 * Sesame's time on the read path).
 *
 * @module
 */
import type { Request } from 'express';
import type { RequestFacts } from '../../session/facts.js';

function header(req: Request, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

class ExpressFacts implements RequestFacts {
  readonly method: string;
  readonly cookieHeader: string | null;
  readonly origin: string | null;
  readonly secFetchSite: string | null;
  readonly userAgent: string | null;
  readonly #req: Request;
  #host: string | null | undefined;
  #isSecure: boolean | undefined;
  #ip: string | null | undefined;

  constructor(req: Request) {
    this.#req = req;
    this.method = req.method;
    this.cookieHeader = header(req, 'cookie');
    this.origin = header(req, 'origin');
    this.secFetchSite = header(req, 'sec-fetch-site');
    this.userAgent = header(req, 'user-agent');
  }

  get host(): string | null {
    if (this.#host === undefined) {
      // Express 5's req.host keeps the port and honours trust proxy; Express 4's drops the port,
      // so without a trusted proxy the raw Host header is the faithful value for the Origin check.
      const req = this.#req;
      this.#host = req.app.get('trust proxy') ? (req.host ?? null) : header(req, 'host');
    }
    return this.#host;
  }

  get isSecure(): boolean {
    this.#isSecure ??= this.#req.secure;
    return this.#isSecure;
  }

  get ip(): string | null {
    if (this.#ip === undefined) this.#ip = this.#req.ip ?? null;
    return this.#ip;
  }
}

/** Build the facts the engine needs from an Express 4 or 5 request. */
export function factsFromExpress(req: Request): RequestFacts {
  return new ExpressFacts(req);
}
