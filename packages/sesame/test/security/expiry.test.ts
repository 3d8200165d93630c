/**
 * Idle and absolute timeouts enforced server-side from the record (docs/architecture.md §1.4, ASVS 5.0 V7.3.1,
 * V7.3.2, WSTG-SESS-07). The clock moves; nobody sleeps. A client that keeps its cookie (or edits
 * its Max-Age) gains nothing: the server decides.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';
import type { SessionRecord, SessionStore } from '../../src/index.js';
import { boundStore } from '../support/counting-store.js';

const MINUTE = 60_000;

describe('expiry', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp({ idleTimeout: '30m', absoluteTimeout: '12h' });
  });
  afterEach(() => app.close());

  it('ends the session after the idle timeout, whatever the cookie says', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const token = client.jar.get(COOKIE) ?? '';
    app.clock.advance(29 * MINUTE);
    expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
    app.clock.advance(30 * MINUTE + 1);
    const expired = await client.get('/me');
    // The store hides expired records (docs/architecture.md §4), so the engine sees a token with no record.
    expect(expired.body).toMatchObject({ userId: null, ended: 'ended' });
    expect(expired.setCookies.some((c) => c.startsWith(`${COOKIE}=;`))).toBe(true);
    // The same cookie sent again (a client that ignored the clearing) is still refused.
    expect((await new Client(app.url).get('/me', { cookie: `${COOKIE}=${token}` })).body).toMatchObject({
      userId: null,
    });
  });

  it('sweep() deletes the expired sessions from the store and keeps the live ones', async () => {
    const alice = new Client(app.url);
    await alice.post('/login', { json: { user: 'alice' } });
    app.clock.advance(20 * MINUTE);
    const bob = new Client(app.url);
    await bob.post('/login', { json: { user: 'bob' } });
    app.clock.advance(10 * MINUTE + 1);
    expect(await app.sessions.sweep()).toBe(1);
    expect(await app.sessions.sweep()).toBe(0);
    expect((await bob.get('/me')).body).toMatchObject({ userId: 'bob' });
    expect((await alice.get('/me')).body).toMatchObject({ userId: null });
  });

  it('ends an active session at the absolute limit; sliding renewal never passes it', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const id = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
    const start = app.clock.now();
    // Active every 20 minutes for 11h40m: idle never triggers.
    for (let elapsed = 20 * MINUTE; elapsed < 12 * 60 * MINUTE; elapsed += 20 * MINUTE) {
      app.clock.set(start + elapsed);
      expect((await client.get('/me')).body, `at ${elapsed / MINUTE} min`).toMatchObject({ userId: 'alice' });
      const record = await app.store.get(id);
      expect(record?.idleExpiresMs).toBeLessThanOrEqual(start + 12 * 60 * MINUTE);
    }
    app.clock.set(start + 12 * 60 * MINUTE);
    expect((await client.get('/me')).body).toMatchObject({ userId: null, ended: 'ended' });
  });

  it('keeps the session one millisecond before the idle expiry and ends it at that instant', async () => {
    const early = new Client(app.url);
    const exact = new Client(app.url);
    await early.post('/login', { json: { user: 'alice' } });
    await exact.post('/login', { json: { user: 'bob' } });
    const start = app.clock.now();
    app.clock.set(start + 30 * MINUTE - 1);
    expect((await early.get('/me')).body).toMatchObject({ userId: 'alice' });
    app.clock.set(start + 30 * MINUTE);
    expect((await exact.get('/me')).body).toMatchObject({ userId: null, ended: 'ended' });
  });

  it.each([
    ['idle', 31 * MINUTE],
    ['idle', 30 * MINUTE],
    ['absolute', 12 * 60 * MINUTE],
  ])(
    'enforces the %s timeout itself (%i ms on) even when a store returns an expired record',
    async (reason, after) => {
      // Defence in depth: a store bug or clock skew between app and store must not grant access.
      const records = new Map<string, SessionRecord>();
      const naive: SessionStore = {
        ...boundStore(app.store),
        create: (r) => (records.set(r.id, structuredClone(r)), Promise.resolve({ userSessions: 1 })),
        get: (id) => Promise.resolve(structuredClone(records.get(id)) ?? null),
        delete: (id) => (records.delete(id), Promise.resolve()),
        touch: (id, lastSeenMs, idleExpiresMs) => {
          const r = records.get(id);
          if (r)
            Object.assign(r, { lastSeenMs, idleExpiresMs: Math.min(idleExpiresMs, r.absoluteExpiresMs) });
          return Promise.resolve(r !== undefined);
        },
        listByUser: () => Promise.resolve([]),
      };
      const probe = await startApp({
        store: naive,
        clock: app.clock,
        idleTimeout: '30m',
        absoluteTimeout: '12h',
      });
      try {
        const client = new Client(probe.url);
        await client.post('/login', { json: { user: 'alice' } });
        const start = app.clock.now();
        if (reason === 'absolute') {
          for (let t = 20 * MINUTE; t < after; t += 20 * MINUTE) {
            app.clock.set(start + t);
            await client.get('/me');
          }
        }
        app.clock.set(start + after);
        const reply = await client.get('/me');
        expect(reply.body).toMatchObject({ userId: null, ended: reason });
        expect(records.size).toBe(0);
        expect(probe.events.some((e) => e.type === 'expired' && e.reason === reason)).toBe(true);
      } finally {
        await probe.close();
      }
    },
  );

  it('does not hand out a session that ended between its read and its touch', async () => {
    // Signed out on another instance while this request was loading: the touch finds no record.
    const racing: SessionStore = { ...boundStore(app.store), touch: () => Promise.resolve(false) };
    const probe = await startApp({ store: racing, clock: app.clock });
    try {
      const client = new Client(probe.url);
      await client.post('/login', { json: { user: 'alice' } });
      app.clock.advance(2 * MINUTE);
      const reply = await client.get('/me');
      expect(reply.body).toMatchObject({ userId: null, ended: 'ended' });
      expect(reply.setCookies.some((c) => c.startsWith(`${COOKIE}=;`))).toBe(true);
    } finally {
      await probe.close();
    }
  });

  it('remember-me cookies expire with the record, not later', async () => {
    const client = new Client(app.url);
    const reply = await client.post('/login', { json: { user: 'alice', remember: true } });
    const cookie = reply.setCookies.find((c) => c.startsWith(`${COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/Max-Age=43200(;|$)/);
    const plain = await new Client(app.url).post('/login', { json: { user: 'bob' } });
    expect(plain.setCookies.find((c) => c.startsWith(`${COOKIE}=`))).not.toMatch(/Max-Age|Expires/i);
  });

  it('touches the store at most once per touch interval (one read, no write, when unchanged)', async () => {
    const calls: string[] = [];
    const store = app.store;
    const counting: SessionStore = {
      ...boundStore(store),
      get: (id) => (calls.push('get'), store.get(id)),
      touch: (...args) => (calls.push('touch'), store.touch(...args)),
      applyDelta: (...args) => (calls.push('applyDelta'), store.applyDelta(...args)),
    };
    const probe = await startApp({ store: counting, clock: app.clock });
    try {
      const client = new Client(probe.url);
      await client.post('/login', { json: { user: 'alice' } });
      calls.length = 0;
      for (let i = 0; i < 5; i++) {
        app.clock.advance(5_000);
        await client.get('/me');
      }
      expect(calls).toEqual(['get', 'get', 'get', 'get', 'get']);
      app.clock.advance(MINUTE);
      calls.length = 0;
      await client.get('/me');
      expect(calls).toEqual(['get', 'touch']);
    } finally {
      await probe.close();
    }
  });
});
