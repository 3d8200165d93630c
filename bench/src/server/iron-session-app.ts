/**
 * iron-session 8: the whole session sealed into the cookie (stateless reference). ttl 30 minutes
 * to match the others; `secure: false` as for express-session.
 *
 * @module
 */
import { getIronSession, type SessionOptions } from 'iron-session';
import { freshUserId, nextValue, notSignedIn, type RouteHandlers } from './routes.js';
import { BENCH_SECRET } from './sesame-app.js';

interface IronData {
  userId?: string;
  n?: number;
}

const options: SessionOptions = {
  password: BENCH_SECRET,
  cookieName: 'iron',
  ttl: 30 * 60,
  cookieOptions: { httpOnly: true, sameSite: 'lax', secure: false },
};

export function ironSessionHandlers(): RouteHandlers {
  return {
    middleware: [],
    read: async (req, res) => {
      const s = await getIronSession<IronData>(req, res, options);
      if (typeof s.userId !== 'string') return notSignedIn(res);
      res.json({ userId: s.userId, n: s.n ?? null });
    },
    update: async (req, res) => {
      const s = await getIronSession<IronData>(req, res, options);
      if (typeof s.userId !== 'string') return notSignedIn(res);
      const n = nextValue();
      s.n = n;
      await s.save();
      res.json({ n });
    },
    login: async (req, res) => {
      const s = await getIronSession<IronData>(req, res, options);
      const userId = freshUserId();
      s.userId = userId;
      await s.save();
      res.json({ userId });
    },
  };
}
