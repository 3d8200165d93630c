/**
 * Test helpers for the read cache of the Redis and PostgreSQL stores (issue 15): wait for a cache
 * to be active, and watch a cached session until an instance stops serving it. Used by the store
 * and adapter tests.
 *
 * @module
 */
import type { SessionRecord } from '../../src/store.js';
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
