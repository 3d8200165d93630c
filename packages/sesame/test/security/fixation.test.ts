/**
 * Session fixation (OWASP WSTG-SESS-03, ASVS 5.0 V7.2.4): a token known before sign-in must be
 * worthless after it. Regression guard for the class of bug behind passport CVE-2022-25896
 * (sign-in without regenerating the session).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';

describe('fixation', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('issues a new token at sign-in and the pre-login token is dead', async () => {
    const victim = new Client(app.url);
    await victim.post('/set', { json: { theme: 'dark' } });
    const before = victim.jar.get(COOKIE);
    expect(before).toBeDefined();

    await victim.post('/login', { json: { user: 'alice' } });
    const after = victim.jar.get(COOKIE);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(after?.split('.')[0]).not.toBe(before?.split('.')[0]);

    const attacker = new Client(app.url);
    const replay = await attacker.get('/me', { cookie: `${COOKIE}=${before}` });
    expect(replay.body).toMatchObject({ userId: null, stored: false });
  });

  it('carries anonymous data into the signed-in session unless asked not to', async () => {
    const carried = new Client(app.url);
    await carried.post('/set', { json: { cart: 'book' } });
    await carried.post('/login', { json: { user: 'alice' } });
    expect((await carried.get('/me')).body).toMatchObject({ userId: 'alice', data: { cart: 'book' } });

    const fresh = new Client(app.url);
    await fresh.post('/set', { json: { cart: 'book' } });
    await fresh.post('/login', { json: { user: 'bob', keepData: false } });
    expect((await fresh.get('/me')).body).toMatchObject({ userId: 'bob', data: {} });
  });

  it('ignores a token the attacker chose: sign-in never adopts it', async () => {
    const chosen = 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const victim = new Client(app.url);
    victim.jar.set(COOKIE, chosen);
    await victim.post('/login', { json: { user: 'alice' } });
    expect(victim.jar.get(COOKIE)).not.toBe(chosen);
    expect((await new Client(app.url).get('/me', { cookie: `${COOKIE}=${chosen}` })).body).toMatchObject({
      userId: null,
    });
    expect(await app.store.get(chosen.split('.')[0] ?? '')).toBeNull();
  });

  it('rotates on re-authentication and privilege change, killing the previous token', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    for (const route of ['/reauthenticate', '/rotate']) {
      const old = client.jar.get(COOKIE);
      await client.post(route);
      expect(client.jar.get(COOKIE)).not.toBe(old);
      expect((await new Client(app.url).get('/me', { cookie: `${COOKIE}=${old}` })).body).toMatchObject({
        userId: null,
      });
      expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
    }
  });

  it('a rotation racing a revocation does not revive the session', async () => {
    const a = new Client(app.url);
    const b = new Client(app.url);
    await a.post('/login', { json: { user: 'alice' } });
    await b.post('/login', { json: { user: 'alice' } });
    const stale = a.jar.get(COOKIE) ?? '';
    // b ends a's session; a's next rotate must fail instead of minting a new token.
    await b.post('/logout-others');
    const rotated = await a.post('/rotate', { cookie: `${COOKIE}=${stale}` });
    // The cookie named a session that had ended: the rotation is refused (issue 10), not a no-op.
    expect(rotated.status).toBe(401);
    expect(rotated.body).toEqual({ error: 'ERR_SESSION_GONE' });
    expect(a.jar.has(COOKIE)).toBe(false);
    expect((await app.store.listByUser('alice')).length).toBe(1);
  });
});
