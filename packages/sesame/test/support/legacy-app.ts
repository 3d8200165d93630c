/**
 * The app before the switch: express-session with a real store and Passport (passport-local), as
 * its README sets it up; and the same routes after the switch, on the layer with `legacy`. Used
 * by the legacy upgrade tests to sign a user in on one and find them signed in on the other.
 */
import { createRequire } from 'node:module';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import type { LegacyOptions, LegacyStore } from '../../src/adapters/express-session/index.js';
import { listen, sessionOf, startLayerApp } from './layer-app.js';
import type { LayerApp, LayerAppOptions } from './layer-app.js';
import { localStrategy, newPassport, passportRequest } from './passport-modules.js';
import type { PassportInstance } from './passport-modules.js';

const require = createRequire(import.meta.url);

export const LEGACY_SECRET = 'the old express-session secret';

export type ExpressSessionModule = ((options: object) => RequestHandler) & {
  MemoryStore: new () => LegacyStore & {
    set(sid: string, session: object, cb: (err?: unknown) => void): void;
  };
};

/** express-session itself, through `require` (its types would clash with Sesame's `req.session`). */
export function expressSessionModule(): ExpressSessionModule {
  return require('express-session') as ExpressSessionModule;
}

interface User {
  id: string;
  username: string;
}
const USERS = [{ id: 'u1', username: 'ada', password: 'correct horse' }];

function configuredPassport(): PassportInstance {
  const passport = newPassport();
  passport.use(
    localStrategy((username, password, done) => {
      const user = USERS.find((u) => u.username === username && u.password === password);
      done(null, user ? { id: user.id, username: user.username } : false);
    }),
  );
  passport.serializeUser<User>((user, done) => done(null, user.id));
  passport.deserializeUser<User>((id, done) => {
    const user = USERS.find((u) => u.id === id);
    done(null, user ? { id: user.id, username: user.username } : false);
  });
  return passport;
}

function routes(app: Express, passport: PassportInstance): void {
  app.post(
    '/login',
    passport.authenticate('local', { successRedirect: '/account', failureRedirect: '/login' }),
  );
  app.post('/cart', (req, res) => {
    sessionOf(req)['cart'] = ['book', 'pen'];
    res.end();
  });
  app.get('/account', (req, res) => {
    const preq = passportRequest(req);
    if (!preq.isAuthenticated()) return res.status(401).json({ signedIn: false });
    const sesame = (req as { sesame?: { userId: string | null } }).sesame;
    res.json({
      user: (preq.user as User).username,
      sesameUser: sesame?.userId,
      cart: sessionOf(req)['cart'],
    });
  });
}

/** The app before the switch, on express-session and `store`. */
export async function startLegacyApp(store: LegacyStore): Promise<{ url: string; close(): Promise<void> }> {
  const session = expressSessionModule();
  const passport = configuredPassport();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(
    session({
      store,
      secret: LEGACY_SECRET,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', maxAge: 86_400_000 },
    }),
  );
  app.use(passport.session());
  routes(app, passport);
  return listen(app, {});
}

/** The same app after the switch: the layer, upgrading sessions from `legacy`. */
export function startSwitchedApp(
  legacy: LegacyOptions,
  options: Partial<LayerAppOptions> = {},
): Promise<LayerApp> {
  const passport = configuredPassport();
  return startLayerApp({
    ...options,
    layer: { legacy },
    before: (app) => app.use(passport.session()),
    routes: (app) => routes(app, passport),
  });
}

/** What the legacy store holds under `id` (`null` when nothing). */
export function legacySession(store: LegacyStore, id: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    store.get(id, (err, session) =>
      err ? reject(err instanceof Error ? err : new Error('legacy store failed')) : resolve(session ?? null),
    ),
  );
}
