/**
 * Sesame with its defaults (CSRF on; touch at most once a minute; 20 sessions per user), on the
 * store the variant names; with data sealed at rest for the `-sealed` variants.
 *
 * @module
 */
import { createSessions, type SessionStore } from 'sesame-session';
import { sesame } from 'sesame-session/express';
import { freshUserId, nextValue, notSignedIn, type RouteHandlers } from './routes.js';

/** A fixed secret: the bench is not a deployment, and runs must be repeatable. */
export const BENCH_SECRET = 'sesame-bench-secret-0123456789-abcdefghijklmnop';

/** A fixed 32-byte sealing key (base64url), for the `-sealed` variants (issue 15). */
export const BENCH_SEAL_KEY = 'q3Vb0n5m2WJtX8kRZ1cYdH7fLpA4sGe9uTiOjKwNxCE';

export function sesameHandlers(store: SessionStore, sealed = false): RouteHandlers {
  const sessions = createSessions({
    store,
    secrets: BENCH_SECRET,
    ...(sealed ? { encryption: { keys: BENCH_SEAL_KEY } } : {}),
  });
  return {
    middleware: [sesame(sessions)],
    read: (req, res) => {
      const userId = req.session.userId;
      if (userId === null) return notSignedIn(res);
      res.json({ userId, n: req.session.get('n') ?? null });
    },
    update: async (req, res) => {
      if (!req.session.isAuthenticated) return notSignedIn(res);
      const n = nextValue();
      await req.session.set('n', n);
      res.json({ n });
    },
    login: async (req, res) => {
      const userId = freshUserId();
      await req.session.login(userId);
      res.json({ userId });
    },
  };
}
