/**
 * A write through a session that has ended throws `ERR_SESSION_GONE` (401) in every case
 * (docs/architecture.md §1.6, issue 10): not only when the session ends while the request runs
 * (logout-replay.test.ts), but also when the cookie already named an ended session when the
 * request began. Before, such a write silently stored a new anonymous session holding the data.
 * A malformed cookie is no session at all, and sign-in always works: a fresh proof.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';

describe('writes through an ended session', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp({ idleTimeout: '30m', absoluteTimeout: '12h' });
  });
  afterEach(() => app.close());

  /** The cookie of a new signed-in session. */
  async function signedIn(user = 'alice'): Promise<string> {
    const client = new Client(app.url);
    await client.post('/login', { json: { user } });
    return client.jar.get(COOKIE) ?? '';
  }

  function count(): number {
    return (app.store as unknown as { size: number }).size;
  }

  // A store that already dropped the expired record answers as for any ended one: `ended`.
  const endings: [string, RegExp, (cookie: string) => Promise<string>][] = [
    [
      'signed out',
      /^ended$/,
      async (cookie) => {
        await new Client(app.url).post('/logout', { cookie: `${COOKIE}=${cookie}` });
        return cookie;
      },
    ],
    [
      'idle timeout',
      /^(idle|ended)$/,
      (cookie) => {
        app.clock.advance(31 * 60_000);
        return Promise.resolve(cookie);
      },
    ],
    [
      'absolute timeout',
      /^(absolute|ended)$/,
      async (cookie) => {
        for (let i = 0; i < 25; i++) {
          app.clock.advance(29 * 60_000);
          await new Client(app.url).get('/me', { cookie: `${COOKIE}=${cookie}` });
        }
        return cookie;
      },
    ],
    [
      'a live id with a wrong secret',
      /^ended$/,
      (cookie) =>
        Promise.resolve(`${cookie.slice(0, 23)}${cookie[23] === 'A' ? 'B' : 'A'}${cookie.slice(24)}`),
    ],
  ];

  it.each(endings)(
    '%s: set, unset and rotate answer 401 ERR_SESSION_GONE and store nothing',
    async (_n, reason, end) => {
      const cookie = await end(await signedIn());
      const before = count();
      const asEnded = { cookie: `${COOKIE}=${cookie}` };

      const probe = await new Client(app.url).get('/me', asEnded);
      expect(probe.body).toMatchObject({
        userId: null,
        stored: false,
        ended: expect.stringMatching(reason) as string,
      });

      for (const [path, json] of [
        ['/set', { cart: 'stolen' }],
        ['/unset', { keys: ['cart'] }],
        ['/rotate', {}],
      ] as const) {
        const reply = await new Client(app.url).post(path, { ...asEnded, json });
        expect(reply.status, path).toBe(401);
        expect(reply.body, path).toEqual({ error: 'ERR_SESSION_GONE' });
        expect(
          reply.setCookies.some((line) => line.startsWith(`${COOKIE}=;`)),
          path,
        ).toBe(true);
      }
      expect(count()).toBeLessThanOrEqual(before);
    },
  );

  it('an unknown id with a well-formed token: 401 too', async () => {
    const unknown = `${'A'.repeat(22)}.${'B'.repeat(42)}A`;
    const reply = await new Client(app.url).post('/set', {
      cookie: `${COOKIE}=${unknown}`,
      json: { a: '1' },
    });
    expect(reply.status).toBe(401);
    expect(count()).toBe(0);
  });

  it('sign-in still works on such a request, and writes work after it', async () => {
    const cookie = await signedIn();
    await new Client(app.url).post('/logout', { cookie: `${COOKIE}=${cookie}` });
    const client = new Client(app.url);
    client.jar.set(COOKIE, cookie);
    const login = await client.post('/login', { json: { user: 'bob' } });
    expect(login.status).toBe(200);
    expect(client.jar.get(COOKIE)).not.toBe(cookie);
    expect((await client.post('/set', { json: { theme: 'dark' } })).status).toBe(200);
    expect((await client.get('/me')).body).toMatchObject({ userId: 'bob', data: { theme: 'dark' } });
  });

  it('a malformed cookie is no session: a write starts a new one', async () => {
    const client = new Client(app.url);
    client.jar.set(COOKIE, 'garbage');
    const reply = await client.post('/set', { json: { theme: 'dark' } });
    expect(reply.status).toBe(200);
    expect((await client.get('/me')).body).toMatchObject({
      userId: null,
      stored: true,
      data: { theme: 'dark' },
    });
  });

  it('a write after this request signed out on purpose starts a new session', async () => {
    // logout() then set() in one handler is the app's own choice (say, a flash message): allowed.
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    expect((await client.post('/logout')).status).toBe(200);
    expect((await client.post('/set', { json: { flash: 'bye' } })).status).toBe(200);
  });
});
