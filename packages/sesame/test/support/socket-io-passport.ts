/**
 * The express-session app of socket.io's guide, on the layer (or on express-session itself, the
 * reference): Passport with passport-local, the session middleware and `passport.session()`
 * mounted on Express and on socket.io's engine, and one `hello` per connection telling what
 * `socket.request` carries.
 */
import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { expect } from 'vitest';
import { createSessions, isSesameError, manualClock } from '../../src/index.js';
import type { ManualClock, SessionOptions, SessionStore } from '../../src/index.js';
import { expressSession } from '../../src/adapters/express-session/index.js';
import type { ExpressSessionOptions } from '../../src/adapters/express-session/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, TEST_SECRET } from './app.js';
import { expressSessionModule } from './legacy-app.js';
import { localStrategy, newPassport, passportRequest } from './passport-modules.js';
import { serveWithSocketIo } from './socket-io.js';
import type { SocketApp } from './socket-io.js';

export interface User {
  id: string;
  username: string;
}
export const USERS: (User & { password: string })[] = [
  { id: 'u1', username: 'ada', password: 'correct horse' },
];

/** `req.session` as socket handlers use it (express-session's API). */
export type LegacyView = Record<string, unknown> & {
  id: string;
  passport?: { user?: string };
  save(cb: (err?: unknown) => void): void;
  reload(cb: (err?: unknown) => void): void;
};
export type EngineRequest = IncomingMessage & {
  session?: LegacyView;
  sesame?: { userId: string | null };
  user?: User;
};

export interface PassportSocketApp extends SocketApp {
  clock: ManualClock;
  store: SessionStore;
  errors: string[];
}

/** What `io.on('connection')` sees on `socket.request`. */
function seen(request: IncomingMessage): unknown {
  const req = request as EngineRequest;
  return {
    user: req.user?.username ?? null,
    passportUser: req.session?.passport?.user ?? null,
    sesameUser: req.sesame?.userId ?? null,
    sessionId: typeof req.session?.id,
  };
}
export const SIGNED_IN = { user: 'ada', passportUser: 'u1', sesameUser: 'u1', sessionId: 'string' };
export const ANONYMOUS = { user: null, passportUser: null, sesameUser: null, sessionId: 'string' };

export interface PassportSocketOptions extends Partial<SessionOptions> {
  layer?: ExpressSessionOptions;
  /** express-session itself instead of the layer: the reference. */
  original?: boolean;
  setUp?: (io: SocketApp['io']) => void;
  /** Wrap the memory store (to make it fail). */
  wrapStore?: (store: SessionStore) => SessionStore;
}

/** Start the app; close it with `close()`. */
export async function startPassportSocketApp(
  options: PassportSocketOptions = {},
): Promise<PassportSocketApp> {
  const { layer, original, setUp, wrapStore, ...sessionOptions } = options;
  const errors: string[] = [];
  const clock = manualClock();
  const inner = memoryStore({ clock });
  const store = wrapStore?.(inner) ?? inner;
  const sessions = createSessions({
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: (m) => errors.push(`warn: ${m}`), error: (m) => errors.push(`error: ${m}`) },
    store,
    clock,
    ...sessionOptions,
  });
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
  // As socket.io's guide has it: one middleware instance for Express and for the engine.
  const sessionMiddleware: RequestHandler =
    original === true
      ? expressSessionModule()({ secret: TEST_SECRET, resave: false, saveUninitialized: false })
      : expressSession(sessions, layer);
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(sessionMiddleware);
  app.use(passport.session());
  app.post(
    '/login',
    passport.authenticate('local', { successRedirect: '/account', failureRedirect: '/login' }),
  );
  app.get('/account', (req, res) => {
    res.json({ user: (passportRequest(req).user as User | undefined)?.username ?? null });
  });
  app.post('/logout', (req, res, next) =>
    passportRequest(req).logout((err) => (err ? next(err) : res.redirect(303, '/'))),
  );
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    errors.push(`handler: ${err instanceof Error ? err.message : String(err)}`);
    res.status(isSesameError(err) ? err.status : 500).json({ error: 'refused' });
  });
  const socketApp = await serveWithSocketIo(
    app,
    (io) => {
      io.engine.use(sessionMiddleware);
      io.engine.use(passport.session());
      setUp?.(io);
    },
    seen,
  );
  return { ...socketApp, clock, store, errors };
}

/** Sign ada in over HTTP, as a browser would. */
export async function signIn(url: string): Promise<Client> {
  const client = new Client(url);
  const reply = await client.post('/login', { form: { username: 'ada', password: 'correct horse' } });
  expect(reply.headers.get('location')).toBe('/account');
  return client;
}
