/**
 * Passport 0.7 with passport-local, unmodified, on the express-session layer (issue 12): sign-in
 * through `passport.authenticate`, `passport.session()` on later requests, `req.logout(cb)` after
 * which the old cookie is refused server-side, and a Passport user as a Sesame user
 * (`list`, `logoutOthers`, `logoutEverywhere`). Before the layer: "req.session.regenerate is not
 * a function" on sign-in. Fixation guard: passport CVE-2022-25896.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COOKIE, Client } from '../support/app.js';
import { startLayerApp, sessionOf } from '../support/layer-app.js';
import type { LayerApp, LayerAppOptions } from '../support/layer-app.js';
import { localStrategy, newPassport, passportRequest } from '../support/passport-modules.js';

interface User {
  id: string;
  username: string;
}
const USERS: (User & { password: string })[] = [
  { id: 'u1', username: 'ada', password: 'correct horse' },
  { id: 'u2', username: 'bob', password: 'battery staple' },
];

let app: LayerApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startPassportApp(options: Partial<LayerAppOptions> = {}): Promise<LayerApp> {
  const passport = newPassport();
  passport.use(
    localStrategy((username, password, done) => {
      const user = USERS.find((u) => u.username === username && u.password === password);
      done(null, user ? { id: user.id, username: user.username } : false);
    }),
  );
  passport.serializeUser<User>((user, done) => done(null, user.id));
  passport.deserializeUser<User>((id, done) => {
    const user = USERS.find((u) => u.id === id);
    done(null, user ? { id: user.id, username: user.username } : false);
  });
  app = await startLayerApp({
    ...options,
    before: (a) => a.use(passport.session()),
    routes: (a) => {
      a.post('/cart', (req, res) => {
        sessionOf(req)['cart'] = ['book'];
        res.end();
      });
      a.post(
        '/login',
        passport.authenticate('local', { successRedirect: '/account', failureRedirect: '/login' }),
      );
      a.get('/account', (req, res) => {
        const preq = passportRequest(req);
        if (!preq.isAuthenticated()) return res.status(401).json({ signedIn: false });
        res.json({
          user: (preq.user as User).username,
          sesameUser: req.sesame.userId,
          data: { ...sessionOf(req) },
        });
      });
      a.post('/logout', (req, res, next) =>
        passportRequest(req).logout((err) => (err ? next(err) : res.redirect(303, '/'))),
      );
      a.get('/sessions', async (req, res) => res.json(await req.sesame.list()));
      a.post('/logout-others', async (req, res) => res.json({ count: await req.sesame.logoutOthers() }));
      a.post('/logout-everywhere', async (req, res) =>
        res.json({ count: await req.sesame.logoutEverywhere() }),
      );
    },
  });
  return app;
}

const signIn = (client: Client, username = 'ada', password = 'correct horse') =>
  client.post('/login', { form: { username, password } });

describe('Passport 0.7 + passport-local on the layer', () => {
  it('signs in with a new token (the pre-login one is dead), and passport.session() finds the user later', async () => {
    const { url, store } = await startPassportApp();
    const client = new Client(url);
    await client.post('/cart');
    const anonymousCookie = client.cookieHeader;
    const anonymousId = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
    const reply = await signIn(client);
    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toBe('/account');
    expect(client.cookieHeader).not.toBe(anonymousCookie);
    expect(await store.get(anonymousId)).toBeNull();
    // regenerate gives an empty session, as express-session's does: Passport 0.7 relies on it.
    expect((await client.get('/account')).body).toEqual({
      user: 'ada',
      sesameUser: 'u1',
      data: { passport: { user: 'u1' } },
    });
    expect((await new Client(url).get('/account', { cookie: anonymousCookie })).status).toBe(401);
  });

  it('sign-in is one rotation: one replace that writes the data too, no second token', async () => {
    const { memoryStore } = await import('../../src/stores/memory/index.js');
    const inner = memoryStore();
    const calls: string[] = [];
    const counted = new Proxy(inner, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          if (property !== 'get') calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const { url } = await startPassportApp({ store: counted });
    const client = new Client(url);
    await client.post('/cart');
    calls.length = 0;
    expect((await signIn(client)).headers.get('location')).toBe('/account');
    expect(calls).toEqual(['replace']);
  });

  it('a failed sign-in signs no one in', async () => {
    const { url } = await startPassportApp();
    const client = new Client(url);
    const reply = await signIn(client, 'ada', 'wrong');
    expect(reply.headers.get('location')).toBe('/login');
    expect((await client.get('/account')).status).toBe(401);
  });

  it('req.logout(cb) ends the session server-side: the old cookie is refused afterwards', async () => {
    const { url, store } = await startPassportApp();
    const client = new Client(url);
    await signIn(client);
    const signedInCookie = client.cookieHeader;
    const signedInId = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
    const reply = await client.post('/logout');
    expect(reply.status).toBe(303);
    expect(await store.get(signedInId)).toBeNull();
    expect((await client.get('/account')).status).toBe(401);
    expect((await new Client(url).get('/account', { cookie: signedInCookie })).status).toBe(401);
  });

  it('a Passport user is a Sesame user: list, logoutOthers and logoutEverywhere', async () => {
    const { url } = await startPassportApp();
    const laptop = new Client(url);
    const phone = new Client(url);
    const tablet = new Client(url);
    const other = new Client(url);
    for (const device of [laptop, phone, tablet]) await signIn(device);
    await signIn(other, 'bob', 'battery staple');
    expect(((await laptop.get('/sessions')).body as unknown[]).length).toBe(3);
    expect((await laptop.post('/logout-others')).body).toEqual({ count: 2 });
    expect((await phone.get('/account')).status).toBe(401);
    expect((await laptop.get('/account')).status).toBe(200);
    await signIn(phone);
    expect((await phone.post('/logout-everywhere')).body).toEqual({ count: 2 });
    expect((await laptop.get('/account')).status).toBe(401);
    expect((await phone.get('/account')).status).toBe(401);
    expect((await other.get('/account')).body).toMatchObject({ user: 'bob' });
  });
});
