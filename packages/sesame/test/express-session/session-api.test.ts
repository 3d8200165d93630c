/**
 * express-session's documented `req.session` API on the layer (issue 12): plain properties stored
 * as a delta when the response ends, regenerate / destroy / save / reload / touch, `id` and
 * `req.sessionID`, `cookie`, and Sesame's own session on `req.sesame`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { COOKIE, Client } from '../support/app.js';
import { startLayerApp, sessionOf } from '../support/layer-app.js';
import type { LayerApp, LayerAppOptions } from '../support/layer-app.js';

let app: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(
  routes: (app: Express) => void,
  options: Partial<LayerAppOptions> = {},
): Promise<LayerApp> {
  app = await startLayerApp({ ...options, routes });
  return app;
}

const idOf = (client: Client): string => (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';

describe('plain properties', () => {
  it('stores assigned, deleted and nested-mutated keys when the response ends, with the new cookie in its headers', async () => {
    const { url, store } = await start((a) => {
      a.get('/views', (req, res) => {
        const s = sessionOf(req);
        s['views'] = ((s['views'] as number | undefined) ?? 0) + 1;
        res.json({ views: s['views'] });
      });
      a.post('/cart', (req, res) => {
        const s = sessionOf(req);
        s['cart'] ??= [];
        (s['cart'] as string[]).push(String((req.body as { item: string }).item));
        res.redirect(303, '/');
      });
      a.post('/forget', (req, res) => {
        delete sessionOf(req)['views'];
        res.end();
      });
      a.get('/data', (req, res) => res.json({ ...sessionOf(req) }));
    });
    const client = new Client(url);
    const first = await client.get('/views');
    expect(first.body).toEqual({ views: 1 });
    expect(first.setCookies.some((line) => line.startsWith(`${COOKIE}=`))).toBe(true);
    expect((await client.get('/views')).body).toEqual({ views: 2 });
    await client.post('/cart', { form: { item: 'apple' } });
    await client.post('/cart', { form: { item: 'pear' } });
    await client.post('/forget');
    expect((await client.get('/data')).body).toEqual({ cart: ['apple', 'pear'] });
    expect((await store.get(idOf(client)))?.data).toEqual({ cart: ['apple', 'pear'] });
  });

  it('stores nothing for a visitor whose session is never written', async () => {
    const { url } = await start((a) =>
      a.get('/', (req, res) => res.json({ views: sessionOf(req)['views'] ?? 0 })),
    );
    const reply = await new Client(url).get('/');
    expect(reply.setCookies).toEqual([]);
  });

  it('loses nothing when two parallel requests change different keys', async () => {
    const gates: (() => void)[] = [];
    const waitAll = (): Promise<void> => new Promise((resolve) => gates.push(resolve));
    const { url, store } = await start((a) => {
      a.post('/seed', (req, res) => {
        sessionOf(req)['seed'] = true;
        res.end();
      });
      a.post('/set/:key', async (req, res) => {
        await waitAll(); // both requests have loaded the session before either saves
        sessionOf(req)[String(req.params['key'])] = 'set';
        res.end();
      });
    });
    const client = new Client(url);
    await client.post('/seed');
    const a = client.post('/set/a');
    const b = client.post('/set/b');
    while (gates.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const open of gates) open();
    await Promise.all([a, b]);
    expect((await store.get(idOf(client)))?.data).toEqual({ seed: true, a: 'set', b: 'set' });
  });

  it("req.session = null keeps the stored session and drops the request's changes (unset: 'keep')", async () => {
    const { url } = await start((a) => {
      a.post('/set', (req, res) => {
        sessionOf(req)['a'] = 1;
        res.end();
      });
      a.post('/unset', (req, res) => {
        sessionOf(req)['a'] = 2;
        (req as unknown as { session: unknown }).session = null;
        res.end();
      });
      a.get('/data', (req, res) => res.json({ ...sessionOf(req) }));
    });
    const client = new Client(url);
    await client.post('/set');
    await client.post('/unset');
    expect((await client.get('/data')).body).toEqual({ a: 1 });
  });

  it('holds a streamed response until the save, then sends every chunk in order', async () => {
    const { url } = await start((a) =>
      a.get('/stream', (req, res) => {
        sessionOf(req)['streamed'] = true;
        res.write('one,');
        res.write('two,');
        res.end('three');
      }),
    );
    const reply = await new Client(url).get('/stream');
    expect(reply.text).toBe('one,two,three');
    expect(reply.setCookies.some((line) => line.startsWith(`${COOKIE}=`))).toBe(true);
  });
});

describe('methods', () => {
  const routes = (a: Express): void => {
    a.post('/set', (req, res) => {
      Object.assign(sessionOf(req), req.body as object);
      res.json({ id: sessionOf(req).id, sessionID: req.sessionID });
    });
    a.get('/data', (req, res) => res.json({ data: { ...sessionOf(req) }, sessionID: req.sessionID }));
    a.post('/regenerate', (req, res, next) => {
      sessionOf(req).regenerate((err) => {
        if (err) return next(err);
        res.json({ data: { ...sessionOf(req) } });
      });
    });
    a.post('/destroy', (req, res, next) => {
      sessionOf(req).destroy((err) => {
        if (err) return next(err);
        res.json({ session: typeof (req as unknown as { session?: unknown }).session });
      });
    });
    a.post('/save-then-redirect', (req, res, next) => {
      sessionOf(req)['saved'] = 'yes';
      sessionOf(req).save((err) => (err ? next(err) : res.redirect(303, '/data')));
    });
    a.post('/reload', (req, res, next) => {
      sessionOf(req)['unsaved'] = true;
      sessionOf(req).reload((err) => (err ? next(err) : res.json({ data: { ...sessionOf(req) } })));
    });
    a.post('/remember', (req, res) => {
      const s = sessionOf(req);
      s['remember'] = true;
      s.cookie.maxAge = (req.body as { ms: number }).ms;
      res.json({
        maxAge: s.cookie.maxAge,
        originalMaxAge: s.cookie.originalMaxAge,
        expires: s.cookie.expires,
      });
    });
    a.get('/cookie', (req, res) => {
      const { maxAge, originalMaxAge, expires } = sessionOf(req).cookie;
      res.json({ maxAge, originalMaxAge, expires, touch: sessionOf(req).touch() === sessionOf(req) });
    });
  };

  it('regenerate issues a new token, deletes the old record and gives an empty session', async () => {
    const { url, store } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { cart: ['x'] } });
    const oldCookie = client.cookieHeader;
    const oldId = idOf(client);
    const reply = await client.post('/regenerate', { json: {} });
    expect(reply.body).toEqual({ data: {} });
    expect(await store.get(oldId)).toBeNull();
    await client.post('/set', { json: { after: 1 } });
    expect(idOf(client)).not.toBe(oldId);
    expect((await client.get('/data')).body).toMatchObject({ data: { after: 1 } });
    expect((await new Client(url).get('/data', { cookie: oldCookie })).body).toMatchObject({ data: {} });
  });

  it('destroy deletes the record, expires the cookie and removes req.session', async () => {
    const { url, store } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const oldCookie = client.cookieHeader;
    const oldId = idOf(client);
    const reply = await client.post('/destroy');
    expect(reply.body).toEqual({ session: 'undefined' });
    expect(reply.setCookies.some((line) => line.startsWith(`${COOKIE}=;`) && /max-age=0/i.test(line))).toBe(
      true,
    );
    expect(await store.get(oldId)).toBeNull();
    expect((await new Client(url).get('/data', { cookie: oldCookie })).body).toMatchObject({ data: {} });
  });

  it('save(cb) writes before the callback, so a redirect in it carries the new cookie', async () => {
    const { url } = await start(routes);
    const client = new Client(url);
    const reply = await client.post('/save-then-redirect');
    expect(reply.status).toBe(303);
    expect(client.jar.has(COOKIE)).toBe(true);
    expect((await client.get('/data')).body).toMatchObject({ data: { saved: 'yes' } });
  });

  it('reload(cb) drops unsaved changes and reads what other requests stored', async () => {
    const { url } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    expect((await client.post('/reload')).body).toEqual({ data: { a: 1 } });
    expect((await client.get('/data')).body).toMatchObject({ data: { a: 1 } });
  });

  it('req.sessionID is stable for the life of the session, and neither the token nor the stored id', async () => {
    const { url } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const first = ((await client.get('/data')).body as { sessionID: string }).sessionID;
    const second = (await client.post('/set', { json: { b: 2 } })).body as { id: string; sessionID: string };
    expect(second).toEqual({ id: first, sessionID: first });
    const token = client.jar.get(COOKIE) ?? '';
    expect(token).not.toContain(first);
    expect(first).not.toBe(idOf(client));
    await client.post('/regenerate', { json: {} });
    await client.post('/set', { json: { c: 3 } });
    expect(((await client.get('/data')).body as { sessionID: string }).sessionID).not.toBe(first);
  });

  it('req.sessionID and req.session work in a mounted sub-app', async () => {
    const express = (await import('express')).default;
    const { url } = await start((a) => {
      const sub = express();
      sub.post('/set', (req, res) => {
        sessionOf(req)['fromSub'] = true;
        res.json({ sessionID: req.sessionID });
      });
      a.use('/sub', sub);
      a.get('/data', (req, res) => res.json({ data: { ...sessionOf(req) }, sessionID: req.sessionID }));
    });
    const client = new Client(url);
    await client.post('/sub/set');
    const inSub = (await client.post('/sub/set')).body as { sessionID: string };
    const after = (await client.get('/data')).body as { sessionID: string; data: object };
    expect(typeof inSub.sessionID).toBe('string');
    expect(after.data).toEqual({ fromSub: true });
    expect(after.sessionID).toBe(inSub.sessionID);
  });

  it('cookie.maxAge is null for a browser-session cookie, and a set lifetime is cut to the absolute one', async () => {
    const { url } = await start(routes, { absoluteTimeout: '12h' });
    const client = new Client(url);
    expect((await client.get('/cookie')).body).toEqual({
      maxAge: null,
      originalMaxAge: null,
      expires: null,
      touch: true,
    });
    const month = 30 * 86_400_000;
    const reply = await client.post('/remember', { json: { ms: month } });
    expect(reply.body).toMatchObject({ maxAge: 12 * 3_600_000, originalMaxAge: 12 * 3_600_000 });
    const line = reply.setCookies.find((l) => l.startsWith(`${COOKIE}=`)) ?? '';
    expect(line).toMatch(/Max-Age=43200(;|$)/);
    expect(line.split(';')[0]).toBe(`${COOKIE}=${client.jar.get(COOKIE)}`);
  });
});

describe('never weaker than sesame-session/express', () => {
  it('answers 503 and sets no cookie when the store fails while saving, never the page as if saved', async () => {
    let down = false;
    const { memoryStore } = await import('../../src/stores/memory/index.js');
    const inner = memoryStore();
    const failing = new Proxy(inner, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property === 'create' && down) return () => Promise.reject(new Error('store down'));
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const { url } = await start(
      (a) =>
        a.get('/views', (req, res) => {
          sessionOf(req)['views'] = 1;
          res.json({ ok: true });
        }),
      { store: failing },
    );
    down = true;
    const reply = await new Client(url).get('/views');
    expect(reply.status).toBe(503);
    expect(reply.setCookies).toEqual([]);
    expect(reply.text).not.toContain('ok');
  });

  it('answers 500 for data that is not JSON, and logs why', async () => {
    const { url, errors } = await start((a) =>
      a.get('/bigint', (req, res) => {
        sessionOf(req)['big'] = 10n;
        res.json({ ok: true });
      }),
    );
    const reply = await new Client(url).get('/bigint');
    expect(reply.status).toBe(500);
    expect(reply.setCookies).toEqual([]);
    expect(errors.join('\n')).toContain('saving req.session failed');
  });

  it('refuses a cross-site POST before the handler runs (CSRF)', async () => {
    let ran = false;
    const { url } = await start((a) =>
      a.post('/transfer', (req, res) => {
        ran = true;
        sessionOf(req)['x'] = 1;
        res.end();
      }),
    );
    const reply = await new Client(url).post('/transfer', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(reply.status).toBe(403);
    expect(ran).toBe(false);
  });

  it("keeps Sesame on req.sesame, so app data named userId or user is the app's", async () => {
    const { url } = await start((a) => {
      a.post('/login', async (req, res) => {
        sessionOf(req)['userId'] = 'app-value';
        sessionOf(req)['user'] = { name: 'Ada' };
        await req.sesame.login('u1');
        res.json({ sesameUser: req.sesame.userId });
      });
      a.get('/me', async (req, res) =>
        res.json({
          data: { ...sessionOf(req) },
          user: req.sesame.userId,
          sessions: (await req.sesame.list()).length,
        }),
      );
    });
    const client = new Client(url);
    expect((await client.post('/login')).body).toEqual({ sesameUser: 'u1' });
    expect((await client.get('/me')).body).toEqual({
      data: { userId: 'app-value', user: { name: 'Ada' } },
      user: 'u1',
      sessions: 1,
    });
  });

  it('a cookie whose session timed out is no session; the next write starts a new one', async () => {
    const { url, clock } = await start(
      (a) => {
        a.post('/set', (req, res) => {
          Object.assign(sessionOf(req), req.body as object);
          res.end();
        });
        a.get('/data', (req, res) => res.json({ ...sessionOf(req) }));
      },
      { idleTimeout: '30m' },
    );
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const oldToken = client.jar.get(COOKIE);
    clock.advance(31 * 60_000);
    await client.post('/set', { json: { b: 2 } });
    expect(client.jar.get(COOKIE)).not.toBe(oldToken);
    expect((await client.get('/data')).body).toEqual({ b: 2 });
  });
});
