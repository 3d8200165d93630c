/**
 * Express request → {@link RequestFacts}. Host, protocol and IP come from Express itself so its
 * `trust proxy` setting decides whether X-Forwarded-* headers count.
 *
 * @module
 */
import type { Request } from 'express';
import type { RequestFacts } from '../../session/facts.js';

function header(req: Request, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

/** Build the facts the engine needs from an Express 4 or 5 request. */
export function factsFromExpress(req: Request): RequestFacts {
  // Express 5's req.host keeps the port and honours trust proxy; Express 4's drops the port, so
  // without a trusted proxy the raw Host header is the faithful value for the Origin comparison.
  const trusted = Boolean(req.app.get('trust proxy'));
  return {
    method: req.method,
    host: trusted ? (req.host ?? null) : header(req, 'host'),
    isSecure: req.secure,
    cookieHeader: header(req, 'cookie'),
    origin: header(req, 'origin'),
    secFetchSite: header(req, 'sec-fetch-site'),
    ip: req.ip ?? null,
    userAgent: header(req, 'user-agent'),
  };
}
