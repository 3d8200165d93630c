/**
 * The baseline: the same routes and response bodies with no session layer at all; and the floor:
 * the baseline plus the least any store-backed session layer does in Express (one more middleware,
 * the request facts read, one awaited promise, `Cache-Control: no-store` on the signed-in answer).
 * The gap between the two is what no session library can avoid; the gap from the floor to
 * Sesame is Sesame's own work.
 *
 * @module
 */
import type { RequestHandler } from 'express';
import { freshUserId, nextValue, type RouteHandlers } from './routes.js';

export function baselineHandlers(): RouteHandlers {
  return {
    middleware: [],
    read: (_req, res) => {
      res.json({ userId: 'baseline', n: null });
    },
    update: (_req, res) => {
      res.json({ n: nextValue() });
    },
    login: (_req, res) => {
      res.json({ userId: freshUserId() });
    },
  };
}

/** What an async session layer must do at least: look at the request, wait once, mark no-store. */
const asyncLayer: RequestHandler = (req, res, next) => {
  const facts = { cookie: req.headers.cookie ?? null, host: req.headers.host ?? null, ip: req.ip ?? null };
  void Promise.resolve(facts).then(() => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
};

export function floorHandlers(): RouteHandlers {
  return { ...baselineHandlers(), middleware: [asyncLayer] };
}
