/**
 * Periodic renewal (docs/architecture.md §1.13): after `renewAfter` a request gets a new token for
 * the same session; the token it replaced works for `renewalGrace` only, and shown after that it
 * ends the session (RFC 9700 §4.14.2, refresh token reuse). Renewal never extends the absolute
 * lifetime. On the memory store, for the fast suites; every store, two instances and the read
 * cache are in renewal-stores.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRecord, SessionStore } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { COOKIE, Client, parseSetCookie, startApp, type TestApp } from '../support/app.js';
import { MINUTE, RENEWAL, SECOND, asCookie, idOf, sessionCookie, tokenIn } from '../support/renewal.js';
import { boundStore } from '../support/counting-store.js';

describe('periodic renewal', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp(RENEWAL);
  });
  afterEach(async () => {
    await app.close();
  });

  it('is off by default: no new token, however long the session lives', async () => {
    const plain = await startApp({ absoluteTimeout: '12h' });
    try {
      const client = new Client(plain.url);
      await client.post('/login', { json: { user: 'alice' } });
      const token = tokenIn(client);
      for (let step = 0; step < 33; step++) {
        plain.clock.advance(20 * MINUTE);
        const reply = await client.get('/me');
        expect(reply.body).toMatchObject({ userId: 'alice' });
        expect(sessionCookie(reply)).toBeNull();
      }
      expect(tokenIn(client)).toBe(token);
      expect(plain.events.map((e) => e.type)).not.toContain('renewed');
    } finally {
      await plain.close();
    }
  });

  it('gives a request after renewAfter a new token for the same session, and none before', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const first = tokenIn(client);
    app.clock.advance(15 * MINUTE - 1);
    expect(sessionCookie(await client.get('/me'))).toBeNull();
    app.clock.advance(1);
    const reply = await client.get('/me');
    const renewed = sessionCookie(reply);
    expect(reply.body).toMatchObject({ userId: 'alice' });
    expect(renewed).not.toBeNull();
    expect(renewed).not.toBe(first);
    expect(idOf(renewed ?? '')).toBe(idOf(first));
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(app.events.filter((e) => e.type === 'renewed')).toHaveLength(1);
    // The new token works and is not renewed again until renewAfter has passed once more.
    const next = await client.get('/me');
    expect(next.body).toMatchObject({ userId: 'alice' });
    expect(sessionCookie(next)).toBeNull();
  });

  it('accepts the old token during the grace, for reads and writes, without renewing or setting a cookie', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const old = tokenIn(client);
    app.clock.advance(15 * MINUTE);
    await client.get('/me');
    const tab = new Client(app.url);
    app.clock.advance(29 * SECOND);
    const read = await tab.get('/me', { cookie: asCookie(old) });
    expect(read.body).toMatchObject({ userId: 'alice' });
    expect(read.setCookies).toEqual([]);
    const write = await tab.post('/set', { cookie: asCookie(old), json: { theme: 'dark' } });
    expect(write.status).toBe(200);
    expect(write.setCookies).toEqual([]);
    expect((await client.get('/me')).body).toMatchObject({ userId: 'alice', data: { theme: 'dark' } });
    expect(app.events.filter((e) => e.type === 'renewed')).toHaveLength(1);
  });

  it('refuses the old token after the grace and ends the session for both tokens', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const old = tokenIn(client);
    app.clock.advance(15 * MINUTE);
    await client.get('/me');
    const current = tokenIn(client);
    app.clock.advance(30 * SECOND);
    const thief = new Client(app.url);
    const refused = await thief.get('/me', { cookie: asCookie(old) });
    expect(refused.body).toMatchObject({ userId: null, ended: 'ended' });
    expect(sessionCookie(refused)).toBe('');
    // RFC 9700 §4.14.2: either holder may be the attacker, so the new token dies too.
    const after = await new Client(app.url).get('/me', { cookie: asCookie(current) });
    expect(after.body).toMatchObject({ userId: null, ended: 'ended' });
    expect(await app.store.get(idOf(current))).toBeNull();
    const reuse = app.events.filter((e) => e.type === 'token-reuse');
    expect(reuse).toHaveLength(1);
    expect(reuse[0]).toMatchObject({ userId: 'alice' });
    const logged = JSON.stringify(app.events);
    for (const token of [old, current]) {
      expect(logged).not.toContain(token.split('.')[1]);
      expect(logged).not.toContain(idOf(token));
    }
  });

  it('forgets a token two renewals old: refused as unknown, the session left alone', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const oldest = tokenIn(client);
    for (let i = 0; i < 2; i++) {
      app.clock.advance(15 * MINUTE);
      await client.get('/me');
    }
    const refused = await new Client(app.url).get('/me', { cookie: asCookie(oldest) });
    expect(refused.body).toMatchObject({ userId: null });
    expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
    expect(app.events.map((e) => e.type)).not.toContain('token-reuse');
  });

  it('never extends the absolute lifetime nor a persistent cookie’s Max-Age, and caps the grace at it', async () => {
    const short = await startApp({ absoluteTimeout: '1h', idleTimeout: '1h', renewAfter: '10m' });
    try {
      const client = new Client(short.url);
      const start = short.clock.now();
      await client.post('/login', { json: { user: 'alice', remember: true } });
      const id = idOf(tokenIn(client));
      short.clock.set(start + 20 * MINUTE);
      const renewed = (await client.get('/me')).setCookies.find((l) => l.startsWith(`${COOKIE}=`)) ?? '';
      expect(parseSetCookie(renewed).attributes).toContain(`max-age=${40 * 60}`);
      short.clock.set(start + 60 * MINUTE - 10 * SECOND);
      const last = (await client.get('/me')).setCookies.find((l) => l.startsWith(`${COOKIE}=`)) ?? '';
      expect(parseSetCookie(last).attributes).toContain('max-age=10');
      const record = (await short.store.get(id)) as SessionRecord;
      expect(record.absoluteExpiresMs).toBe(start + 60 * MINUTE);
      expect(record.createdMs).toBe(start);
      expect(record.previousSecretExpiresMs).toBe(start + 60 * MINUTE);
      short.clock.set(start + 60 * MINUTE);
      expect((await client.get('/me')).body).toMatchObject({ userId: null });
    } finally {
      await short.close();
    }
  });

  it('makes no store write for a request that needs no renewal, and one write to renew', async () => {
    const calls: string[] = [];
    const store: SessionStore = memoryStore({ clock: app.clock });
    const counting: SessionStore = {
      ...boundStore(store),
      get: (id, o) => (calls.push('get'), store.get(id, o)),
      applyDelta: (id, d) => (calls.push('applyDelta'), store.applyDelta(id, d)),
      touch: (id, a, b) => (calls.push('touch'), store.touch(id, a, b)),
      renewSecret: (id, r) => (calls.push('renewSecret'), store.renewSecret(id, r)),
      delete: (id) => (calls.push('delete'), store.delete(id)),
    };
    const probe = await startApp({ ...RENEWAL, store: counting, clock: app.clock });
    try {
      const client = new Client(probe.url);
      await client.post('/login', { json: { user: 'alice' } });
      calls.length = 0;
      for (let i = 0; i < 5; i++) await client.get('/me');
      expect(calls).toEqual(['get', 'get', 'get', 'get', 'get']);
      // Touched just before, so only the renewal is due at 15 minutes.
      app.clock.advance(15 * MINUTE - SECOND);
      await client.get('/me');
      app.clock.advance(SECOND);
      calls.length = 0;
      const reply = await client.get('/me');
      expect(sessionCookie(reply)).not.toBeNull();
      expect(calls).toEqual(['get', 'renewSecret']);
    } finally {
      await probe.close();
    }
  });

  /** Alice signed in on an app whose memory store answers `overrides` in place of its own methods. */
  async function signedInWith(
    overrides: Partial<SessionStore>,
    run: (probe: TestApp, client: Client) => Promise<void>,
  ): Promise<void> {
    const store: SessionStore = { ...boundStore(memoryStore({ clock: app.clock })), ...overrides };
    const probe = await startApp({ ...RENEWAL, store, clock: app.clock });
    try {
      const client = new Client(probe.url);
      await client.post('/login', { json: { user: 'alice' } });
      await run(probe, client);
    } finally {
      await probe.close();
    }
  }

  it('serves the request without a new token when the store fails to renew', async () => {
    const renewSecret = (): Promise<boolean> => Promise.reject(new Error('connect ECONNREFUSED'));
    await signedInWith({ renewSecret }, async (probe, client) => {
      app.clock.advance(15 * MINUTE);
      const reply = await client.get('/me');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ userId: 'alice' });
      expect(sessionCookie(reply)).toBeNull();
      expect(probe.errors.join('\n')).toMatch(/renewSecret/);
    });
  });

  it('serves the request without a new cookie when another request renewed first (the swap lost)', async () => {
    await signedInWith({ renewSecret: () => Promise.resolve(false) }, async (probe, client) => {
      const token = tokenIn(client);
      app.clock.advance(15 * MINUTE);
      const reply = await client.get('/me');
      expect(reply.body).toMatchObject({ userId: 'alice' });
      expect(sessionCookie(reply)).toBeNull();
      expect(tokenIn(client)).toBe(token);
      expect(probe.events.map((e) => e.type)).not.toContain('renewed');
    });
  });

  it('fails closed (503) when the store cannot delete a session whose token was reused', async () => {
    const deleteFails = (): Promise<void> => Promise.reject(new Error('connect ECONNREFUSED'));
    await signedInWith({ delete: deleteFails }, async (probe, client) => {
      const old = tokenIn(client);
      app.clock.advance(15 * MINUTE);
      await client.get('/me');
      app.clock.advance(30 * SECOND);
      const reply = await new Client(probe.url).get('/me', { cookie: asCookie(old) });
      expect(reply.status).toBe(503);
      expect(probe.errors.join('\n')).toMatch(/failed on delete/);
    });
  });

  it('starts a signed-in, rotated or re-authenticated token with no previous secret', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    app.clock.advance(15 * MINUTE);
    await client.get('/me');
    const renewed = tokenIn(client);
    await client.post('/rotate');
    const rotated = tokenIn(client);
    expect(idOf(rotated)).not.toBe(idOf(renewed));
    const record = await app.store.get(idOf(rotated));
    expect(record?.previousSecretHash ?? null).toBeNull();
    // The renewed token's session is gone with the rotation: it is no reuse, just unknown.
    expect((await new Client(app.url).get('/me', { cookie: asCookie(renewed) })).body).toMatchObject({
      userId: null,
    });
    expect(app.events.map((e) => e.type)).not.toContain('token-reuse');
  });
});
