/**
 * Sign-in and CSRF on the express-session layer are Sesame's, whatever the app does (issue 12):
 * an app that signs in by setting its own user key, without `regenerate()`, still gets a new token
 * (fixation; the bug behind passport CVE-2022-25896); Passport's numeric user ids are user ids; a
 * form without Fetch Metadata or Origin needs the synchronizer token, read from `x-csrf-token` or
 * the `_csrf` field as on `sesame-session/express`; and `skipCsrf` exempts only what it names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { passportUserId } from '../../src/adapters/express-session/index.js';
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

const NO_HEADERS = { 'sec-fetch-site': '' };

const dataRoutes = (a: Express): void => {
  a.post('/set', (req, res) => {
    Object.assign(sessionOf(req), req.body as object);
    res.end(); // written, and a sign-in made, when the response ends
  });
  a.get('/me', (req, res) => res.json({ user: req.sesame.userId, data: { ...sessionOf(req) } }));
  a.get('/csrf', async (req, res) => res.json({ token: await req.sesame.csrfToken() }));
};

describe('sign-in read from the data', () => {
  it('an app that sets its own user key without regenerate() gets a new token, and keeps its data', async () => {
    const { url, store } = await start(dataRoutes, {
      layer: { userId: (s) => (typeof s['userId'] === 'string' ? s['userId'] : null) },
    });
    const client = new Client(url);
    await client.post('/set', { json: { cart: ['book'] } });
    const planted = client.cookieHeader;
    const plantedId = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
    await client.post('/set', { json: { userId: 'u1' } });
    expect(client.cookieHeader).not.toBe(planted);
    expect(await store.get(plantedId)).toBeNull();
    expect((await client.get('/me')).body).toEqual({ user: 'u1', data: { cart: ['book'], userId: 'u1' } });
    // The token from before sign-in is worth nothing now (fixation).
    expect((await new Client(url).get('/me', { cookie: planted })).body).toEqual({ user: null, data: {} });
  });

  it('Passport user ids: a string or a finite number is the user; anything else is nobody', () => {
    expect(passportUserId({ passport: { user: 'u1' } })).toBe('u1');
    expect(passportUserId({ passport: { user: 42 } })).toBe('42');
    expect(passportUserId({ passport: { user: 0 } })).toBe('0');
    for (const user of [
      '',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      null,
      undefined,
      { id: 'u1' },
      ['u1'],
      true,
    ]) {
      expect(passportUserId({ passport: { user } })).toBeNull();
    }
    expect(passportUserId({ passport: null })).toBeNull();
    expect(passportUserId({ passport: 'u1' })).toBeNull();
    expect(passportUserId({})).toBeNull();
  });

  it('a numeric Passport id signs in as its string', async () => {
    const { url } = await start(dataRoutes);
    const client = new Client(url);
    await client.post('/set', { json: { passport: { user: 42 } } });
    expect((await client.get('/me')).body).toMatchObject({ user: '42' });
  });

  it('regenerate() for a visitor with no stored session stores the new data under a new session', async () => {
    const { url } = await start((a) => {
      dataRoutes(a);
      a.post('/regenerate', (req, res, next) =>
        sessionOf(req).regenerate((err) => {
          if (err) return next(err);
          sessionOf(req)['after'] = true;
          res.end();
        }),
      );
    });
    const client = new Client(url);
    await client.post('/regenerate');
    expect(client.jar.has(COOKIE)).toBe(true);
    expect((await client.get('/me')).body).toEqual({ user: null, data: { after: true } });
  });
});

describe('CSRF', () => {
  it("a form without Fetch Metadata or Origin needs the session's token, from x-csrf-token or _csrf", async () => {
    const { url } = await start(dataRoutes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const token = ((await client.get('/csrf')).body as { token: string }).token;
    expect((await client.post('/set', { headers: NO_HEADERS, json: { b: 2 } })).status).toBe(403);
    const wrong = await client.post('/set', { headers: { ...NO_HEADERS, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect(
      (await client.post('/set', { headers: { ...NO_HEADERS, 'x-csrf-token': token }, json: { b: 2 } }))
        .status,
    ).toBe(200);
    expect((await client.post('/set', { headers: NO_HEADERS, form: { _csrf: token, c: '3' } })).status).toBe(
      200,
    );
    expect((await client.get('/me')).body).toMatchObject({ data: { a: 1, b: 2, c: '3' } });
  });

  it("a visitor's form token (no session stored) verifies on the sign-in it protects", async () => {
    const { url } = await start(dataRoutes);
    const client = new Client(url);
    const token = ((await client.get('/csrf')).body as { token: string }).token;
    expect(client.jar.has(COOKIE)).toBe(false);
    const reply = await client.post('/set', {
      headers: { ...NO_HEADERS, 'x-csrf-token': token },
      json: { passport: { user: 'u1' } },
    });
    expect(reply.status).toBe(200);
    expect((await client.get('/me')).body).toMatchObject({ user: 'u1' });
  });

  it('skipCsrf exempts the requests it names, and only those', async () => {
    const { url } = await start(
      (a) => {
        dataRoutes(a);
        a.post('/webhook', (req, res) => {
          sessionOf(req)['hooked'] = true;
          res.json({ ok: true });
        });
      },
      { layer: { skipCsrf: (req) => req.path === '/webhook' } },
    );
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    const client = new Client(url);
    expect((await client.post('/webhook', { headers: crossSite })).status).toBe(200);
    expect(client.jar.has(COOKIE)).toBe(true);
    expect((await client.post('/set', { headers: crossSite, json: { a: 1 } })).status).toBe(403);
  });
});
