/**
 * The promises behind express-session's `req.session` methods on the layer (issue 12), where they
 * meet failures and other requests: a callback hears of a failed save or destroy, and a change the
 * store refused is written again when the response ends (a 503 if it still fails, never a silent
 * success); a write never brings back a session that was ended, by `destroy()` earlier in the
 * request or by another request meanwhile (docs/architecture.md §1.6); an unawaited `save()` loses
 * nothing; a save with nothing to save costs no store write; and data named like the session's
 * own methods never shadows them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { SessionStore } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { COOKIE, Client, manualClockFor } from '../support/app.js';
import { startLayerApp, sessionOf } from '../support/layer-app.js';
import type { LayerApp, LayerAppOptions } from '../support/layer-app.js';

let app: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const idOf = (client: Client): string => (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';

interface Switchable {
  store: SessionStore;
  down(on: boolean): void;
  /** Store calls other than `get` so far. */
  writes(): number;
}

/** The real memory store, with every call failing while `down` is on (as in store-outage.test.ts). */
function switchable(store: SessionStore): Switchable {
  let down = false;
  let writes = 0;
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'close') return value;
      return (...args: unknown[]) => {
        if (down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
        if (key !== 'get') writes++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, down: (on) => (down = on), writes: () => writes };
}

async function start(
  routes: (app: Express, control: Switchable) => void,
  options: Partial<LayerAppOptions> = {},
): Promise<LayerApp & { control: Switchable }> {
  const clock = manualClockFor();
  const control = switchable(memoryStore({ clock }));
  app = await startLayerApp({ clock, store: control.store, ...options, routes: (a) => routes(a, control) });
  return { ...app, control };
}

/** A handler that waits until the test lets it go on; `arrived` resolves once it waits. */
function gate(): { wait(): Promise<void>; arrived: Promise<void>; open(): void } {
  let arrive: () => void = () => undefined;
  let open: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    wait: () => {
      arrive();
      return opened;
    },
    arrived,
    open: () => open(),
  };
}

const codeOf = (err: unknown): string | null => {
  if (err === undefined || err === null) return null;
  return err instanceof Error ? ((err as { code?: string }).code ?? err.message) : 'not an Error';
};

describe('a failed store write', () => {
  const routes = (a: Express, control: Switchable): void => {
    a.post('/set', (req, res) => {
      Object.assign(sessionOf(req), req.body as object);
      res.end();
    });
    a.get('/data', (req, res) => res.json({ ...sessionOf(req) }));
    // The store fails after the session was loaded, while the handler saves.
    a.post('/save-while-down', (req, res) => {
      control.down(true);
      sessionOf(req)['b'] = 2;
      sessionOf(req).save((err) => {
        control.down(false);
        res.json({ callback: codeOf(err) });
      });
    });
    a.post('/destroy-while-down', (req, res) => {
      control.down(true);
      sessionOf(req).destroy((err) => {
        control.down(false);
        res.json({ callback: codeOf(err) });
      });
    });
    a.post('/regenerate-while-down', (req, res) => {
      control.down(true);
      sessionOf(req).regenerate((regenerateErr) => {
        sessionOf(req)['fresh'] = true;
        sessionOf(req).save((err) => {
          control.down(false);
          res.json({ regenerate: codeOf(regenerateErr), callback: codeOf(err) });
        });
      });
    });
    a.post('/save-without-callback-while-down', (req, res) => {
      control.down(true);
      sessionOf(req)['lost'] = true;
      sessionOf(req).save();
      res.json({ ok: true });
    });
  };

  it('reaches the save(cb) callback, and the change is written again when the response ends', async () => {
    const { url, store } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const reply = await client.post('/save-while-down');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ callback: 'ERR_STORE_UNAVAILABLE' });
    expect((await store.get(idOf(client)))?.data).toEqual({ a: 1, b: 2 });
  });

  it('reaches the destroy(cb) callback, and the session is still there: the app knows sign-out failed', async () => {
    const { url } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const reply = await client.post('/destroy-while-down');
    expect(reply.body).toEqual({ callback: 'ERR_STORE_UNAVAILABLE' });
    expect(reply.setCookies).toEqual([]);
    expect((await client.get('/data')).body).toEqual({ a: 1 });
  });

  it('reaches the save(cb) callback after regenerate(), and the old session is not left half-ended', async () => {
    const { url, store } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const oldId = idOf(client);
    const reply = await client.post('/regenerate-while-down');
    expect(reply.body).toEqual({ regenerate: null, callback: 'ERR_STORE_UNAVAILABLE' });
    // Written again when the response ended, with the store back: a new session, the old one gone.
    expect(idOf(client)).not.toBe(oldId);
    expect(await store.get(oldId)).toBeNull();
    expect((await client.get('/data')).body).toEqual({ fresh: true });
  });

  it('without a callback is not lost silently: the response is a 503 when the write fails again', async () => {
    const { url, store, control } = await start(routes);
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const reply = await client.post('/save-without-callback-while-down');
    control.down(false);
    expect(reply.status).toBe(503);
    expect(reply.text).not.toContain('ok');
    expect((await store.get(idOf(client)))?.data).toEqual({ a: 1 });
  });
});

describe('a session that was ended is never written back', () => {
  it('save() after destroy() in the same request stores nothing and sets no new cookie', async () => {
    const { url, store } = await start((a) => {
      a.post('/set', (req, res) => {
        Object.assign(sessionOf(req), req.body as object);
        res.end();
      });
      a.post('/destroy-then-save', (req, res, next) => {
        const session = sessionOf(req);
        session.destroy((destroyErr) => {
          if (destroyErr) return next(destroyErr);
          session['after'] = true;
          session.save((err) => (err ? next(err) : res.json({ session: typeof sessionOf(req) })));
        });
      });
    });
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const oldId = idOf(client);
    const reply = await client.post('/destroy-then-save');
    expect(reply.body).toEqual({ session: 'undefined' });
    expect(client.jar.has(COOKIE)).toBe(false);
    expect(await store.get(oldId)).toBeNull();
    expect(reply.setCookies.filter((l) => l.startsWith(`${COOKIE}=`) && !/max-age=0/i.test(l))).toEqual([]);
  });

  it('a change to a session another request ended meanwhile is dropped: the page is sent, the cookie cleared', async () => {
    const g = gate();
    const { url, store } = await start((a) => {
      a.post('/set', (req, res) => {
        Object.assign(sessionOf(req), req.body as object);
        res.end();
      });
      a.post('/slow-set', async (req, res) => {
        await g.wait();
        sessionOf(req)['late'] = true;
        res.json({ page: 'sent' });
      });
      a.post('/destroy', (req, res, next) => sessionOf(req).destroy((err) => (err ? next(err) : res.end())));
    });
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const id = idOf(client);
    const cookie = client.cookieHeader;
    const slow = new Client(url).post('/slow-set', { cookie });
    await g.arrived;
    await new Client(url).post('/destroy', { cookie });
    g.open();
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ page: 'sent' });
    expect(reply.setCookies.some((l) => l.startsWith(`${COOKIE}=;`) && /max-age=0/i.test(l))).toBe(true);
    expect(await store.get(id)).toBeNull();
    expect(app?.errors.filter((e) => e.startsWith('unhandled') || e.startsWith('error'))).toEqual([]);
  });

  it('reload(cb) of a session another request ended meanwhile reports it gone (401), never reads it back', async () => {
    const g = gate();
    const { url, store } = await start((a) => {
      a.post('/set', (req, res) => {
        Object.assign(sessionOf(req), req.body as object);
        res.end();
      });
      a.post('/slow-reload', async (req, res, next) => {
        await g.wait();
        sessionOf(req).reload((err) => (err ? next(err) : res.json({ ...sessionOf(req) })));
      });
      a.post('/destroy', (req, res, next) => sessionOf(req).destroy((err) => (err ? next(err) : res.end())));
    });
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const id = idOf(client);
    const cookie = client.cookieHeader;
    const slow = new Client(url).post('/slow-reload', { cookie });
    await g.arrived;
    await new Client(url).post('/destroy', { cookie });
    g.open();
    const reply = await slow;
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'ERR_SESSION_GONE' });
    expect(await store.get(id)).toBeNull();
  });
});

describe('saving', () => {
  it('an unawaited save() loses nothing: changes made after it are stored too, in order', async () => {
    const { url, store } = await start((a) =>
      a.post('/steps', (req, res) => {
        const session = sessionOf(req);
        session['step'] = 1;
        session['first'] = true;
        session.save();
        session['step'] = 2;
        session.save();
        session['second'] = true;
        res.json({ ok: true });
      }),
    );
    const client = new Client(url);
    const reply = await client.post('/steps');
    expect(reply.status).toBe(200);
    expect((await store.get(idOf(client)))?.data).toEqual({ step: 2, first: true, second: true });
  });

  it('save(cb) with nothing changed makes no store write', async () => {
    const { url, control } = await start((a) => {
      a.post('/set', (req, res) => {
        Object.assign(sessionOf(req), req.body as object);
        res.end();
      });
      a.post('/save', (req, res, next) => sessionOf(req).save((err) => (err ? next(err) : res.end())));
    });
    const client = new Client(url);
    await client.post('/set', { json: { a: 1 } });
    const before = control.writes();
    expect((await client.post('/save')).status).toBe(200);
    expect(control.writes()).toBe(before);
  });

  it('reload(cb) on a session not stored yet drops the unsaved changes and stores nothing', async () => {
    const { url, control } = await start((a) =>
      a.post('/reload', (req, res, next) => {
        sessionOf(req)['unsaved'] = true;
        sessionOf(req).reload((err) => (err ? next(err) : res.json({ ...sessionOf(req) })));
      }),
    );
    const client = new Client(url);
    const reply = await client.post('/reload');
    expect(reply.body).toEqual({});
    expect(reply.setCookies).toEqual([]);
    expect(control.writes()).toBe(0);
  });
});

describe('names the session object answers to are never data', () => {
  it('a key named like a method is not stored, and stored data with such names does not shadow the methods', async () => {
    const { url, store } = await start((a) => {
      a.post('/assign', (req, res) => {
        // Object.assign(req.session, req.body): a client chooses the names.
        Object.assign(sessionOf(req), req.body as object);
        res.end();
      });
      a.post('/sesame-set', async (req, res) => {
        await req.sesame.update({ save: 'data', reload: 1, cookie: 'x', kept: true });
        res.end();
      });
      a.post('/save', (req, res, next) => {
        const session = sessionOf(req);
        session['saved'] = true;
        session.save((err) =>
          err
            ? next(err)
            : res.json({
                data: { ...session },
                methods: [typeof session.save, typeof session.reload, typeof session.cookie],
                same: session.touch() === session && session.resetMaxAge() === session,
              }),
        );
      });
    });
    const client = new Client(url);
    await client.post('/assign', { json: { touch: 'x', regenerate: 1, views: 1 } });
    expect((await store.get(idOf(client)))?.data).toEqual({ views: 1 });
    await client.post('/sesame-set');
    const reply = await client.post('/save');
    expect(reply.body).toEqual({
      data: { views: 1, kept: true, saved: true },
      methods: ['function', 'function', 'object'],
      same: true,
    });
  });
});
