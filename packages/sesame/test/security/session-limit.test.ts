/**
 * The per-user session limit (`maxSessionsPerUser`, default 20; README "sessions per user"): past
 * it, a sign-in ends the sessions idle the longest. Since issue 5 the store's write reports the
 * user's session count, so a sign-in under the limit is one store call, and the sessions are
 * listed only past it. A store may over-count (expired sessions not yet swept, store.ts): that
 * costs a list, and must never end a session that is within the limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateResult, SessionStore } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, manualClockFor, startApp, type TestApp } from '../support/app.js';

const MINUTE = 60_000;

/**
 * `store` with every call recorded by method name; `extra` is added to the count that create and
 * replace report, to play a store that over-counts.
 */
function watched(store: SessionStore, extra = 0): { store: SessionStore; calls: string[] } {
  const calls: string[] = [];
  const report = (result: CreateResult | null): CreateResult | null =>
    result === null ? null : { userSessions: result.userSessions + extra };
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls.push(String(key));
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        return key === 'create' || key === 'replace' ? report(result as CreateResult | null) : result;
      };
    },
  });
  return { store: wrapped, calls };
}

async function signIn(app: TestApp, userId: string, client = new Client(app.url)): Promise<Client> {
  await client.post('/login', { json: { user: userId } });
  return client;
}

describe('per-user session limit', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('the 21st sign-in ends the session idle the longest, and only that one', async () => {
    const clock = manualClockFor();
    const { store, calls } = watched(memoryStore({ clock }));
    app = await startApp({ clock, store });
    const clients: Client[] = [];
    for (let i = 0; i < 20; i++) {
      clients.push(await signIn(app, 'alice'));
      clock.advance(MINUTE);
    }
    // The first session was used most recently of all but the second, which is now the idlest.
    expect((await clients[0]?.get('/me'))?.body).toMatchObject({ userId: 'alice' });
    calls.length = 0;
    const last = await signIn(app, 'alice');
    expect(calls).toEqual(['create', 'listByUser', 'delete']);

    expect((await clients[1]?.get('/me'))?.body).toMatchObject({ userId: null });
    for (const client of [clients[0], ...clients.slice(2), last]) {
      expect((await client?.get('/me'))?.body).toMatchObject({ userId: 'alice' });
    }
    expect(await app.store.listByUser('alice')).toHaveLength(20);
    const revoked = app.events.filter((e) => e.type === 'revoked');
    expect(revoked.map((e) => e.reason)).toEqual(['limit']);
  });

  it('a sign-in under the limit makes one store call: the write that reports the count', async () => {
    const clock = manualClockFor();
    const { store, calls } = watched(memoryStore({ clock }));
    app = await startApp({ clock, store });
    for (let i = 0; i < 19; i++) await signIn(app, 'alice');

    calls.length = 0;
    await signIn(app, 'alice'); // the 20th: at the limit, not past it
    expect(calls).toEqual(['create']);

    // From an anonymous session: the request's load, then one replace (fixation defence).
    const visitor = new Client(app.url);
    await visitor.post('/set', { json: { theme: 'dark' } });
    await app.store.deleteByUser('alice');
    calls.length = 0;
    await signIn(app, 'alice', visitor);
    expect(calls).toEqual(['get', 'replace']);
    expect((await visitor.get('/me')).body).toMatchObject({ userId: 'alice', data: { theme: 'dark' } });
  });

  it('a store that over-counts costs a list but ends no session within the limit', async () => {
    const clock = manualClockFor();
    const { store, calls } = watched(memoryStore({ clock }), 100);
    app = await startApp({ clock, store, maxSessionsPerUser: 3 });
    const clients: Client[] = [];
    for (let i = 0; i < 3; i++) {
      calls.length = 0;
      clients.push(await signIn(app, 'alice'));
      expect(calls).toEqual(['create', 'listByUser']);
      clock.advance(MINUTE);
    }
    for (const client of clients) expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
    expect(app.events.filter((e) => e.type === 'revoked')).toEqual([]);

    // Past the real limit it still ends exactly the idlest one.
    const fourth = await signIn(app, 'alice');
    expect((await clients[0]?.get('/me'))?.body).toMatchObject({ userId: null });
    for (const client of [...clients.slice(1), fourth]) {
      expect((await client.get('/me')).body).toMatchObject({ userId: 'alice' });
    }
  });

  it('expired sessions the store still counts are not held against the user', async () => {
    const clock = manualClockFor();
    const { store, calls } = watched(memoryStore({ clock }));
    app = await startApp({ clock, store, maxSessionsPerUser: 2, idleTimeout: '30m' });
    await signIn(app, 'alice');
    await signIn(app, 'alice');
    clock.advance(31 * MINUTE);
    // The memory store still counts the two expired, unswept sessions: 3 > 2, so the engine
    // lists, and the list holds only this one live session, within the limit.
    calls.length = 0;
    const first = await signIn(app, 'alice');
    expect(calls).toEqual(['create', 'listByUser']);
    calls.length = 0;
    const second = await signIn(app, 'alice');
    expect(calls).toEqual(['create']);
    expect((await first.get('/me')).body).toMatchObject({ userId: 'alice' });
    expect((await second.get('/me')).body).toMatchObject({ userId: 'alice' });
    expect(app.events.filter((e) => e.type === 'revoked')).toEqual([]);
  });
});
