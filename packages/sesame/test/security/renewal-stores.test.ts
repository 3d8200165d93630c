/**
 * Periodic renewal on every store (docs/architecture.md §1.13): two app instances sharing one
 * store (memory, SQLite, Redis, PostgreSQL, and Redis and PostgreSQL with the read cache on).
 * Parallel requests across a renewal all succeed and exactly one renews; the new token works at
 * once on both instances; the old one after the grace ends the session everywhere.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/index.js';
import { Client, startApp, type TestApp } from '../support/app.js';
import { MINUTE, RENEWAL, SECOND, asCookie, idOf, sessionCookie, tokenIn } from '../support/renewal.js';
import type { SharedStore, StoreKind } from '../support/shared-store.js';
import { availableStoreKinds, sharedStore } from '../support/shared-store.js';

const available = await availableStoreKinds();

/**
 * Ask `url` who `cookie` signs in until the answer is nobody, for at most `deadlineMs` (0: the
 * first answer must be nobody), then five times more: what those five answered.
 */
async function userIdsOnceEnded(url: string, cookie: string, deadlineMs: number): Promise<unknown[]> {
  const userId = async (): Promise<unknown> =>
    ((await new Client(url).get('/me', { cookie })).body as { userId: unknown }).userId;
  const start = performance.now();
  while ((await userId()) !== null) {
    if (performance.now() - start >= deadlineMs) {
      throw new Error(`${url} still signs the ended session in after ${deadlineMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const after: unknown[] = [];
  for (let i = 0; i < 5; i++) after.push(await userId());
  return after;
}

describe.each(Object.keys(available) as StoreKind[])('periodic renewal on %s, two instances', (kind) => {
  let shared: SharedStore;
  let a: TestApp;
  let b: TestApp;
  beforeEach(async (context) => {
    if (!available[kind]) context.skip(`${kind} server not available`);
    const clock = manualClock();
    shared = await sharedStore(kind, clock);
    a = await startApp({ ...RENEWAL, clock, store: shared.stores[0] });
    b = await startApp({ ...RENEWAL, clock, store: shared.stores[1] });
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
    await shared?.close();
  });

  it('20 parallel requests across a renewal all succeed; one renews; the old token dies after the grace', async () => {
    const browser = new Client(a.url);
    await browser.post('/login', { json: { user: 'alice' } });
    // Both instances have read (and, with the cache, keep) the record from before the renewal.
    expect((await new Client(b.url).get('/me', { cookie: browser.cookieHeader })).body).toMatchObject({
      userId: 'alice',
    });
    const old = tokenIn(browser);
    a.clock.advance(15 * MINUTE);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new Client(i % 2 === 0 ? a.url : b.url).get('/me', { cookie: asCookie(old) }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(replies.map((r) => (r.body as { userId: unknown }).userId)).toEqual(Array(20).fill('alice'));
    const issued = replies.map(sessionCookie).filter((c): c is string => c !== null);
    expect(issued).toHaveLength(1);
    const current = issued[0] ?? '';
    expect(idOf(current)).toBe(idOf(old));
    expect([...a.events, ...b.events].filter((e) => e.type === 'renewed')).toHaveLength(1);

    // The new token works at once on both instances, whichever renewed (a cache holding the
    // record from before is read again, not trusted).
    for (const url of [a.url, b.url]) {
      const reply = await new Client(url).get('/me', { cookie: asCookie(current) });
      expect(reply.body).toMatchObject({ userId: 'alice' });
      expect(sessionCookie(reply)).toBeNull();
    }

    a.clock.advance(30 * SECOND);
    expect((await new Client(b.url).get('/me', { cookie: asCookie(old) })).body).toMatchObject({
      userId: null,
    });
    expect([...a.events, ...b.events].filter((e) => e.type === 'token-reuse')).toHaveLength(1);
    // B ended the session and dropped its own cached copy: refused at once. A, with the read
    // cache on, stops serving its copy when the store's invalidation reaches it, within
    // milliseconds of B's write rather than at the same instant (docs/scaling.md, read cache).
    expect(await userIdsOnceEnded(b.url, asCookie(current), 0)).toEqual(Array(5).fill(null));
    const revocationMs = kind.endsWith('-cached') ? 2_000 : 0;
    expect(await userIdsOnceEnded(a.url, asCookie(current), revocationMs)).toEqual(Array(5).fill(null));
  });

  it('a token renewed on one instance works at once on the other', async () => {
    const browser = new Client(a.url);
    await browser.post('/login', { json: { user: 'alice' } });
    await new Client(b.url).get('/me', { cookie: browser.cookieHeader });
    a.clock.advance(15 * MINUTE);
    const renewed = sessionCookie(await browser.get('/me'));
    expect(renewed).not.toBeNull();
    const reply = await new Client(b.url).get('/me', { cookie: asCookie(renewed ?? '') });
    expect(reply.body).toMatchObject({ userId: 'alice' });
  });
});
