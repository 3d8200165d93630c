/**
 * Observable lifecycle (docs/architecture.md §1.10): every event reaches onEvent with a keyed hash of the
 * session id — never the token, never the id — so audit logs cannot be replayed into a session.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessions } from '../../src/index.js';
import type { RequestFacts, SessionRecord, SessionStore } from '../../src/index.js';
import { Client, COOKIE, startApp, TEST_SECRET, type TestApp } from '../support/app.js';

/** The store, except that `get` returns `record` as it was (a store with clock skew might). */
function staleGet(store: SessionStore, record: SessionRecord): SessionStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key === 'get') return () => Promise.resolve(structuredClone(record));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('events', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('reports the lifecycle with hashed ids only', async () => {
    const probe = await startApp({ clock: app.clock, store: app.store });
    try {
      const client = new Client(probe.url);
      await client.post('/set', { json: { a: '1' } });
      const anonymous = client.jar.get(COOKIE) ?? '';
      await client.post('/login', { json: { user: 'alice' } });
      const signedIn = client.jar.get(COOKIE) ?? '';
      await client.post('/rotate');
      app.clock.advance(61_000);
      await client.get('/me');
      // A request that writes nothing writes its due touch once its response is sent.
      await vi.waitFor(() => expect(probe.events.at(-1)?.type).toBe('touched'));
      await client.post('/logout');

      expect(probe.events.map((e) => e.type)).toEqual(['created', 'login', 'rotated', 'touched', 'logout']);
      const log = JSON.stringify(probe.events);
      for (const token of [anonymous, signedIn]) {
        const [id = '', secret = ''] = token.split('.');
        expect(log).not.toContain(id);
        expect(log).not.toContain(secret);
      }
      for (const event of probe.events) {
        expect(event.sessionHash).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(event.ip).toBe('127.0.0.1');
      }
      expect(probe.events.find((e) => e.type === 'login')?.userId).toBe('alice');
      // Only rejections and expiries carry a reason; the others have no such key at all.
      for (const event of probe.events) {
        expect(Object.keys(event).sort()).toEqual(['atMs', 'ip', 'sessionHash', 'type', 'userId']);
      }
    } finally {
      await probe.close();
    }
  });

  it('reports a rejected cookie with its reason and the hash of the id it named', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const [id = '', secret = ''] = (client.jar.get(COOKIE) ?? '').split('.');
    const loginHash = app.events.find((e) => e.type === 'login')?.sessionHash;
    const unknownId = `${'A'.repeat(21)}A.${secret}`;
    const wrongSecret = `${id}.${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;
    app.events.length = 0;

    await new Client(app.url).get('/me', { cookie: `${COOKIE}=not-a-token` });
    // A malformed cookie names no session: there is nothing to hash, so nothing is reported.
    expect(app.events).toEqual([]);
    await new Client(app.url).get('/me', { cookie: `${COOKIE}=${unknownId}` });
    await new Client(app.url).get('/me', { cookie: `${COOKIE}=${wrongSecret}` });
    expect(app.events.map((e) => [e.type, e.reason, e.userId])).toEqual([
      ['rejected', 'unknown-id', null],
      ['rejected', 'secret-mismatch', null],
    ]);
    expect(app.events[1]?.sessionHash).toBe(loginHash);
  });

  it('reports an expired session once, as expired, not as rejected', async () => {
    const client = new Client(app.url);
    await client.post('/login', { json: { user: 'alice' } });
    const id = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
    const record = await app.store.get(id);
    if (record === null) throw new Error('no record after login');
    const skewed = await startApp({ clock: app.clock, store: staleGet(app.store, record) });
    try {
      app.clock.advance(31 * 60_000);
      const reply = await new Client(skewed.url).get('/me', { cookie: client.cookieHeader });
      expect(reply.body).toMatchObject({ userId: null, ended: 'idle' });
      expect(skewed.events.map((e) => [e.type, e.reason, e.userId])).toEqual([['expired', 'idle', 'alice']]);
    } finally {
      await skewed.close();
    }
  });

  it('works without a handler', async () => {
    const logged: string[] = [];
    const record = (m: string) => logged.push(m);
    const sessions = createSessions({
      store: app.store,
      clock: app.clock,
      secrets: TEST_SECRET,
      production: false,
      logger: { warn: record, error: record },
    });
    const facts: RequestFacts = {
      method: 'POST',
      host: 'localhost',
      isSecure: true,
      cookieHeader: `${COOKIE}=${'A'.repeat(22)}.${'A'.repeat(43)}`,
      origin: null,
      secFetchSite: null,
      ip: null,
      userAgent: null,
    };
    const session = await sessions.load(facts, () => undefined);
    await session.login('alice');
    await session.logout();
    expect(logged).toEqual([]);
  });

  it('survives a throwing handler', async () => {
    const probe = await startApp({
      clock: app.clock,
      store: app.store,
      onEvent: () => {
        throw new Error('log sink down');
      },
    });
    try {
      const client = new Client(probe.url);
      expect((await client.post('/login', { json: { user: 'alice' } })).status).toBe(200);
      expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
      expect(probe.errors.some((line) => /onEvent handler threw.*log sink down/.test(line))).toBe(true);
    } finally {
      await probe.close();
    }
  });
});
