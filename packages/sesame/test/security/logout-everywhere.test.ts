/**
 * Sign-out of other sessions and of every session (docs/architecture.md §1.5, ASVS 5.0 V7.4.5 / V7.5.2): through
 * the store's per-user index, effective at once on every app instance that shares the store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/index.js';
import type { SessionInfo } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { Client, startApp, type TestApp } from '../support/app.js';

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
