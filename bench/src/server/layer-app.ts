/**
 * Sesame's express-session layer (sesame-session/express-session, issue 12) serving the very
 * handlers the express-session variant runs (`req.session.userId = …`, `regenerate()` then
 * `save()` at sign-in), with Sesame's defaults on the variant's store. The user id is read from
 * `req.session.userId`, so the sign-in is a Sesame sign-in.
 *
 * @module
 */
import { createSessions, type SessionStore } from 'sesame-session';
import { expressSession } from 'sesame-session/express-session';
import { legacyRoutes } from './express-session-app.js';
import type { RouteHandlers } from './routes.js';
import { BENCH_SECRET } from './sesame-app.js';

export function layerHandlers(store: SessionStore): RouteHandlers {
  const sessions = createSessions({ store, secrets: BENCH_SECRET });
  const userId = (session: Readonly<Record<string, unknown>>): string | null =>
    typeof session['userId'] === 'string' ? session['userId'] : null;
  return { middleware: [expressSession(sessions, { userId })], ...legacyRoutes };
}
