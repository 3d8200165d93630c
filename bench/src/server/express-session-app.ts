/**
 * express-session as its README recommends: `resave: false`, `saveUninitialized: false`, a
 * 30-minute cookie maxAge (Sesame's default idle timeout), and `regenerate()` then `save()` at
 * sign-in. The cookie is not `secure`: express-session refuses to send a Secure cookie over the
 * plain HTTP that wrk speaks (Sesame sends it anyway; clients on 127.0.0.1 keep it).
 *
 * @module
 */
import type { Request, RequestHandler } from 'express';
import type { ExpressSessionModule, LegacySession, LegacyStore } from './legacy-modules.js';
import { freshUserId, nextValue, notSignedIn, type RouteHandlers } from './routes.js';
import { BENCH_SECRET } from './sesame-app.js';

/** 30 minutes, as Sesame's default idle timeout. */
export const COOKIE_MAX_AGE_MS = 30 * 60_000;

function legacySession(req: Request): LegacySession {
  return (req as unknown as { session: LegacySession }).session;
}

/** The three routes written against express-session's `req.session` (also served by the layer). */
export const legacyRoutes: Omit<RouteHandlers, 'middleware'> = {
  read: (req, res) => {
    const s = legacySession(req);
    if (typeof s.userId !== 'string') return notSignedIn(res);
    res.json({ userId: s.userId, n: s.n ?? null });
  },
  update: (req, res) => {
    const s = legacySession(req);
    if (typeof s.userId !== 'string') return notSignedIn(res);
    const n = nextValue();
    s.n = n;
    res.json({ n });
  },
  login: (req, res, next) => {
    const userId = freshUserId();
    legacySession(req).regenerate((error) => {
      if (error) return next(error);
      const s = legacySession(req);
      s.userId = userId;
      s.save((saveError) => {
        if (saveError) return next(saveError);
        res.json({ userId });
      });
    });
  },
};

export function expressSessionHandlers(session: ExpressSessionModule, store: LegacyStore): RouteHandlers {
  const middleware = session({
    store,
    secret: BENCH_SECRET,
    name: 'sid',
    resave: false,
    saveUninitialized: false,
    cookie: { maxAge: COOKIE_MAX_AGE_MS, httpOnly: true, sameSite: 'lax', secure: false },
  }) as RequestHandler;
  return { middleware: [middleware], ...legacyRoutes };
}
