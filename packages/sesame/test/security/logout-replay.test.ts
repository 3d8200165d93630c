/**
 * Logout means logout (docs/architecture.md §1.5, WSTG-SESS-06, ASVS 5.0 V7.4.1): the record is deleted
 * server-side, so a copy of the cookie taken before logout no longer works, and the cookie is
 * expired with the same attributes it was set with.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, COOKIE, parseSetCookie, startApp, type TestApp } from '../support/app.js';

describe('logout replay', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('refuses the old token after logout and clears the cookie', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const stolen = client.jar.get(COOKIE) ?? '';
    const id = stolen.split('.')[0] ?? '';
    expect(await app.store.get(id)).not.toBeNull();

    const out = await client.post('/logout');
    const cleared = out.setCookies.map(parseSetCookie).find((c) => c.name === COOKIE);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes).toEqual(
      expect.arrayContaining(['max-age=0', 'path=/', 'httponly', 'secure', 'samesite=lax']),
    );
    expect(cleared?.attributes.some((a) => a.startsWith('domain'))).toBe(false);
    expect(client.jar.has(COOKIE)).toBe(false);

    expect(await app.store.get(id)).toBeNull();
    const replay = await new Client(app.url).get('/me', { cookie: `${COOKIE}=${stolen}` });
    expect(replay.body).toMatchObject({ userId: null, stored: false });
  });

  it('a write after logout does not resurrect the session', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const token = client.jar.get(COOKIE) ?? '';
    const id = token.split('.')[0] ?? '';

    // Request 1 loads the session, then waits; request 2 signs out; request 1 then writes.
    const slow = client.post('/slow/set/g1', { json: { late: 'write' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await new Client(app.url).post('/logout', { cookie: `${COOKIE}=${token}` });
    app.open('g1');
    const late = await slow;

    expect(late.status).toBe(401);
    expect(late.body).toEqual({ error: 'ERR_SESSION_GONE' });
    expect(await app.store.get(id)).toBeNull();
    expect(await app.store.listByUser('alice')).toEqual([]);
    expect((await new Client(app.url).get('/me', { cookie: `${COOKIE}=${token}` })).body).toMatchObject({
      userId: null,
    });
  });
});
