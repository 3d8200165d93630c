/**
 * Cross-Site WebSocket Hijacking: a page of another site opens a WebSocket (or socket.io's
 * polling) to the app, and the browser sends the user's cookie with the handshake, a GET that
 * CSRF checks of unsafe methods let through. Both Express middlewares, mounted as socket.io's
 * guide has it (`io.engine.use(middleware)`), refuse a handshake whose `Sec-Fetch-Site` or
 * `Origin` shows another site, through engine.io's `next(err)`; a page of the app itself and a
 * client that is no browser (no Origin) connect. With the check off (`csrf.dangerouslyDisable`)
 * the same foreign handshake connects as the user, as it does on express-session. A refused
 * handshake leaves no session on `req`, so a `ws` 'upgrade' handler that forgot to check `err`
 * upgrades no one as the user. (Fastify, Hono, Web: websocket-hijacking-adapters.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createSessions, isSesameError, manualClock } from '../../src/index.js';
import type { SessionOptions } from '../../src/index.js';
import { sesame } from '../../src/adapters/express/index.js';
import { expressSession } from '../../src/adapters/express-session/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { sqliteStore } from '../../src/stores/sqlite/index.js';
import { Client, TEST_SECRET } from '../support/app.js';
import { handshake, serveWithSocketIo, TRANSPORTS } from '../support/socket-io.js';
import { listen } from '../adapters/listen.js';
import { connect } from '../support/websocket-apps.js';
import type { SocketApp, Transport } from '../support/socket-io.js';

type Middleware = 'sesame' | 'expressSession';
const MIDDLEWARES: readonly Middleware[] = ['sesame', 'expressSession'];
const CASES = MIDDLEWARES.flatMap((m) => TRANSPORTS.map((t) => [m, t] as [Middleware, Transport]));
const EVIL = 'https://evil.example';

interface Fixture extends SocketApp {
  /** What the session middleware passed to engine.io's `next`. */
  passed: unknown[];
}

const dir = mkdtempSync(join(tmpdir(), 'sesame-cswsh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let served: Fixture | undefined;
afterEach(async () => {
  const crashes = served?.crashes ?? [];
  await served?.close();
  served = undefined;
  expect(crashes).toEqual([]);
});

type EngineRequest = IncomingMessage & {
  session?: { userId?: string | null };
  sesame?: { userId: string | null };
};
const seen = (request: IncomingMessage): unknown => {
  const req = request as EngineRequest;
  return { userId: req.sesame?.userId ?? req.session?.userId ?? null };
};

async function start(middleware: Middleware, options: Partial<SessionOptions> = {}): Promise<Fixture> {
  const clock = manualClock();
  const sessions = createSessions({
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
    clock,
    // Production refuses a store of this process only.
    store:
      options.production === true
        ? sqliteStore({ path: join(dir, `${middleware}.db`), clock })
        : memoryStore({ clock }),
    ...options,
  });
  const layer = middleware === 'expressSession';
  const sessionMiddleware: RequestHandler = layer
    ? expressSession(sessions, { userId: (data) => (typeof data['user'] === 'string' ? data['user'] : null) })
    : sesame(sessions);
  const app = express();
  app.use(sessionMiddleware);
  app.post('/login', async (req, res) => {
    if (layer) (req.session as unknown as Record<string, unknown>)['user'] = 'alice';
    else await req.session.login('alice');
    res.json({ ok: true });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(isSesameError(err) ? err.status : 500).end();
  });
  const passed: unknown[] = [];
  const socketApp = await serveWithSocketIo(
    app,
    (io) =>
      io.engine.use((req: Request, res: Response, next: NextFunction) =>
        sessionMiddleware(req, res, (err?: unknown) => {
          passed.push(err);
          next(err);
        }),
      ),
    seen,
  );
  served = { ...socketApp, passed };
  return served;
}

async function signedInCookie(url: string): Promise<string> {
  const client = new Client(url);
  expect((await client.post('/login')).status).toBe(200);
  return client.cookieHeader ?? '';
}

describe('a handshake from another site is refused, with the user signed in', () => {
  it.each(CASES)(
    '%s over %s: a foreign Origin gets no connection, through next(err)',
    async (middleware, transport) => {
      const { url, passed, refusals } = await start(middleware);
      const cookie = await signedInCookie(url);
      expect(await handshake(url, { transport, cookie, headers: { origin: EVIL } })).toHaveProperty('error');
      expect(refusals).toContain('Bad request (MIDDLEWARE_FAILURE)');
      const refused = passed.find((err) => err !== undefined);
      expect(isSesameError(refused, 'ERR_CSRF_ORIGIN')).toBe(true);
      expect((refused as Error).message).toBe(
        `Cross-site GET handshake refused (Sec-Fetch-Site: -, Origin: ${EVIL}).`,
      );
    },
  );

  it.each(CASES)(
    '%s over %s: so does Fetch Metadata for another site, or Origin: null',
    async (middleware, transport) => {
      const { url } = await start(middleware);
      const cookie = await signedInCookie(url);
      for (const headers of [
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: 'http://sibling.127.0.0.1.nip.example' },
        { origin: 'null' },
      ]) {
        expect(await handshake(url, { transport, cookie, headers })).toHaveProperty('error');
      }
    },
  );

  it.each(CASES)(
    "%s over %s: the app's own pages, listed origins and non-browsers connect",
    async (middleware, transport) => {
      const partner = 'https://partner.example';
      const { url } = await start(middleware, { csrf: { allowedOrigins: [partner] } });
      const cookie = await signedInCookie(url);
      const signedIn = { transport, hello: { userId: 'alice' } };
      expect(await handshake(url, { transport, cookie, headers: { origin: url } })).toEqual(signedIn);
      expect(
        await handshake(url, { transport, cookie, headers: { 'sec-fetch-site': 'same-origin' } }),
      ).toEqual(signedIn);
      expect(await handshake(url, { transport, cookie, headers: { origin: partner } })).toEqual(signedIn);
      // A browser always sends Origin with a WebSocket handshake: without it, no page sent this one.
      expect(await handshake(url, { transport, cookie })).toEqual(signedIn);
    },
  );

  it.each(CASES)(
    "%s over %s: without the check the same foreign handshake is the user's",
    async (middleware, transport) => {
      const { url } = await start(middleware, { csrf: { dangerouslyDisable: true } });
      const cookie = await signedInCookie(url);
      expect(await handshake(url, { transport, cookie, headers: { origin: EVIL } })).toEqual({
        transport,
        hello: { userId: 'alice' },
      });
    },
  );

  it.each(MIDDLEWARES)(
    '%s in production: only the configured origin counts, not one made of the Host header',
    async (middleware) => {
      const { url } = await start(middleware, { production: true, origin: 'https://app.example' });
      const cookie = await signedInCookie(url);
      const transport = 'websocket';
      expect(await handshake(url, { transport, cookie, headers: { origin: 'https://app.example' } })).toEqual(
        {
          transport,
          hello: { userId: 'alice' },
        },
      );
      expect(await handshake(url, { transport, cookie, headers: { origin: url } })).toHaveProperty('error');
    },
  );
});

describe("a ws 'upgrade' handler that forgets to check err", () => {
  it('finds no session on the request of a refused handshake', async () => {
    const sessions = createSessions({ secrets: TEST_SECRET, production: false, store: memoryStore() });
    const middleware = sesame(sessions);
    const app = express();
    app.use(middleware);
    app.post('/login', async (req, res) => {
      await req.session.login('alice');
      res.json({ ok: true });
    });
    const server = createServer(app);
    const wss = new WebSocketServer({ noServer: true });
    const passed: unknown[] = [];
    // The mistake: upgrade whatever `err` says, and trust `req.session` if there is one.
    server.on('upgrade', (req: IncomingMessage, socket, head) => {
      middleware(req as Request, {} as Response, (err?: unknown) => {
        passed.push(err);
        wss.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify(seen(req))));
      });
    });
    const listening = await listen(server);
    const { url } = listening;
    try {
      const cookie = await signedInCookie(url);
      expect(await connect(url, { cookie, origin: EVIL })).toMatchObject({ hello: { userId: null } });
      expect(isSesameError(passed.at(-1), 'ERR_CSRF_ORIGIN')).toBe(true);
      expect(await connect(url, { cookie, origin: url })).toMatchObject({ hello: { userId: 'alice' } });
      expect(passed.at(-1)).toBeUndefined();
    } finally {
      for (const client of wss.clients) client.terminate();
      await listening.close();
    }
  });
});
