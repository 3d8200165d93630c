/**
 * Test helpers for the read cache of the Redis and PostgreSQL stores (issue 15): wait for a cache
 * to be active, watch a cached session until an instance stops serving it, and the cross-instance
 * cases both stores pass. Used by the store and adapter tests.
 *
 * @module
 */
import { expect, it } from 'vitest';
import type { SessionRecord, SessionStore } from '../../src/store.js';
import { makeRecord } from '../../src/testing/index.js';
import type { ReadCacheStats } from '../../src/stores/read-cache/read-cache.js';

/** A store with a read cache. */
export interface CachedStore {
  get(id: string): Promise<SessionRecord | null>;
  cacheStats(): ReadCacheStats | null;
}

/** Let pending I/O (an invalidation on its way) run: what a server does between two requests. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolve once `check()` holds, polling between turns of the event loop; reject after `deadlineMs`. */
export async function eventually(check: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > deadlineMs) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Wait until `store` serves reads from its cache. */
export function cacheActive(store: CachedStore, deadlineMs = 5_000): Promise<void> {
  return eventually(() => store.cacheStats()?.active === true, deadlineMs, 'read cache active');
}

/** What {@link watchUntilRefused} saw. */
export interface Refusal {
  /** Milliseconds from the call until the first read that did not match `stillServed`. */
  refusedAfterMs: number;
  /** Reads after the first refusal that matched `stillServed` again: must be 0. */
  servedAfterRefusal: number;
  /** Whether the cache was active right after the first refusal. */
  refusedWhileActive: boolean;
}

/**
 * Read `id` from `store` between turns of the event loop until a read no longer matches
 * `stillServed` (or `deadlineMs` passes: rejects), then read it `confirmReads` more times and count
 * any that match again.
 */
export async function watchUntilRefused(
  store: CachedStore,
  id: string,
  stillServed: (record: SessionRecord | null) => boolean,
  { deadlineMs = 2_000, confirmReads = 20 }: { deadlineMs?: number; confirmReads?: number } = {},
): Promise<Refusal> {
  const start = performance.now();
  while (stillServed(await store.get(id))) {
    if (performance.now() - start > deadlineMs) throw new Error(`still served after ${deadlineMs} ms`);
    await turn();
  }
  const refusedAfterMs = performance.now() - start;
  const refusedWhileActive = store.cacheStats()?.active === true;
  let servedAfterRefusal = 0;
  for (let i = 0; i < confirmReads; i++) {
    await turn();
    if (stillServed(await store.get(id))) servedAfterRefusal++;
  }
  return { refusedAfterMs, servedAfterRefusal, refusedWhileActive };
}

/** Two instances of one cached store on the same data, as two processes would have. */
export interface CachedPair<S> {
  a: S;
  b: S;
  close: () => Promise<void>;
}

/**
 * The cross-instance cases both cached stores pass: every kind of change made through instance A
 * (a delete, sign-out everywhere, a write, a rotation, a token renewal, a touch) stops instance B
 * serving its cached copy within `deadlineMs`, and B never serves that copy again; the instance
 * that writes sees its own write at once.
 */
export function describeCrossInstanceChanges<S extends SessionStore & CachedStore>(options: {
  pair: () => Promise<CachedPair<S>>;
  /** Read `id` through an instance until it is cached. */
  cachedOnB: (b: S, id: string) => Promise<void>;
  deadlineMs: number;
}): void {
  const { pair, cachedOnB, deadlineMs } = options;
  /** Each change, and how to tell B's old copy (`old`) from what the store holds after it. */
  const changes: Record<
    string,
    {
      run: (a: S, old: SessionRecord) => Promise<unknown>;
      stale: (served: SessionRecord, old: SessionRecord) => boolean;
    }
  > = {
    delete: { run: (a, old) => a.delete(old.id), stale: () => true },
    deleteByUser: { run: (a) => a.deleteByUser('alice'), stale: () => true },
    applyDelta: {
      run: (a, old) => a.applyDelta(old.id, { set: { role: 'admin' } }),
      stale: (served) => served.data['role'] === 'user',
    },
    replace: { run: (a, old) => a.replace(old.id, makeRecord({ userId: 'alice' })), stale: () => true },
    renewSecret: {
      run: (a, old) =>
        a.renewSecret(old.id, {
          expectedSecretHash: old.secretHash,
          secretHash: makeRecord().secretHash,
          previousSecretExpiresMs: old.lastSeenMs + 30_000,
          rotatedMs: old.lastSeenMs,
        }),
      stale: (served, old) => served.secretHash === old.secretHash,
    },
    touch: {
      run: (a, old) => a.touch(old.id, old.lastSeenMs + 60_000, old.idleExpiresMs + 60_000),
      stale: (served, old) => served.idleExpiresMs === old.idleExpiresMs,
    },
  };
  for (const [name, change] of Object.entries(changes)) {
    it(`${name} on instance A: B stops serving its cached copy, and never serves it again`, async () => {
      const { a, b, close } = await pair();
      try {
        const record = makeRecord({ userId: 'alice', data: { role: 'user' } });
        await a.create(record);
        await cachedOnB(b, record.id);
        await change.run(a, record);
        const seen = await watchUntilRefused(b, record.id, (r) => r !== null && change.stale(r, record), {
          deadlineMs,
        });
        expect(seen.servedAfterRefusal).toBe(0);
      } finally {
        await close();
      }
    });
  }
  it('the instance that writes sees its own write at once', async () => {
    const { a, close } = await pair();
    try {
      const record = makeRecord({ userId: 'alice', data: { n: 1 } });
      await a.create(record);
      await cachedOnB(a, record.id);
      await a.applyDelta(record.id, { set: { n: 2 } });
      expect((await a.get(record.id))?.data).toEqual({ n: 2 });
      await a.deleteByUser('alice');
      expect(await a.get(record.id)).toBeNull();
    } finally {
      await close();
    }
  });
}
