/**
 * Hono passes the adapter contract on its Node server (issue 13), with Hono's own error handling.
 */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { SessionOptions, SessionStore, Sessions } from '../../src/index.js';
import { createSessions, isSesameError } from '../../src/index.js';
import type { SesameEnv } from '../../src/adapters/hono/index.js';
import { sesame } from '../../src/adapters/hono/index.js';
import { errorResponse } from '../../src/adapters/web/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { describeAdapterContract, failingStore } from '../../src/testing/index.js';
import { listen } from './listen.js';

function contractApp(sessions: Sessions): Hono<SesameEnv> {
  const app = new Hono<SesameEnv>();
  app.use(sesame(sessions, { trustProxy: true, ip: (c) => getConnInfo(c).remote.address ?? null }));
  app.get('/me', (c) => {
    const session = c.get('session');
    return c.json({ userId: session.userId, data: session.data, stored: session.isStored });
  });
  app.post('/login', async (c) => {
    await c.get('session').login(c.req.query('user') ?? '', { remember: c.req.query('remember') === '1' });
    return c.json({ userId: c.get('session').userId });
  });
  app.post('/set', async (c) => {
    await c.get('session').update(c.req.query());
    return c.json({ data: c.get('session').data });
  });
  app.post('/logout', async (c) => {
    await c.get('session').logout();
    return c.json({ ok: true });
  });
  app.post('/logout-everywhere', async (c) => c.json({ count: await c.get('session').logoutEverywhere() }));
  app.get('/csrf', async (c) => c.json({ token: await c.get('session').csrfToken() }));
  app.post('/action', (c) => c.json({ ok: true }));
  return app;
}

/** Sessions for the tests below: a fixed secret, development mode, nothing logged. */
function quietSessions(store: SessionStore, options: Partial<SessionOptions> = {}): Sessions {
  return createSessions({
    store,
    secrets: 'hono-test-secret-0123456789-abcdefghijklmnopqrs',
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
    ...options,
  });
}

const serve = (app: Hono<SesameEnv>) => listen(createAdaptorServer({ fetch: app.fetch }) as Server);

describeAdapterContract('hono', {
  trustsLoopbackProxy: true,
  start: (sessions) => serve(contractApp(sessions)),
});

describe('hono specifics', () => {
  it('lets app.onError see a refusal as an HTTPException whose cause is the SesameError', async () => {
    const sessions = quietSessions(memoryStore());
    const app = contractApp(sessions);
    app.onError((error, c) =>
      c.text(isSesameError(error.cause) ? `custom ${error.cause.code}` : 'other', 418),
    );
    const server = await serve(app);
    try {
      const reply = await fetch(`${server.url}/action`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(reply.status).toBe(418);
      expect(await reply.text()).toBe('custom ERR_CSRF_ORIGIN');
    } finally {
      await server.close();
    }
  });
});

describe("the README's Hono error handler", () => {
  it('answers refusals and a handler’s SesameError with their own status, and logs neither', async () => {
    const sessions = quietSessions(memoryStore());
    const app = contractApp(sessions);
    app.post('/gone', async (c) => {
      await sessions.config.store.deleteByUser('ada'); // signed out elsewhere meanwhile
      await c.get('session').set('after', 1); // ERR_SESSION_GONE, thrown by the handler: 401
      return c.json({ ok: true });
    });
    const logged: unknown[] = [];
    app.onError((err, c) => {
      if (err instanceof HTTPException) return err.getResponse();
      const answer = errorResponse(err);
      if (answer !== null) return answer;
      logged.push(err);
      return c.text('Internal Server Error', 500);
    });
    const server = await serve(app);
    try {
      const refused = await fetch(`${server.url}/action`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: 'ERR_CSRF_ORIGIN' });
      const headers = { 'sec-fetch-site': 'same-origin' };
      const login = await fetch(`${server.url}/login?user=ada`, { method: 'POST', headers });
      const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
      const gone = await fetch(`${server.url}/gone`, { method: 'POST', headers: { ...headers, cookie } });
      expect(gone.status).toBe(401);
      expect(await gone.json()).toEqual({ error: 'ERR_SESSION_GONE' });
      expect(logged).toEqual([]);
    } finally {
      await server.close();
      await sessions.close();
    }
  });
});

describe('hono: store failures answer 503 wherever they happen', () => {
  /** The contract app on a store that can be switched off, with one user signed in. */
  async function signedIn(deviceBound: boolean) {
    const failing = failingStore(memoryStore());
    const sessions = quietSessions(failing.store, deviceBound ? { deviceBound: {} } : {});
    const app = contractApp(sessions);
    const server = await serve(app);
    const login = await fetch(`${server.url}/login?user=alice`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    /** A same-origin POST whose route writes to the session. */
    const writeInRoute = (): Promise<Response> =>
      fetch(`${server.url}/set?role=admin`, {
        method: 'POST',
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
      });
    return { app, server, cookie, setMode: failing.setMode, writeInRoute };
  }

  it('a write that fails inside a route is a 503 with the error code, not Hono’s 500', async () => {
    const { server, setMode, writeInRoute } = await signedIn(false);
    try {
      setMode('writes-down');
      const reply = await writeInRoute();
      expect(reply.status).toBe(503);
      expect(await reply.json()).toEqual({ error: 'ERR_STORE_UNAVAILABLE' });
      expect(reply.headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.close();
    }
  });

  it('an app.onError that answers a route’s store failure itself keeps its own answer', async () => {
    const { app, server, setMode, writeInRoute } = await signedIn(false);
    app.onError((error, c) => c.text(isSesameError(error) ? `mine ${error.code}` : 'other', 502));
    try {
      setMode('writes-down');
      const reply = await writeInRoute();
      expect(reply.status).toBe(502);
      expect(await reply.text()).toBe('mine ERR_STORE_UNAVAILABLE');
    } finally {
      await server.close();
    }
  });

  it('a device-bound registration during an outage is a 503, and the routes never run', async () => {
    const { server, cookie, setMode } = await signedIn(true);
    try {
      setMode('down');
      const reply = await fetch(`${server.url}/.sesame/dbsc/register`, {
        method: 'POST',
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
      });
      expect(reply.status).toBe(503);
      expect(await reply.json()).toEqual({ error: 'ERR_STORE_UNAVAILABLE' });
    } finally {
      await server.close();
    }
  });
});
