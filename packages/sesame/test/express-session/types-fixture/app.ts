/**
 * An app that still has @types/express-session installed and augments its SessionData, moved to
 * the layer. Compiled on its own by types.test.ts (issue 12): it must type-check with no TS2717
 * (two `req.session` declarations), and the augmentation must type `req.session`.
 */
import express from 'express';
import session from 'express-session';
import { createSessions } from 'sesame-session';
import { expressSession } from 'sesame-session/express-session';
import { memoryStore } from 'sesame-session/stores/memory';

declare module 'express-session' {
  interface SessionData {
    cart: string[];
    views: number;
  }
}

const app = express();
const sessions = createSessions({ store: memoryStore(), production: false });
app.use(expressSession(sessions));
// A router that has not moved yet still compiles against express-session's own middleware type.
export const notMovedYet: express.RequestHandler = session({
  secret: 'old',
  resave: false,
  saveUninitialized: false,
});

app.post('/cart', (req, res, next) => {
  req.session.cart = [...(req.session.cart ?? []), 'book'];
  req.session.views = (req.session.views ?? 0) + 1;
  // @ts-expect-error SessionData says cart is a string[]
  req.session.cart = 42;
  const id: string = req.sessionID;
  const maxAge: number | undefined = req.session.cookie.maxAge;
  req.session.cookie.maxAge = 86_400_000;
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.save(() => res.json({ id, maxAge }));
  });
});

app.post('/logout-everywhere', async (req, res) => {
  const count: number = await req.sesame.logoutEverywhere();
  res.json({ count, sessions: (await req.sesame.list()).length });
});
