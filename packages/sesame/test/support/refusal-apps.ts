/**
 * The same three routes on every adapter, for the tests of what a refused request sends
 * (test/security/renewal-on-refused-request.test.ts): `POST /login` signs in as `alice`, `GET /me`
 * answers `{ userId }`, `POST /action` is a CSRF target. Each app leaves a refusal to its
 * framework's own error handling, or to the handler a variant names, as an app would.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { serialize } from 'cookie';
import express from 'express';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import Fastify from 'fastify';
import { HTTPException } from 'hono/http-exception';
import type { PlannedCookieOptions, Sessions } from '../../src/index.js';
import { isSesameError } from '../../src/index.js';
import { sesame as expressSesame } from '../../src/adapters/express/index.js';
import { expressSession } from '../../src/adapters/express-session/index.js';
import { sesame as fastifySesame } from '../../src/adapters/fastify/index.js';
import type { ActionCookies } from '../../src/adapters/web/index.js';
import {
  actionError,
  actionSession,
  errorResponse,
  loadSession,
  withSession,
} from '../../src/adapters/web/index.js';
import type { AdapterServer } from '../../src/testing/index.js';
import { listen } from '../adapters/listen.js';
import { honoSignInApp } from './hono-sign-in.js';

/** An app and the error handling it answers a refusal with. */
export type RefusalApp =
  | 'express'
  | 'express (no error handler)'
  | 'express-session layer'
  | 'fastify'
  | 'fastify (setErrorHandler)'
  | 'hono'
  | 'hono (onError: c.text)'
  | 'hono (onError: getResponse)'
  | 'web (withSession)'
  | 'web (loadSession + errorResponse)'
  | 'web (actionSession)';

const serve = (fetch: (request: Request) => Response | Promise<Response>): Promise<AdapterServer> =>
  listen(createAdaptorServer({ fetch }) as Server);

const json = (body: unknown, status = 200): Response => Response.json(body, { status });

/** Express with Sesame's own adapter or the express-session layer; `handler` answers errors. */
function expressApp(sessions: Sessions, layer: boolean, handler: boolean): Promise<AdapterServer> {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(layer ? expressSession(sessions) : expressSesame(sessions));
  const session = (req: ExpressRequest) => (layer ? req.sesame : req.session);
  app.post('/login', async (req, res) => {
    await session(req).login('alice');
    res.json({ ok: true });
  });
  app.get('/me', (req, res) => void res.json({ userId: session(req).userId }));
  app.post('/action', (_req, res) => void res.json({ ok: true }));
  if (handler) {
    app.use((err: unknown, _req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
      if (!isSesameError(err)) return next(err);
      res.status(err.status).json({ error: err.code });
    });
  }
  return listen(createServer(app));
}

async function fastifyApp(sessions: Sessions, handler: boolean): Promise<AdapterServer> {
  const app = Fastify({ logger: false });
  await app.register(fastifySesame, { sessions });
  if (handler) {
    app.setErrorHandler((error, _request, reply) =>
      reply.code(isSesameError(error) ? error.status : 500).send({ custom: true }),
    );
  }
  app.post('/login', async (request) => {
    await request.session.login('alice');
    return { ok: true };
  });
  app.get('/me', (request) => ({ userId: request.session.userId }));
  app.post('/action', () => ({ ok: true }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

function honoApp(sessions: Sessions, onError: 'default' | 'text' | 'getResponse'): Promise<AdapterServer> {
  const app = honoSignInApp(sessions);
  app.post('/action', (c) => c.json({ ok: true }));
  if (onError === 'text') app.onError((_error, c) => c.text('refused', 403));
  // The pattern of Hono's HTTPException documentation, and of the README's Hono example.
  if (onError === 'getResponse') {
    app.onError((error) => (error instanceof HTTPException ? error.getResponse() : json({}, 500)));
  }
  return serve(app.fetch);
}

/** One fetch handler's routes for the Web adapter. */
async function route(request: Request, session: { userId: string | null; login(id: string): Promise<void> }) {
  const path = new URL(request.url).pathname;
  if (path === '/login') await session.login('alice');
  return json(path === '/me' ? { userId: session.userId } : { ok: true });
}

/** The SvelteKit `handle` of loadSession's documentation. */
async function hook(sessions: Sessions, request: Request): Promise<Response> {
  try {
    const { session, apply } = await loadSession(sessions, request);
    return apply(await route(request, session));
  } catch (error) {
    const response = errorResponse(error);
    if (response === null) throw error;
    return response;
  }
}

/** Next.js's `cookies()` as an action uses it: what is set becomes the response's lines. */
class ResponseCookies implements ActionCookies {
  readonly lines = new Map<string, string>();
  set(name: string, value: string, options: PlannedCookieOptions): void {
    this.lines.set(name, serialize(name, value, options));
  }
}

/** Every POST a Server Action whose errors become its form state, every GET a route handler. */
function actionApp(sessions: Sessions): Promise<AdapterServer> {
  const pages = withSession(sessions, route);
  return serve(async (request) => {
    if (request.method !== 'POST') return pages(request);
    const cookies = new ResponseCookies();
    let response: Response;
    try {
      response = await route(request, await actionSession(sessions, { headers: request.headers, cookies }));
    } catch (error) {
      const state = actionError(error);
      response = json(state, state.status);
    }
    // Next.js answers every action `no-store`; an action cannot set that header itself.
    response.headers.set('cache-control', 'no-store');
    for (const line of cookies.lines.values()) response.headers.append('set-cookie', line);
    return response;
  });
}

/** Serve `app` with `sessions` on 127.0.0.1. */
export function serveRefusalApp(app: RefusalApp, sessions: Sessions): Promise<AdapterServer> {
  switch (app) {
    case 'express':
      return expressApp(sessions, false, true);
    case 'express (no error handler)':
      return expressApp(sessions, false, false);
    case 'express-session layer':
      return expressApp(sessions, true, true);
    case 'fastify':
      return fastifyApp(sessions, false);
    case 'fastify (setErrorHandler)':
      return fastifyApp(sessions, true);
    case 'hono':
      return honoApp(sessions, 'default');
    case 'hono (onError: c.text)':
      return honoApp(sessions, 'text');
    case 'hono (onError: getResponse)':
      return honoApp(sessions, 'getResponse');
    case 'web (withSession)':
      return serve(withSession(sessions, route));
    case 'web (loadSession + errorResponse)':
      return serve((request) => hook(sessions, request));
    case 'web (actionSession)':
      return actionApp(sessions);
  }
}

/** Every app above, for `describe.each`. */
export const REFUSAL_APPS: readonly RefusalApp[] = [
  'express',
  'express (no error handler)',
  'express-session layer',
  'fastify',
  'fastify (setErrorHandler)',
  'hono',
  'hono (onError: c.text)',
  'hono (onError: getResponse)',
  'web (withSession)',
  'web (loadSession + errorResponse)',
  'web (actionSession)',
];
