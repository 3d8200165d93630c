/**
 * Idle and absolute timeouts enforced server-side from the record (docs/architecture.md §1.4, ASVS 5.0 V7.3.1,
 * V7.3.2, WSTG-SESS-07). The clock moves; nobody sleeps. A client that keeps its cookie (or edits
 * its Max-Age) gains nothing: the server decides.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Client, COOKIE, startApp, type TestApp } from '../support/app.js';
import type { SessionDelta, SessionRecord, SessionStore } from '../../src/index.js';
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

  it('does not hand out a session that ended between its read and a touch written while loading', async () => {
    // Signed out on another instance while this request was loading: the touch finds no record.
    // Within a touch interval of its idle end, the touch is written before the route runs.
    const racing: SessionStore = { ...boundStore(app.store), touch: () => Promise.resolve(false) };
    const probe = await startApp({ store: racing, clock: app.clock });
    try {
      const client = new Client(probe.url);
      await client.post('/login', { json: { user: 'alice' } });
      app.clock.advance(29 * MINUTE + 30_000);
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
      // A read-only request writes its touch once its response is sent.
      await vi.waitFor(() => expect(calls).toEqual(['get', 'touch']));
    } finally {
      await probe.close();
    }
  });

  describe('a due touch', () => {
    const counted = (store: SessionStore, calls: string[], deltas: SessionDelta[]): SessionStore => ({
      ...boundStore(store),
      get: (id) => (calls.push('get'), store.get(id)),
      touch: (...args) => (calls.push('touch'), store.touch(...args)),
      applyDelta: (id, delta) => (calls.push('applyDelta'), deltas.push(delta), store.applyDelta(id, delta)),
    });

    it("rides on the request's write: one applyDelta, no touch of its own, and the idle expiry moves", async () => {
      const calls: string[] = [];
      const deltas: SessionDelta[] = [];
      const probe = await startApp({ store: counted(app.store, calls, deltas), clock: app.clock });
      try {
        const client = new Client(probe.url);
        await client.post('/login', { json: { user: 'alice' } });
        const id = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
        app.clock.advance(20 * MINUTE);
        const touchedAt = app.clock.now();
        calls.length = 0;
        expect((await client.post('/set', { json: { theme: 'dark' } })).status).toBe(200);
        expect(deltas.at(-1)).toEqual({
          set: { theme: 'dark' },
          touch: { lastSeenMs: touchedAt, idleExpiresMs: touchedAt + 30 * MINUTE },
        });
        // Give a touch after the response its chance to show up: there must be none.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(calls).toEqual(['get', 'applyDelta']);
        expect(await app.store.get(id)).toMatchObject({ lastSeenMs: touchedAt, data: { theme: 'dark' } });
        // Past the idle expiry the session had before that request, it is still alive.
        app.clock.advance(15 * MINUTE);
        expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
        await vi.waitFor(() => expect(probe.events.filter((e) => e.type === 'touched')).toHaveLength(2));
      } finally {
        await probe.close();
      }
    });

    it('is written after the response of a request that writes nothing, and keeps the session alive', async () => {
      const calls: string[] = [];
      const probe = await startApp({ store: counted(app.store, calls, []), clock: app.clock });
      try {
        const client = new Client(probe.url);
        await client.post('/login', { json: { user: 'alice' } });
        app.clock.advance(20 * MINUTE);
        calls.length = 0;
        expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
        await vi.waitFor(() => expect(calls).toEqual(['get', 'touch']));
        app.clock.advance(20 * MINUTE);
        expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
      } finally {
        await probe.close();
      }
    });

    it('is written while loading, and reported, within a touch interval of the idle end', async () => {
      const calls: string[] = [];
      const probe = await startApp({ store: counted(app.store, calls, []), clock: app.clock });
      try {
        const client = new Client(probe.url);
        await client.post('/login', { json: { user: 'alice' } });
        app.clock.advance(29 * MINUTE + 30_000);
        calls.length = 0;
        expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
        expect(calls).toEqual(['get', 'touch']);
        expect(probe.events.at(-1)?.type).toBe('touched');
        app.clock.advance(20 * MINUTE);
        expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
      } finally {
        await probe.close();
      }
    });

    it('that finds the session ended after the response revives nothing', async () => {
      // Ended on another instance between this request's read and its touch after the response:
      // the read proved the session, so the response stands; the touch creates nothing.
      const store = app.store;
      let touches = 0;
      const racing: SessionStore = {
        ...boundStore(store),
        touch: async (id, lastSeenMs, idleExpiresMs) => {
          touches += 1;
          await store.delete(id);
          return store.touch(id, lastSeenMs, idleExpiresMs);
        },
      };
      const probe = await startApp({ store: racing, clock: app.clock });
      try {
        const client = new Client(probe.url);
        await client.post('/login', { json: { user: 'alice' } });
        const id = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
        app.clock.advance(2 * MINUTE);
        expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
        await vi.waitFor(() => expect(touches).toBe(1));
        await vi.waitFor(async () => expect(await store.get(id)).toBeNull());
        expect((await client.get('/me')).body).toMatchObject({ userId: null, ended: 'ended' });
        expect(probe.events.some((e) => e.type === 'touched')).toBe(false);
      } finally {
        await probe.close();
      }
    });
  });
});
