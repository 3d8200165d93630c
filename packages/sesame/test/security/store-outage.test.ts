/**
 * Fail closed (docs/architecture.md §1.8): when the store throws or hangs, a request that carried a session
 * cookie gets a 503 with a logged, typed error — never a crash, never an anonymous or signed-in
 * request by mistake. The store here is the real memory store with failure switched on; the real
 * Redis/PostgreSQL outage tests live beside those stores.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionRecord, SessionStore } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, COOKIE, manualClockFor, startApp, type TestApp } from '../support/app.js';

type Mode = 'up' | 'throw' | 'hang';

function switchable(store: SessionStore): { store: SessionStore; set(mode: Mode): void } {
  let mode: Mode = 'up';
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'close') return value;
      return (...args: unknown[]) => {
        if (mode === 'throw') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
        if (mode === 'hang') return new Promise(() => undefined);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, set: (next) => (mode = next) };
}

describe('store outage', () => {
  let app: TestApp;
  let control: ReturnType<typeof switchable>;
  beforeEach(async () => {
    const clock = manualClockFor();
    control = switchable(memoryStore({ clock }));
    app = await startApp({ store: control.store, clock, storeTimeout: '150ms' });
  });
  afterEach(() => app.close());

  it.each(['throw', 'hang'] as const)(
    'store that %ss: 503 for a request with a cookie, logged and typed',
    async (mode) => {
      const client = new Client(app.url);
      await client.post('/login', { json: { user: 'alice' } });
      control.set(mode);
      const started = Date.now();
      const reply = await client.get('/me');
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual({ error: mode === 'hang' ? 'ERR_STORE_TIMEOUT' : 'ERR_STORE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(app.errors.some((line) => line.startsWith('error: sesame:'))).toBe(true);
      // Writes fail closed too, and no cookie change is sent.
      const write = await client.post('/set', { json: { a: '1' } });
      expect(write.status).toBe(503);
      expect(write.setCookies).toEqual([]);

      control.set('up');
      expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
      expect(app.errors.filter((line) => line.startsWith('unhandled'))).toEqual([]);
    },
  );

  it('a visitor without a cookie is served while the store is down, as anonymous (no store call needed)', async () => {
    control.set('throw');
    const reply = await new Client(app.url).get('/me');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ userId: null });
  });

  it('a sign-in attempt while the store is down is a 503, not a session', async () => {
    control.set('throw');
    const client = new Client(app.url);
    const reply = await client.post('/login', { json: { user: 'alice' } });
    expect(reply.status).toBe(503);
    expect(client.jar.size).toBe(0);
  });
});

describe('store outage reports', () => {
  it.each([
    ['get', 0],
    // Within a touch interval of the idle end, the touch is written while loading.
    ['touch', 29 * 60_000 + 30_000],
    ['delete', 31 * 60_000],
  ])('name the operation that failed (%s) in the log', async (operation, elapsed) => {
    const clock = manualClockFor();
    const memory = memoryStore({ clock });
    let snapshot: SessionRecord | null = null;
    // The memory store as it was right after sign-in (so an expired record still comes back, and
    // the engine's own delete runs), failing on the one operation under test.
    const store = new Proxy(memory, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key === operation) return () => Promise.reject(new Error('connect ECONNREFUSED'));
        if (key === 'get' && snapshot !== null) return () => Promise.resolve(structuredClone(snapshot));
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const app = await startApp({ store, clock });
    try {
      const client = new Client(app.url);
      await client.post('/login', { json: { user: 'alice' } });
      snapshot = await memory.get((client.jar.get(COOKIE) ?? '').split('.')[0] ?? '');
      clock.advance(elapsed);
      expect((await client.get('/me')).status).toBe(503);
      expect(app.errors).toEqual([
        expect.stringMatching(
          new RegExp(`^error: sesame: Session store failed on ${operation}: .*"operation":"${operation}"`),
        ),
      ]);
    } finally {
      await app.close();
    }
  });

  it('a touch written after the response that fails is logged; the response stands and the next request is served', async () => {
    const clock = manualClockFor();
    const memory = memoryStore({ clock });
    let touchFails = true;
    const store = new Proxy(memory, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key === 'touch' && touchFails) return () => Promise.reject(new Error('connect ECONNREFUSED'));
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const app = await startApp({ store, clock });
    try {
      const client = new Client(app.url);
      await client.post('/login', { json: { user: 'alice' } });
      clock.advance(2 * 60_000);
      // The read proved the session; the touch comes after the response, and fails there.
      const reply = await client.get('/me');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ userId: 'alice' });
      await vi.waitFor(() =>
        expect(app.errors).toEqual([
          expect.stringMatching(/^error: sesame: Session store failed on touch: .*"operation":"touch"/),
        ]),
      );
      // Still due, so the next request tries again, and succeeds once the store is back.
      touchFails = false;
      expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
      const id = (client.jar.get(COOKIE) ?? '').split('.')[0] ?? '';
      await vi.waitFor(async () => expect((await memory.get(id))?.lastSeenMs).toBe(clock.now()));
    } finally {
      await app.close();
    }
  });
});
