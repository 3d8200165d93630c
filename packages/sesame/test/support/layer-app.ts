/**
 * A real Express 5 app on an ephemeral port with the express-session layer mounted, for the
 * compatibility tests: each test adds its own routes (Passport, connect-flash, plain handlers).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { createSessions, isSesameError, manualClock } from '../../src/index.js';
import type { ManualClock, SessionOptions, SessionStore, Sessions } from '../../src/index.js';
import { expressSession } from '../../src/adapters/express-session/index.js';
import type { ExpressSessionOptions } from '../../src/adapters/express-session/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { TEST_SECRET } from './app.js';

export interface LayerApp {
  url: string;
  clock: ManualClock;
  store: SessionStore;
  sessions: Sessions;
  /** Logged warnings and errors, and errors that reached the app's error handler. */
  errors: string[];
  close(): Promise<void>;
}

export interface LayerAppOptions extends Partial<SessionOptions> {
  layer?: ExpressSessionOptions;
  /** Middleware mounted after the layer and before `routes` (passport.initialize, flash…). */
  before?: (app: Express) => void;
  routes: (app: Express) => void;
}

/** Start an app; `store` lets several apps (an express-session one, then this) share a store. */
export async function startLayerApp(options: LayerAppOptions): Promise<LayerApp> {
  const clock = (options.clock as ManualClock | undefined) ?? manualClock();
  const store = options.store ?? memoryStore({ clock });
  const errors: string[] = [];
  const { layer, before, routes, ...sessionOptions } = options;
  const sessions = createSessions({
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: (m) => errors.push(`warn: ${m}`), error: (m) => errors.push(`error: ${m}`) },
    ...sessionOptions,
    store,
    clock,
  });
  const app = express();
  app.use(express.json({ limit: '10kb' }), express.urlencoded({ extended: false, limit: '10kb' }));
  app.use(expressSession(sessions, layer));
  before?.(app);
  routes(app);
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (isSesameError(err)) {
      res.status(err.status).json({ error: err.code });
      return;
    }
    errors.push(`unhandled: ${err instanceof Error ? err.stack : String(err)}`);
    res.status(500).json({ error: 'internal' });
  });
  return listen(app, { clock, store, sessions, errors });
}

/** Serve `app` on 127.0.0.1, port 0. */
export async function listen<T extends object>(
  app: Express,
  extra: T,
): Promise<T & { url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...extra,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** `req.session` as an express-session app sees it, for handlers in these tests. */
export type LegacyView = Record<string, unknown> & {
  id: string;
  cookie: { maxAge: number | null; expires: Date | null; originalMaxAge: number | null };
  regenerate(cb: (err?: unknown) => void): unknown;
  destroy(cb?: (err?: unknown) => void): unknown;
  save(cb?: (err?: unknown) => void): unknown;
  reload(cb: (err?: unknown) => void): unknown;
  touch(): unknown;
  resetMaxAge(): unknown;
};

/** The layer's `req.session` (typed by @types/express-session in apps; the repo typechecks without it). */
export function sessionOf(req: Request): LegacyView {
  return (req as unknown as { session: LegacyView }).session;
}
