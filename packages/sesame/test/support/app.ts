/**
 * A real Express 5 app on an ephemeral port with Sesame mounted, for the security tests. Routes
 * expose each session operation as JSON so tests can drive them like a browser would.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { createSessions, isSesameError, manualClock } from '../../src/index.js';

export { manualClock as manualClockFor };
export { Client } from './http.js';
import type { ManualClock, SessionEvent, SessionOptions, SessionStore, Sessions } from '../../src/index.js';
import { sesame } from '../../src/adapters/express/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import type { ExpressAdapterOptions } from '../../src/adapters/express/index.js';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface TestApp {
  url: string;
  clock: ManualClock;
  store: SessionStore;
  sessions: Sessions;
  events: SessionEvent[];
  errors: string[];
  /** Resolve a gate that a `/slow/*` route is waiting on. */
  open(gate: string): void;
  close(): Promise<void>;
}

export interface TestAppOptions extends Partial<SessionOptions> {
  adapter?: ExpressAdapterOptions;
  /** Express's `trust proxy` setting (X-Forwarded-Host / -Proto count when set). */
  trustProxy?: boolean;
}

/** Start the app. Pass `store` to share one store between several app instances. */
export async function startApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = (options.clock as ManualClock | undefined) ?? manualClock();
  const store = options.store ?? memoryStore({ clock });
  const events: SessionEvent[] = [];
  const errors: string[] = [];
  const { adapter, trustProxy, ...sessionOptions } = options;
  const sessions = createSessions({
    secrets: TEST_SECRET,
    production: false,
    logger: {
      warn: (m, details) => errors.push(`warn: ${m}${details ? ` ${JSON.stringify(details)}` : ''}`),
      error: (m, details) => errors.push(`error: ${m}${details ? ` ${JSON.stringify(details)}` : ''}`),
    },
    onEvent: (event) => events.push(event),
    ...sessionOptions,
    store,
    clock,
  });
  const gates = new Map<string, () => void>();
  const waiting = new Map<string, Promise<void>>();
  const gate = (name: string): Promise<void> => {
    let promise = waiting.get(name);
    if (promise === undefined) {
      promise = new Promise<void>((resolve) => gates.set(name, resolve));
      waiting.set(name, promise);
    }
    return promise;
  };

  const app = express();
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  app.use(express.json({ limit: '10kb' }), express.urlencoded({ extended: false, limit: '10kb' }));
  app.use(sesame(sessions, adapter));
  app.get('/me', (req, res) => {
    res.json({
      userId: req.session.userId,
      data: req.session.data,
      ended: req.session.endedReason,
      stored: req.session.isStored,
    });
  });
  app.post('/login', async (req, res) => {
    const body = req.body as { user: string; remember?: boolean; keepData?: boolean };
    await req.session.login(body.user, {
      remember: body.remember === true,
      keepData: body.keepData !== false,
    });
    res.json({ userId: req.session.userId });
  });
  app.post('/set', async (req, res) => {
    await req.session.update(req.body as Record<string, string>);
    res.json({ data: req.session.data });
  });
  app.post('/unset', async (req, res) => {
    await req.session.unset(...(req.body as { keys: string[] }).keys);
    res.json({ data: req.session.data });
  });
  app.post('/slow/set/:gate', async (req, res) => {
    await gate(String(req.params['gate']));
    await req.session.update(req.body as Record<string, string>);
    res.json({ data: req.session.data });
  });
  app.post('/rotate', async (req, res) => {
    await req.session.rotate();
    res.json({ ok: true });
  });
  app.post('/reauthenticate', async (req, res) => {
    await req.session.reauthenticate();
    res.json({ ok: true });
  });
  app.post('/logout', async (req, res) => {
    await req.session.logout();
    res.json({ ok: true });
  });
  app.post('/logout-others', async (req, res) => {
    res.json({ count: await req.session.logoutOthers() });
  });
  app.post('/logout-everywhere', async (req, res) => {
    res.json({ count: await req.session.logoutEverywhere() });
  });
  app.get('/sessions', async (req, res) => {
    res.json(await req.session.list());
  });
  app.post('/revoke', async (req, res) => {
    res.json({ revoked: await req.session.revoke((req.body as { handle: string }).handle) });
  });
  app.get('/csrf', async (req, res) => {
    res.json({ token: await req.session.csrfToken() });
  });
  app.get('/fresh', (req, res) => {
    const maxAge = req.query['maxAge'];
    res.json({ fresh: req.session.isFresh(typeof maxAge === 'string' ? maxAge : '') });
  });
  app.post('/action', (req, res) => {
    res.json({ ok: true, userId: req.session.userId });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (isSesameError(err)) {
      res.status(err.status).json({ error: err.code });
      return;
    }
    const status = (err as { status?: number }).status ?? 500;
    errors.push(`unhandled: ${err instanceof Error ? err.stack : String(err)}`);
    res.status(status).json({ error: 'internal' });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    store,
    sessions,
    events,
    errors,
    open: (name) => {
      void gate(name);
      gates.get(name)?.();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Split a Set-Cookie line into its value and lower-cased attribute list. */
export function parseSetCookie(line: string): { name: string; value: string; attributes: string[] } {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

export const COOKIE = '__Host-sid';
