/**
 * `sesame(sessions)` shared with socket.io (`io.engine.use(middleware)`, then
 * `socket.request.session`) and with a `ws`-style server that calls the middleware on 'upgrade'
 * with Node's own request and no response. Before the fix, a handshake whose session had a
 * renewal due was refused ("Cannot read properties of undefined (reading 'get')": the trust proxy
 * setting read from `req.app`), `ws`'s `{}` response failed every signed-in user ("res.setHeader
 * is not a function") and, on Express 4, a handshake before the first page request left the
 * router unpatched, so a store outage in an async route crashed the process.
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import express4 from 'express4';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, isSesameError, manualClock } from '../../src/index.js';
import type { ManualClock, Session, SessionOptions, SessionStore } from '../../src/index.js';
import { sesame } from '../../src/adapters/express/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, COOKIE, TEST_SECRET } from '../support/app.js';
import { handshake, open, serveWithSocketIo, TRANSPORTS } from '../support/socket-io.js';
import type { SocketApp } from '../support/socket-io.js';

type EngineRequest = IncomingMessage & { session?: Session };

interface Fixture extends SocketApp {
  middleware: RequestHandler;
  clock: ManualClock;
  store: SessionStore;
  errors: string[];
}

const cleanups: (() => Promise<void>)[] = [];
let served: Fixture | undefined;
afterEach(async () => {
  const crashes = served?.crashes ?? [];
  await served?.close();
  served = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
  expect(crashes).toEqual([]);
});

const seen = (request: IncomingMessage): unknown => ({
  userId: (request as EngineRequest).session?.userId ?? null,
});

interface StartOptions extends Partial<SessionOptions> {
  /** Express 4 (`express4`) instead of 5. */
  express4?: boolean;
  setUp?: (io: SocketApp['io']) => void;
}

/** Wrap a store so that its writes fail while `failing.on` is set. */
function failingWrites(failing: { on: boolean }) {
  return (inner: SessionStore): SessionStore =>
    new Proxy(inner, {
      get(target, property) {
        if (failing.on && property === 'applyDelta') return () => Promise.reject(new Error('store down'));
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
}

async function start(
  options: StartOptions = {},
  wrapStore?: (store: SessionStore) => SessionStore,
): Promise<Fixture> {
  const { express4: useExpress4, setUp, ...sessionOptions } = options;
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
  const middleware = sesame(sessions);
  const app = (useExpress4 === true ? express4() : express()) as unknown as ReturnType<typeof express>;
  app.use(express.json(), middleware);
  app.post('/login', async (req, res) => {
    await req.session.login((req.body as { user: string }).user);
    res.json({ userId: req.session.userId });
  });
  app.get('/me', (req, res) => res.json({ userId: req.session.userId }));
  app.post('/set', async (req, res) => {
    await req.session.update({ theme: 'dark' });
    res.json({ ok: true });
  });
  app.post('/logout', async (req, res) => {
    await req.session.logout();
    res.json({ ok: true });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res
      .status(isSesameError(err) ? err.status : 500)
      .json({ error: isSesameError(err) ? err.code : 'internal' });
  });
  const socketApp = await serveWithSocketIo(
    app,
    (io) => {
      io.engine.use(middleware);
      setUp?.(io);
    },
    seen,
  );
  served = { ...socketApp, middleware, clock, store, errors };
  return served;
}

async function signIn(url: string, user = 'alice'): Promise<Client> {
  const client = new Client(url);
  expect((await client.post('/login', { json: { user } })).body).toEqual({ userId: user });
  return client;
}

describe('socket.io with io.engine.use(sesame(sessions))', () => {
  it.each(TRANSPORTS)(
    'over %s, socket.request.session is the session signed in over HTTP',
    async (transport) => {
      const { url, errors } = await start();
      const client = await signIn(url);
      for (const headers of [{ origin: url, 'sec-fetch-site': 'same-origin' }, {}]) {
        expect(await handshake(url, { transport, cookie: client.cookieHeader, headers })).toEqual({
          transport,
          hello: { userId: 'alice' },
        });
      }
      expect(
        await handshake(url, { transport: 'polling', upgrade: true, cookie: client.cookieHeader }),
      ).toEqual({
        transport: 'websocket',
        hello: { userId: 'alice' },
      });
      expect(errors).toEqual([]);
    },
  );

  it.each(TRANSPORTS)(
    'over %s, no cookie, a tampered one or one signed out is no user',
    async (transport) => {
      const { url } = await start();
      const client = await signIn(url);
      const cookie = client.cookieHeader;
      const value = client.jar.get(COOKIE) ?? '';
      const tampered = `${COOKIE}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
      const anonymous = { transport, hello: { userId: null } };
      expect(await handshake(url, { transport, cookie: null })).toEqual(anonymous);
      expect(await handshake(url, { transport, cookie: tampered })).toEqual(anonymous);
      await client.post('/logout');
      expect(await handshake(url, { transport, cookie })).toEqual(anonymous);
    },
  );

  it.each(TRANSPORTS)(
    'over %s, a renewal due at the handshake is left to the next HTTP request',
    async (transport) => {
      const { url, clock, errors } = await start({ renewAfter: '15m' });
      const client = await signIn(url);
      const cookie = client.cookieHeader;
      clock.advance(16 * 60_000);
      expect(await handshake(url, { transport, cookie })).toEqual({ transport, hello: { userId: 'alice' } });
      clock.advance(60_000); // past the grace a renewal would give the old token
      expect((await client.get('/me')).body).toEqual({ userId: 'alice' });
      expect(client.cookieHeader).not.toBe(cookie);
      expect(errors).toEqual([]);
    },
  );

  it.each(TRANSPORTS)(
    'over %s, data writes work in socket handlers; sign-in and sign-out need HTTP',
    async (transport) => {
      const { url } = await start({
        setUp: (io) =>
          io.on('connection', (socket) => {
            const session = (socket.request as EngineRequest).session as Session;
            const settle = (work: Promise<unknown>, done: (result: unknown) => void): void =>
              void work.then(
                () => done('ok'),
                (err: unknown) => done(isSesameError(err) ? err.code : String(err)),
              );
            socket.on('theme', (done: (r: unknown) => void) =>
              settle(session.update({ theme: 'dark' }), done),
            );
            socket.on('login', (done: (r: unknown) => void) => settle(session.login('mallory'), done));
            socket.on('logout', (done: (r: unknown) => void) => settle(session.logout(), done));
          }),
      });
      const client = await signIn(url);
      const opened = await open(url, { transport, cookie: client.cookieHeader });
      if ('error' in opened) throw new Error(opened.error);
      const ask = (event: string): Promise<unknown> => opened.socket.timeout(2_000).emitWithAck(event);
      expect(await ask('theme')).toBe('ok');
      expect(await ask('login')).toBe('ERR_RESPONSE_SENT');
      expect((await client.get('/me')).body).toEqual({ userId: 'alice' });
      // Ended in the store, though the cookie could not be cleared: it is refused from now on.
      expect(await ask('logout')).toBe('ERR_RESPONSE_SENT');
      opened.socket.disconnect();
      expect((await client.get('/me')).body).toEqual({ userId: null });
    },
  );
});

describe('Express 4', () => {
  it('a handshake before the first page request still leaves async routes forwarding rejections (503, no crash)', async () => {
    const failing = { on: false };
    const { url } = await start({ express4: true }, failingWrites(failing));
    expect(await handshake(url, { transport: 'websocket', cookie: null })).toEqual({
      transport: 'websocket',
      hello: { userId: null },
    });
    const client = await signIn(url);
    failing.on = true;
    const reply = await client.post('/set');
    expect(reply.status).toBe(503);
  });
});

/** Send a WebSocket upgrade request; resolve the 101's `x-user` header, or the refusal's status. */
function upgrade(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/ws`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', ...headers },
    });
    req.on('upgrade', (res: IncomingMessage, socket) => {
      socket.destroy();
      resolve(`user ${String(res.headers['x-user'])}`);
    });
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      resolve(`status ${String(res.statusCode)}`);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a ws server that calls the middleware on upgrade', () => {
  it('sees the signed-in user, and hands a cross-site handshake to next(err)', async () => {
    // The `ws` README's pattern: the session middleware with `{}` for a response, then the 101.
    const { url: httpUrl, middleware } = await start();
    const client = await signIn(httpUrl);
    const refusals: unknown[] = [];
    const server = createServer();
    server.on('upgrade', (req: IncomingMessage, socket) => {
      middleware(req as Request, {} as Response, (err?: unknown) => {
        if (err !== undefined) {
          refusals.push(err);
          socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        const user = (req as EngineRequest).session?.userId ?? '-';
        socket.end(
          `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-User: ${user}\r\n\r\n`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cookie = client.cookieHeader ?? '';
    expect(await upgrade(url, { cookie })).toBe('user alice');
    expect(await upgrade(url, { cookie, origin: url, 'sec-fetch-site': 'same-origin' })).toBe('user alice');
    expect(await upgrade(url, {})).toBe('user -');
    expect(await upgrade(url, { cookie, origin: 'https://evil.example' })).toBe('status 403');
    expect(refusals).toHaveLength(1);
    expect(isSesameError(refusals[0], 'ERR_CSRF_ORIGIN')).toBe(true);
  });
});
