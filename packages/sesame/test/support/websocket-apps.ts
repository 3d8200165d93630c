/**
 * The same small app on each adapter that is not Express, with a real WebSocket route: Fastify
 * with `@fastify/websocket` (a `{ websocket: true }` route), Hono with `upgradeWebSocket` on
 * `@hono/node-server`, and the Web adapter's `withSession` around a fetch handler that upgrades
 * the same way. `POST /login` signs in as `alice`, `GET /me` reads the session over HTTP, and
 * `GET /ws` opens a socket that first sends `{ userId }`, then answers `theme`, `login` and
 * `logout` messages with `ok` or the error's code. The client is `ws`, which sends whatever headers
 * a test says a browser would.
 */
import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import websocket from '@fastify/websocket';
import { createAdaptorServer, upgradeWebSocket } from '@hono/node-server';
import type { WebSocketServerLike } from '@hono/node-server';
import Fastify from 'fastify';
import { Hono } from 'hono';
import type { Context, Next } from 'hono';
import type { BlankEnv } from 'hono/types';
import type { WSEvents } from 'hono/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { isSesameError } from '../../src/index.js';
import type { Session, Sessions } from '../../src/index.js';
import { sesame as fastifySesame } from '../../src/adapters/fastify/index.js';
import type { SesameEnv } from '../../src/adapters/hono/index.js';
import { withSession } from '../../src/adapters/web/index.js';
import type { AdapterServer } from '../../src/testing/index.js';
import { listen } from '../adapters/listen.js';
import { honoSignInApp } from './hono-sign-in.js';

export type SocketAdapter = 'fastify' | 'hono' | 'web';

/** Every adapter here, for `describe.each`. */
export const SOCKET_ADAPTERS: readonly SocketAdapter[] = ['fastify', 'hono', 'web'];

/** A running app, and how many sockets its WebSocket route opened. */
export interface SocketAppServer extends AdapterServer {
  opened: () => number;
}

/** What the socket answers to a message: `ok`, or the code of the error the session threw. */
async function answer(session: Session, message: string): Promise<string> {
  const work = {
    theme: () => session.update({ theme: 'dark' }),
    login: () => session.login('mallory'),
    logout: () => session.logout(),
  }[message];
  try {
    await work?.();
    return 'ok';
  } catch (err) {
    return isSesameError(err) ? err.code : String(err);
  }
}

/** The socket of `GET /ws`: `{ userId }` once open, then an answer per message. */
function socketHandler(session: Session, count: () => void) {
  return {
    open: (send: (text: string) => void): void => {
      count();
      send(JSON.stringify({ userId: session.userId }));
    },
    message: (text: string, send: (text: string) => void): void => void answer(session, text).then(send),
  };
}

/** The same socket as Hono's `upgradeWebSocket` takes it. */
function honoEvents(session: Session, count: () => void): WSEvents {
  const socket = socketHandler(session, count);
  return {
    onOpen: (_event, ws) => socket.open((text) => ws.send(text)),
    onMessage: (event, ws) =>
      socket.message(typeof event.data === 'string' ? event.data : '', (text) => ws.send(text)),
  };
}

async function fastifyApp(sessions: Sessions, count: () => void): Promise<AdapterServer> {
  const app = Fastify({ logger: false });
  await app.register(websocket);
  await app.register(fastifySesame, { sessions });
  app.post('/login', async (request) => {
    await request.session.login('alice');
    return { ok: true };
  });
  app.get('/me', (request) => ({ userId: request.session.userId }));
  app.get('/ws', { websocket: true }, (ws, request) => {
    const socket = socketHandler(request.session, count);
    const send = (text: string): void => ws.send(text);
    ws.on('message', (data: Buffer) => socket.message(String(data), send));
    socket.open(send);
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

function honoApp(sessions: Sessions, count: () => void): Hono<SesameEnv> {
  const app = honoSignInApp(sessions);
  app.get(
    '/ws',
    upgradeWebSocket((c: Context<SesameEnv>) => honoEvents(c.get('session'), count)),
  );
  return app;
}

/** The Web adapter: `withSession` around every route, the upgrade done by Hono's Node server. */
function webApp(sessions: Sessions, count: () => void): Hono {
  const route = withSession(sessions, async (request, session, c: Context<BlankEnv, string>, next: Next) => {
    const path = new URL(request.url).pathname;
    if (path === '/login') {
      await session.login('alice');
      return Response.json({ ok: true });
    }
    if (path === '/me') return Response.json({ userId: session.userId });
    const upgraded = await upgradeWebSocket(() => honoEvents(session, count))(c, next);
    return upgraded ?? new Response(null, { status: 426 });
  });
  const app = new Hono();
  app.all('*', (c, next) => route(c.req.raw, c, next));
  return app;
}

/** Serve the app of `adapter` on 127.0.0.1. */
export async function serveSocketApp(adapter: SocketAdapter, sessions: Sessions): Promise<SocketAppServer> {
  let opened = 0;
  const count = (): void => void opened++;
  if (adapter === 'fastify') return { ...(await fastifyApp(sessions, count)), opened: () => opened };
  const app = adapter === 'hono' ? honoApp(sessions, count) : webApp(sessions, count);
  const wss = new WebSocketServer({ noServer: true });
  // ws's own types say `noServer?: boolean | undefined`, which exactOptionalPropertyTypes tells apart.
  const websocket = { server: wss as unknown as WebSocketServerLike };
  const served = await listen(createAdaptorServer({ fetch: app.fetch, websocket }) as Server);
  const close = async (): Promise<void> => {
    // An upgraded socket is no longer the HTTP server's: left open, it would hold close() up.
    for (const socket of wss.clients) socket.terminate();
    await served.close();
  };
  return { url: served.url, close, opened: () => opened };
}

/** What a WebSocket client saw: the 101's `Set-Cookie` and the first message, or the refusal's status. */
export type Connected =
  { status: 101; setCookie: string[]; hello: unknown; socket: WebSocket } | { status: number };

/** Open `url + /ws` with `headers`, as a browser (or another client) would send them. */
export function connect(url: string, headers: Record<string, string>): Promise<Connected> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers });
  return new Promise((resolve, reject) => {
    let setCookie: string[] = [];
    socket.once('upgrade', (res: IncomingMessage) => (setCookie = res.headers['set-cookie'] ?? []));
    socket.once('message', (data: Buffer) =>
      resolve({ status: 101, setCookie, hello: JSON.parse(String(data)) as unknown, socket }),
    );
    socket.once('unexpected-response', (_req, res: IncomingMessage) => {
      res.resume();
      socket.terminate();
      resolve({ status: res.statusCode ?? 0 });
    });
    socket.once('error', reject);
  });
}

/** Send `message` on an open socket and wait for its answer. */
export function ask(socket: WebSocket, message: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => resolve(String(data)));
    socket.send(message);
  });
}
