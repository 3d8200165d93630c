/**
 * Sign-out of other sessions and of every session (docs/architecture.md §1.5, ASVS 5.0 V7.4.5 / V7.5.2): through
 * the store's per-user index, effective at once on every app instance that shares the store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/index.js';
import type { SessionInfo } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, startApp, type TestApp } from '../support/app.js';
import { availableStoreKinds, sharedStore } from '../support/shared-store.js';

const available = await availableStoreKinds();
/** Rounds per store and kind of sign-out; the break this guards against lost 8 of 50 (issue 10). */
const ROUNDS = 25;

describe('logout others / everywhere', () => {
  let a: TestApp;
  let b: TestApp;
  beforeEach(async () => {
    const clock = manualClock();
    const store = memoryStore({ clock });
    // Two app instances, one store: what a load balancer in front of two processes sees.
    a = await startApp({ clock, store });
    b = await startApp({ clock, store });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('logoutOthers ends the user’s other sessions on every instance and keeps this one', async () => {
    const laptop = new Client(a.url);
    const phone = new Client(b.url);
    const other = new Client(b.url);
    await laptop.post('/login', { json: { user: 'alice' } });
    await phone.post('/login', { json: { user: 'alice' } });
    await other.post('/login', { json: { user: 'bob' } });

    const phoneCookie = phone.cookieHeader;
    const result = await laptop.post('/logout-others');
    expect(result.body).toEqual({ count: 1 });
    expect((await phone.get('/me')).body).toMatchObject({ userId: null });
    expect((await laptop.get('/me')).body).toMatchObject({ userId: 'alice' });
    expect((await other.get('/me')).body).toMatchObject({ userId: 'bob' });
    // The phone's cookie, replayed on the other instance, is dead too.
    expect((await new Client(a.url).get('/me', { cookie: phoneCookie })).body).toMatchObject({
      userId: null,
    });
  });

  it('logoutEverywhere ends every session of the user, this one included', async () => {
    const laptop = new Client(a.url);
    const phone = new Client(b.url);
    await laptop.post('/login', { json: { user: 'alice' } });
    await phone.post('/login', { json: { user: 'alice' } });
    const result = await phone.post('/logout-everywhere');
    expect(result.body).toEqual({ count: 2 });
    expect((await laptop.get('/me')).body).toMatchObject({ userId: null });
    expect((await phone.get('/me')).body).toMatchObject({ userId: null });
    expect(await a.store.listByUser('alice')).toEqual([]);
  });

  it('lists sessions by handle and revokes only the caller’s own', async () => {
    const laptop = new Client(a.url);
    const phone = new Client(b.url);
    const mallory = new Client(a.url);
    await laptop.post('/login', { json: { user: 'alice' }, headers: { 'user-agent': 'Laptop/1.0' } });
    await phone.post('/login', { json: { user: 'alice' }, headers: { 'user-agent': 'Phone/2.0' } });
    await mallory.post('/login', { json: { user: 'mallory' } });

    const list = (await laptop.get('/sessions')).body as SessionInfo[];
    expect(list).toHaveLength(2);
    // The device each session signed in from, so the user can tell which one to end.
    expect(list.map((s) => [s.current, s.userAgent, s.ip])).toEqual(
      expect.arrayContaining([
        [true, 'Laptop/1.0', '127.0.0.1'],
        [false, 'Phone/2.0', '127.0.0.1'],
      ]),
    );
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const phoneHandle = list.find((s) => !s.current)?.handle ?? '';
    // Handles are keyed hashes: neither the id nor the token appears in the list.
    const laptopToken = laptop.cookieHeader ?? '';
    expect(JSON.stringify(list)).not.toContain(laptopToken.split('=')[1]?.split('.')[0]);

    expect((await mallory.post('/revoke', { json: { handle: phoneHandle } })).body).toEqual({
      revoked: false,
    });
    expect((await phone.get('/me')).body).toMatchObject({ userId: 'alice' });
    expect((await laptop.post('/revoke', { json: { handle: phoneHandle } })).body).toEqual({ revoked: true });
    expect((await phone.get('/me')).body).toMatchObject({ userId: null });
  });

  it('evicts the longest-idle session past maxSessionsPerUser', async () => {
    const limited = await startApp({ maxSessionsPerUser: 2 });
    try {
      const first = new Client(limited.url);
      const second = new Client(limited.url);
      const third = new Client(limited.url);
      await first.post('/login', { json: { user: 'alice' } });
      limited.clock.advance(1000);
      await second.post('/login', { json: { user: 'alice' } });
      limited.clock.advance(1000);
      await third.post('/login', { json: { user: 'alice' } });
      expect((await first.get('/me')).body).toMatchObject({ userId: null });
      expect((await second.get('/me')).body).toMatchObject({ userId: 'alice' });
      expect((await third.get('/me')).body).toMatchObject({ userId: 'alice' });
    } finally {
      await limited.close();
    }
  });
});

/**
 * Issue 10: on PostgreSQL a session rotating at the moment its user signed out everywhere
 * survived (8 of 50 tries). A client rotates in a loop through the HTTP adapter on one instance
 * while the user signs out on the other; once the sign-out has answered, the rotating session
 * must be gone, whichever rotation was in flight. `redis-cached` and `postgres-cached` run it with
 * the read cache on in both instances (issue 15).
 */
describe.each(['memory', 'sqlite', 'redis', 'postgres', 'redis-cached', 'postgres-cached'] as const)(
  'logout everywhere / others racing a rotating session on %s',
  (kind) => {
    for (const action of ['/logout-everywhere', '/logout-others'] as const) {
      it.skipIf(!available[kind])(
        `${action}: the rotating session never survives`,
        async () => {
          const clock = manualClock();
          const shared = await sharedStore(kind, clock);
          const [one, two] = shared.stores;
          const rotatingApp = await startApp({ clock, store: one });
          const callerApp = await startApp({ clock, store: two });
          const survivors: string[] = [];
          try {
            for (let round = 0; round < ROUNDS; round++) {
              const user = `alice-${round}`;
              const rotating = new Client(rotatingApp.url);
              const caller = new Client(callerApp.url);
              await rotating.post('/login', { json: { user } });
              await caller.post('/login', { json: { user } });
              let answered = false;
              let rotations = 0;
              const loop = (async () => {
                for (;;) {
                  const late = answered;
                  await rotating.post('/rotate');
                  rotations++;
                  if (late) return;
                }
              })();
              while (rotations < round % 3) await new Promise((resolve) => setImmediate(resolve));
              await caller.post(action);
              answered = true;
              await loop;
              const me = (await rotating.get('/me')).body as { userId: string | null };
              if (me.userId !== null) survivors.push(`round ${round}: rotated ${rotations}× and survived`);
              const left = await one.listByUser(user);
              expect(left).toHaveLength(action === '/logout-others' ? 1 : 0);
              const callerMe = (await caller.get('/me')).body as { userId: string | null };
              expect(callerMe.userId).toBe(action === '/logout-others' ? user : null);
            }
          } finally {
            await rotatingApp.close();
            await callerApp.close();
            await shared.close();
          }
          expect(survivors).toEqual([]);
        },
        60_000,
      );
    }
  },
);
