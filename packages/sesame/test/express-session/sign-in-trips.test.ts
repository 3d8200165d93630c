/**
 * The layer's sign-in (regenerate, set the user, save: what Passport does) is one store operation
 * with its data (issue 12, issue 15), and deferring it keeps the fixation defence (passport
 * CVE-2022-25896): the old token is refused once regenerate() has called back, even when the
 * response never completes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Express } from 'express';
import { memoryStore } from '../../src/stores/memory/index.js';
import { COOKIE, Client } from '../support/app.js';
import { startLayerApp, sessionOf } from '../support/layer-app.js';
import type { LayerApp } from '../support/layer-app.js';
import { countingStore } from '../support/counting-store.js';

let app: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const userId = (session: Readonly<Record<string, unknown>>): string | null =>
  typeof session['userId'] === 'string' ? session['userId'] : null;

const idOf = (client: Client): string => (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';

describe('sign-in through the layer', () => {
  const routes = (hang: Promise<void>) => (a: Express) => {
    a.post('/cart', (req, res) => {
      sessionOf(req)['cart'] = ['book'];
      res.end();
    });
    a.post('/login', (req, res, next) => {
      sessionOf(req).regenerate((err) => {
        if (err) return next(err);
        sessionOf(req)['userId'] = 'u1';
        sessionOf(req)['name'] = 'Ada';
        sessionOf(req).save((saveErr) => (saveErr ? next(saveErr) : res.json({ ok: true })));
      });
    });
    a.post('/regenerate-and-wait', (req, res, next) => {
      sessionOf(req).regenerate((err) => {
        if (err) return next(err);
        // The app never saves, and answers only when the test lets it.
        void hang.then(() => res.json({ answered: true }));
      });
    });
    a.get('/data', (req, res) => res.json({ data: { ...sessionOf(req) }, user: req.sesame.userId }));
  };

  it('is one create with the data for a new visitor', async () => {
    const { store, calls } = countingStore(memoryStore());
    app = await startLayerApp({ store, layer: { userId }, routes: routes(Promise.resolve()) });
    const client = new Client(app.url);
    calls.length = 0;
    expect((await client.post('/login')).body).toEqual({ ok: true });
    expect(calls).toEqual(['create']);
    expect((await client.get('/data')).body).toEqual({ data: { userId: 'u1', name: 'Ada' }, user: 'u1' });
  });

  it('is one replace with the data over an anonymous session, whose token is refused afterwards', async () => {
    const { store, calls } = countingStore(memoryStore());
    app = await startLayerApp({ store, layer: { userId }, routes: routes(Promise.resolve()) });
    const client = new Client(app.url);
    await client.post('/cart');
    const oldCookie = client.cookieHeader;
    const oldId = idOf(client);
    calls.length = 0;
    await client.post('/login');
    expect(calls.filter((call) => call !== 'get')).toEqual(['replace']);
    expect(await store.get(oldId)).toBeNull();
    expect((await client.get('/data')).body).toEqual({ data: { userId: 'u1', name: 'Ada' }, user: 'u1' });
    expect((await new Client(app.url).get('/data', { cookie: oldCookie })).body).toEqual({
      data: {},
      user: null,
    });
  });

  it('refuses the old token once regenerate() called back, even when the response never completes', async () => {
    let release = (): void => undefined;
    const hang = new Promise<void>((resolve) => {
      release = resolve;
    });
    app = await startLayerApp({ layer: { userId }, routes: routes(hang) });
    const { store } = app;
    const client = new Client(app.url);
    await client.post('/cart');
    const oldCookie = client.cookieHeader;
    const oldId = idOf(client);
    const waiting = client.post('/regenerate-and-wait');
    // The request is still open: only regenerate() can have ended the old record.
    await vi.waitFor(async () => expect(await store.get(oldId)).toBeNull());
    expect((await new Client(app.url).get('/data', { cookie: oldCookie })).body).toEqual({
      data: {},
      user: null,
    });
    release();
    const reply = await waiting;
    expect(reply.body).toEqual({ answered: true });
    expect(reply.setCookies.some((line) => line.startsWith(`${COOKIE}=;`) && /max-age=0/i.test(line))).toBe(
      true,
    );
  });
});
