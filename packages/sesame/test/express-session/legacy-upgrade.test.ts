/**
 * Users stay signed in across the switch (issue 12): a session express-session holds in its own
 * store is upgraded once into a Sesame session, the legacy session destroyed and its cookie
 * expired. A bad signature, an unknown id or a failing legacy store never signs anyone in.
 * Here on express-session's MemoryStore; legacy-upgrade-redis/-postgres run the same on the real
 * servers with connect-redis and connect-pg-simple.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sign } from 'cookie-signature';
import { COOKIE, Client, TEST_SECRET } from '../support/app.js';
import {
  LEGACY_SECRET,
  expressSessionModule,
  startLegacyApp,
  startSwitchedApp,
} from '../support/legacy-app.js';
import { legacySession as stored } from '../support/legacy-app.js';
import type { LegacyOptions, LegacyStore } from '../../src/adapters/express-session/index.js';
import { expressSession } from '../../src/adapters/express-session/index.js';
import { createSessions } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of opened.splice(0)) await server.close();
});

const legacyCookie = (id: string, secret = LEGACY_SECRET): string =>
  `connect.sid=${encodeURIComponent(`s:${sign(id, secret)}`)}`;

/** Sign "ada" in on the express-session app; returns her browser and her legacy session id. */
async function signedInBeforeSwitch(store: LegacyStore): Promise<{ browser: Client; legacyId: string }> {
  const before = await startLegacyApp(store);
  opened.push(before);
  const browser = new Client(before.url);
  await browser.post('/login', { form: { username: 'ada', password: 'correct horse' } });
  await browser.post('/cart');
  expect((await browser.get('/account')).body).toMatchObject({ user: 'ada' });
  const value = decodeURIComponent(browser.jar.get('connect.sid') ?? '');
  return { browser, legacyId: value.slice(2, value.lastIndexOf('.')) };
}

async function switched(
  store: LegacyStore,
  secret: string | string[] = LEGACY_SECRET,
  storeTimeout?: number,
) {
  const after = await startSwitchedApp({ store, secret }, storeTimeout === undefined ? {} : { storeTimeout });
  opened.push(after);
  return after;
}

describe('legacy express-session upgrade (MemoryStore)', () => {
  it('keeps a signed-in user signed in, once: new __Host- cookie, legacy session destroyed and its cookie expired', async () => {
    const store = new (expressSessionModule().MemoryStore)();
    const { browser, legacyId } = await signedInBeforeSwitch(store);
    const legacyOnly = browser.cookieHeader ?? '';
    const after = await switched(store, ['a newer secret', LEGACY_SECRET]);
    const moved = new Client(after.url);
    moved.jar.set('connect.sid', browser.jar.get('connect.sid') ?? '');
    const reply = await moved.get('/account');
    expect(reply.body).toEqual({ user: 'ada', sesameUser: 'u1', cart: ['book', 'pen'] });
    expect(moved.jar.has(COOKIE)).toBe(true);
    expect(moved.jar.has('connect.sid')).toBe(false);
    expect(reply.setCookies.some((l) => /^connect\.sid=;.*Max-Age=0/i.test(l))).toBe(true);
    expect(await stored(store, legacyId)).toBeNull();
    expect((await moved.get('/account')).body).toMatchObject({ user: 'ada', sesameUser: 'u1' });
    // The legacy cookie is good for one upgrade: replayed, it signs no one in.
    expect((await new Client(after.url).get('/account', { cookie: legacyOnly })).status).toBe(401);
  });

  it('a bad signature signs no one in and leaves the legacy session alone', async () => {
    const store = new (expressSessionModule().MemoryStore)();
    const { legacyId } = await signedInBeforeSwitch(store);
    const after = await switched(store);
    const forged = new Client(after.url);
    const reply = await forged.get('/account', { cookie: legacyCookie(legacyId, 'not the secret') });
    expect(reply.status).toBe(401);
    expect(forged.jar.has(COOKIE)).toBe(false);
    expect(await stored(store, legacyId)).not.toBeNull();
    const unsigned = await forged.get('/account', { cookie: `connect.sid=${legacyId}` });
    expect(unsigned.status).toBe(401);
  });

  it('an unknown id signs no one in', async () => {
    const store = new (expressSessionModule().MemoryStore)();
    const after = await switched(store);
    const reply = await new Client(after.url).get('/account', { cookie: legacyCookie('no-such-session') });
    expect(reply.status).toBe(401);
    expect(reply.setCookies.some((l) => l.startsWith(`${COOKIE}=`) && !/max-age=0/i.test(l))).toBe(false);
  });

  it('a failing legacy store answers 503, never a sign-in', async () => {
    const memory = new (expressSessionModule().MemoryStore)();
    const { browser, legacyId } = await signedInBeforeSwitch(memory);
    const failing: LegacyStore = {
      get: (_sid, cb) => cb(new Error('legacy store down')),
      destroy: (sid, cb) => memory.destroy(sid, cb),
    };
    const after = await switched(failing);
    const reply = await new Client(after.url).get('/account', { cookie: browser.cookieHeader });
    expect(reply.status).toBe(503);
    expect(reply.setCookies.some((l) => l.startsWith(`${COOKIE}=`) && !/max-age=0/i.test(l))).toBe(false);
    expect(await stored(memory, legacyId)).not.toBeNull();
    expect(after.errors.join('\n')).toContain('legacy express-session store');
  });

  it('a legacy store that does not answer is a 503 after storeTimeout, never a sign-in', async () => {
    const memory = new (expressSessionModule().MemoryStore)();
    const { browser } = await signedInBeforeSwitch(memory);
    const silent: LegacyStore = { get: () => undefined, destroy: (sid, cb) => memory.destroy(sid, cb) };
    const after = await switched(silent, LEGACY_SECRET, 100);
    const reply = await new Client(after.url).get('/account', { cookie: browser.cookieHeader });
    expect(reply.status).toBe(503);
    expect(reply.setCookies.some((l) => l.startsWith(`${COOKIE}=`) && !/max-age=0/i.test(l))).toBe(false);
  });
});

describe('legacy express-session upgrade: what is and is not upgraded', () => {
  /** express-session's MemoryStore, counting the calls the upgrade makes. */
  function countingStore() {
    const memory = new (expressSessionModule().MemoryStore)();
    const calls: string[] = [];
    const store: LegacyStore = {
      get: (sid, cb) => (calls.push(`get ${sid}`), memory.get(sid, cb)),
      destroy: (sid, cb) => (calls.push(`destroy ${sid}`), memory.destroy(sid, cb)),
    };
    const put = (sid: string, session: object): Promise<void> =>
      new Promise((resolve, reject) =>
        memory.set(sid, session, (err) =>
          err ? reject(err instanceof Error ? err : new Error('set')) : resolve(),
        ),
      );
    return { store, memory, calls, put };
  }
  const browserSessionCookie = { originalMaxAge: null, expires: null, httpOnly: true, path: '/' };

  it('asks the legacy store nothing for a request without a legacy cookie (or with the name only in a value)', async () => {
    const { store, calls } = countingStore();
    const after = await switched(store);
    expect((await new Client(after.url).get('/account')).status).toBe(401);
    expect((await new Client(after.url).get('/account', { cookie: 'note=connect.sid' })).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('expires the legacy cookie where it lived: its path and domain', async () => {
    const { store } = countingStore();
    const after = await startSwitchedApp({
      store,
      secret: LEGACY_SECRET,
      cookie: { path: '/app', domain: 'example.test' },
    });
    opened.push(after);
    const reply = await new Client(after.url).get('/account', {
      cookie: legacyCookie('some-id', 'not the secret'),
    });
    const expiry = reply.setCookies.find((l) => l.startsWith('connect.sid=;')) ?? '';
    expect(expiry).toMatch(/Max-Age=0/i);
    expect(expiry).toMatch(/Path=\/app(;|$)/);
    expect(expiry).toMatch(/Domain=example\.test(;|$)/);
  });

  it('carries an anonymous legacy session over without signing anyone in, as a browser-session cookie', async () => {
    const { store, memory, put } = countingStore();
    await put('anon-1', { cookie: browserSessionCookie, cart: ['tea'] });
    const after = await switched(store);
    const client = new Client(after.url);
    const reply = await client.get('/account', { cookie: legacyCookie('anon-1') });
    expect(reply.status).toBe(401);
    const line = reply.setCookies.find((l) => l.startsWith(`${COOKIE}=`)) ?? '';
    expect(line).not.toBe('');
    expect(line).not.toMatch(/max-age|expires/i);
    expect(client.jar.has('connect.sid')).toBe(false);
    expect(await stored(memory, 'anon-1')).toBeNull();
    const session = await after.store.get((client.jar.get(COOKIE) ?? '').split('.')[0] ?? '');
    expect(session).toMatchObject({ userId: null, data: { cart: ['tea'] } });
  });

  it('a legacy session with no data is destroyed and nothing is created for it', async () => {
    const { store, memory, put } = countingStore();
    await put('empty-1', { cookie: browserSessionCookie });
    const after = await switched(store);
    const client = new Client(after.url);
    const reply = await client.get('/account', { cookie: legacyCookie('empty-1') });
    expect(reply.status).toBe(401);
    expect(client.jar.has(COOKIE)).toBe(false);
    expect(reply.setCookies.some((l) => /^connect\.sid=;.*Max-Age=0/i.test(l))).toBe(true);
    expect(await stored(memory, 'empty-1')).toBeNull();
  });

  it('a Sesame cookie whose session ended does not stand in the way: the legacy session is upgraded', async () => {
    const memory = new (expressSessionModule().MemoryStore)();
    const { browser } = await signedInBeforeSwitch(memory);
    const after = await switched(memory);
    // An earlier Sesame session of this browser, now timed out.
    const earlier = new Client(after.url);
    await earlier.post('/cart');
    const ended = `${COOKIE}=${earlier.jar.get(COOKIE) ?? ''}`;
    after.clock.advance(31 * 60_000);
    const moved = new Client(after.url);
    const reply = await moved.get('/account', { cookie: `${ended}; ${browser.cookieHeader ?? ''}` });
    expect(reply.body).toEqual({ user: 'ada', sesameUser: 'u1', cart: ['book', 'pen'] });
    expect(moved.jar.get(COOKIE)).not.toBe(earlier.jar.get(COOKIE));
  });

  it('refuses legacy options that could upgrade no one when the middleware is made, not on a request', () => {
    const sessions = createSessions({ store: memoryStore(), secrets: TEST_SECRET });
    const store = new (expressSessionModule().MemoryStore)();
    const make = (legacy: unknown) => () => expressSession(sessions, { legacy: legacy as LegacyOptions });
    // A missing environment variable, an empty secret or list, a store that is not one.
    for (const secret of [undefined, '', [], ['a secret', '']]) {
      expect(make({ store, secret })).toThrow(/legacy\.secret/);
      expect(make({ store, secret })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
    }
    expect(make({ store: {}, secret: LEGACY_SECRET })).toThrow(/legacy\.store/);
    expect(make({ store, secret: LEGACY_SECRET, name: '' })).toThrow(/legacy\.name/);
    expect(make({ store, secret: [LEGACY_SECRET] })).not.toThrow();
    void sessions.close();
  });
});
