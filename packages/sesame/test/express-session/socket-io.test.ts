/**
 * socket.io on the layer, the way socket.io's guide shares an express-session session:
 * `io.engine.use(sessionMiddleware)` and `io.engine.use(passport.session())`, then
 * `socket.request.session` and `socket.request.user` in `io.on('connection')`, with
 * `req.session.reload()` / `save()` in socket handlers. engine.io hands the middlewares Node's
 * own request and, for a WebSocket, a stand-in response. Before the fix: a Node client's polling
 * POSTs were refused for want of a CSRF token ("xhr post error"); a renewal due at the handshake
 * refused it ("Cannot read properties of undefined (reading 'get')", the trust proxy setting read
 * from `req.app`) after destroying a legacy session it was upgrading; `reload()` in a socket
 * handler failed for every signed-in user; and a Passport user gone from the database crashed
 * the process at a WebSocket handshake ("res.getHeaderNames is not a function"). The same app on
 * express-session itself is the reference.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isSesameError } from '../../src/index.js';
import { Client, COOKIE } from '../support/app.js';
import { expressSessionModule, LEGACY_SECRET, legacySession, startLegacyApp } from '../support/legacy-app.js';
import { handshake, open, TRANSPORTS } from '../support/socket-io.js';
import type { SocketApp } from '../support/socket-io.js';
import {
  ANONYMOUS,
  SIGNED_IN,
  USERS,
  signIn,
  startPassportSocketApp,
} from '../support/socket-io-passport.js';
import type {
  EngineRequest,
  LegacyView,
  PassportSocketApp,
  PassportSocketOptions,
} from '../support/socket-io-passport.js';

let served: PassportSocketApp | undefined;
afterEach(async () => {
  const crashes = served?.crashes ?? [];
  await served?.close();
  served = undefined;
  expect(crashes).toEqual([]);
});

async function start(options: PassportSocketOptions = {}): Promise<PassportSocketApp> {
  served = await startPassportSocketApp(options);
  return served;
}

/** The headers a page of the app itself sends with socket.io's requests. */
const sameOrigin = (url: string): Record<string, string> => ({
  origin: url,
  'sec-fetch-site': 'same-origin',
});

describe('socket.io with io.engine.use(sessionMiddleware) on the layer', () => {
  it.each(TRANSPORTS)('over %s, the connection sees the user signed in over HTTP', async (transport) => {
    const { url, errors } = await start();
    const client = await signIn(url);
    for (const headers of [sameOrigin(url), {}]) {
      expect(await handshake(url, { transport, cookie: client.cookieHeader, headers })).toEqual({
        transport,
        hello: SIGNED_IN,
      });
    }
    expect(errors).toEqual([]);
  });

  it('polling, then the upgrade to WebSocket, as browsers connect', async () => {
    const { url } = await start();
    const client = await signIn(url);
    const headers = sameOrigin(url);
    expect(
      await handshake(url, { transport: 'polling', upgrade: true, cookie: client.cookieHeader, headers }),
    ).toEqual({
      transport: 'websocket',
      hello: SIGNED_IN,
    });
  });

  it.each(TRANSPORTS)(
    'over %s, no cookie, a tampered one or one signed out is no user',
    async (transport) => {
      const { url } = await start();
      const client = await signIn(url);
      const cookie = client.cookieHeader ?? '';
      const value = client.jar.get(COOKIE) ?? '';
      const tampered = `${COOKIE}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(await handshake(url, { transport, cookie: null })).toEqual({ transport, hello: ANONYMOUS });
      expect(await handshake(url, { transport, cookie: tampered })).toEqual({ transport, hello: ANONYMOUS });
      expect((await client.post('/logout')).status).toBe(303);
      expect(await handshake(url, { transport, cookie })).toEqual({ transport, hello: ANONYMOUS });
    },
  );

  it('express-session itself, the reference: the same app and client see the same user', async () => {
    const { url } = await start({ original: true });
    const client = await signIn(url);
    for (const transport of TRANSPORTS) {
      expect(await handshake(url, { transport, cookie: client.cookieHeader })).toEqual({
        transport,
        hello: { ...SIGNED_IN, sesameUser: null },
      });
    }
  });
});

describe('the session in socket handlers, as socket.io guide uses it', () => {
  /** `reload()` before every event, `disconnect()` when it fails: the guide's sign-out check. */
  const reloadingSockets = (io: SocketApp['io']): void => {
    io.on('connection', (socket) => {
      const req = socket.request as EngineRequest;
      socket.use((_packet, next) => {
        req.session?.reload((err) => (err ? socket.disconnect() : next()));
      });
      socket.on('whoami', (done: (user: string | null) => void) => done(req.session?.passport?.user ?? null));
      socket.on('visit', (done: (result: unknown) => void) => {
        const session = req.session as LegacyView;
        session['visits'] = Number(session['visits'] ?? 0) + 1;
        session.save((err) => done(err ? (isSesameError(err) ? err.code : 'failed') : session['visits']));
      });
    });
  };

  it.each(TRANSPORTS)(
    'over %s, reload() keeps a signed-in socket and disconnects it after sign-out',
    async (transport) => {
      const { url } = await start({ setUp: reloadingSockets });
      const client = await signIn(url);
      const opened = await open(url, { transport, cookie: client.cookieHeader });
      if ('error' in opened) throw new Error(opened.error);
      const { socket } = opened;
      expect(await socket.timeout(2_000).emitWithAck('whoami')).toBe('u1');
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await client.post('/logout');
      socket.emit('whoami', () => undefined);
      expect(await disconnected).toBe('io server disconnect');
    },
  );

  it.each(TRANSPORTS)(
    'over %s, save() writes a signed-in session, and refuses to start one',
    async (transport) => {
      const { url, errors } = await start({ setUp: reloadingSockets });
      const client = await signIn(url);
      const signedIn = await open(url, { transport, cookie: client.cookieHeader });
      if ('error' in signedIn) throw new Error(signedIn.error);
      expect(await signedIn.socket.timeout(2_000).emitWithAck('visit')).toBe(1);
      expect(await signedIn.socket.timeout(2_000).emitWithAck('visit')).toBe(2);
      signedIn.socket.disconnect();
      // The handshake's response is gone: a new session's cookie could reach no one.
      const anonymous = await open(url, { transport, cookie: null });
      if ('error' in anonymous) throw new Error(anonymous.error);
      expect(await anonymous.socket.timeout(2_000).emitWithAck('visit')).toBe('ERR_RESPONSE_SENT');
      anonymous.socket.disconnect();
      expect(errors).toEqual([]);
    },
  );

  it.each(TRANSPORTS)(
    'over %s, a renewal due at the handshake waits for an HTTP request',
    async (transport) => {
      const { url, clock, errors } = await start({ renewAfter: '15m' });
      const client = await signIn(url);
      const cookie = client.cookieHeader;
      clock.advance(16 * 60_000);
      expect(await handshake(url, { transport, cookie })).toEqual({ transport, hello: SIGNED_IN });
      // No renewal the client never saw: past the grace, the cookie it holds is still current…
      clock.advance(60_000);
      expect((await client.get('/account')).body).toEqual({ user: 'ada' });
      // …and this HTTP response renewed it.
      expect(client.cookieHeader).not.toBe(cookie);
      expect(errors).toEqual([]);
    },
  );

  it.each(TRANSPORTS)(
    'over %s, a user Passport no longer finds is no user, and nothing crashes',
    async (transport) => {
      const { url } = await start();
      const client = await signIn(url);
      const ada = USERS.splice(0, 1);
      try {
        expect(await handshake(url, { transport, cookie: client.cookieHeader })).toEqual({
          transport,
          hello: { ...ANONYMOUS, sesameUser: 'u1' },
        });
      } finally {
        USERS.unshift(...ada);
      }
    },
  );

  it.each(TRANSPORTS)(
    'over %s, a store that fails refuses the handshake through next(err)',
    async (transport) => {
      let down = false;
      const { url, refusals } = await start({
        wrapStore: (inner) =>
          new Proxy(inner, {
            get(target, property) {
              if (down && property === 'get') return () => Promise.reject(new Error('store down'));
              const value: unknown = Reflect.get(target, property, target);
              return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
            },
          }),
      });
      const client = await signIn(url);
      down = true;
      expect(await handshake(url, { transport, cookie: client.cookieHeader })).toHaveProperty('error');
      expect(refusals).toContain('Bad request (MIDDLEWARE_FAILURE)');
    },
  );
});

describe('a legacy express-session cookie at the handshake', () => {
  it('is not upgraded there (that would destroy it with no cookie to replace it): the next page request does', async () => {
    const legacyStore = new (expressSessionModule().MemoryStore)();
    const before = await startLegacyApp(legacyStore);
    const old = new Client(before.url);
    await old.post('/login', { form: { username: 'ada', password: 'correct horse' } });
    await before.close();
    const legacyId =
      decodeURIComponent(old.jar.get('connect.sid') ?? '')
        .slice(2)
        .split('.')[0] ?? '';
    const { url } = await start({
      layer: { legacy: { store: legacyStore, secret: LEGACY_SECRET } },
    });
    const switched = new Client(url);
    switched.jar.set('connect.sid', old.jar.get('connect.sid') ?? '');
    for (const transport of TRANSPORTS) {
      expect(await handshake(url, { transport, cookie: switched.cookieHeader })).toEqual({
        transport,
        hello: ANONYMOUS,
      });
    }
    expect(await legacySession(legacyStore, legacyId)).not.toBeNull();
    expect((await switched.get('/account')).body).toEqual({ user: 'ada' });
    expect(await handshake(url, { transport: 'websocket', cookie: switched.cookieHeader })).toEqual({
      transport: 'websocket',
      hello: SIGNED_IN,
    });
  });
});
