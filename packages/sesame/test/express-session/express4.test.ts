/**
 * The express-session layer on Express 4, which ignores the promise an async handler returns: a
 * rejection from `await req.sesame.list()` for a signed-out visitor, or from a store that is down,
 * must reach the app's error handler (401, 503) as on Express 5, not end the process as an
 * unhandled rejection. The layer's own guide has `await req.sesame.logoutEverywhere()` in an async
 * route, so an app that follows it on Express 4 needs this.
 */
import express4 from 'express4';
import type { Express, NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, isSesameError, SesameError } from '../../src/index.js';
import type { SessionStore } from '../../src/index.js';
import { expressSession } from '../../src/adapters/express-session/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { TEST_SECRET } from '../support/app.js';
import { boundStore } from '../support/counting-store.js';
import { Client } from '../support/http.js';
import { listen } from '../support/layer-app.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The memory store, with listByUser and deleteByUser down while `down.value` is true. */
function flakyStore(down: { value: boolean }): SessionStore {
  const store = boundStore(memoryStore());
  const fail = (): Promise<never> => Promise.reject(new Error('connection refused'));
  return {
    ...store,
    listByUser: (userId) => (down.value ? fail() : store.listByUser(userId)),
    deleteByUser: (userId, options) => (down.value ? fail() : store.deleteByUser(userId, options)),
  };
}

async function start(store: SessionStore): Promise<{ url: string; handled: string[] }> {
  const sessions = createSessions({
    store,
    secrets: TEST_SECRET,
    production: false,
    logger: { warn: () => undefined, error: () => undefined },
  });
  const app = express4() as unknown as Express;
  app.use(expressSession(sessions));
  app.post('/login', async (req, res) => {
    await req.sesame.login('alice');
    res.json({ ok: true });
  });
  app.get('/sessions', async (req, res) => {
    res.json((await req.sesame.list()).length);
  });
  app.post('/logout-everywhere', async (req, res) => {
    await req.sesame.logoutEverywhere();
    res.redirect(303, '/');
  });
  app.get('/broken', async () => {
    await Promise.resolve();
    throw new Error('the handler failed');
  });
  const handled: string[] = [];
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    handled.push(isSesameError(err) ? err.code : err instanceof Error ? err.message : String(err));
    res.status(err instanceof SesameError ? err.status : 500).json({ handled: true });
  });
  const server = await listen(app, {});
  close = async () => {
    await server.close();
    await sessions.close();
  };
  return { url: server.url, handled };
}

describe('the express-session layer on Express 4', () => {
  it('passes a rejected async handler to the error handler: 401 for a signed-out visitor', async () => {
    const { url, handled } = await start(memoryStore());
    const reply = await new Client(url).get('/sessions');
    expect(reply.status).toBe(401);
    expect(handled).toEqual(['ERR_SESSION_ANONYMOUS']);
  });

  it('answers 503 when the store is down inside an async route, and serves the next request', async () => {
    const down = { value: false };
    const { url, handled } = await start(flakyStore(down));
    const client = new Client(url);
    expect((await client.post('/login')).status).toBe(200);
    expect((await client.get('/sessions')).body).toBe(1);
    down.value = true;
    expect((await client.post('/logout-everywhere')).status).toBe(503);
    expect((await client.get('/sessions')).status).toBe(503);
    down.value = false;
    // Nothing was ended by the failed calls: the user is still signed in.
    expect((await client.get('/sessions')).body).toBe(1);
    expect(handled).toEqual(['ERR_STORE_UNAVAILABLE', 'ERR_STORE_UNAVAILABLE']);
  });

  it('passes any other rejection to the error handler as well', async () => {
    const { url, handled } = await start(memoryStore());
    expect((await new Client(url).get('/broken')).status).toBe(500);
    expect(handled).toEqual(['the handler failed']);
  });
});
