/**
 * The baseline: the same routes and response bodies with no session layer at all.
 *
 * @module
 */
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
