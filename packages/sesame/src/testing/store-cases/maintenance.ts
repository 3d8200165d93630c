/**
 * deleteExpired and close: housekeeping a store does between requests and at shutdown.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { StoreCase } from '../store-case.js';
import { idsOf } from '../store-case.js';

export const maintenanceCases: StoreCase[] = [
  {
    name: 'deleteExpired removes exactly the expired sessions and returns the count',
    async run({ store, clock, record }) {
      const startMs = clock.now();
      const idleGone = record({ userId: 'user-1', idleExpiresMs: startMs + 1_000 });
      const idleAtBoundary = record({ idleExpiresMs: startMs + 2_000 });
      const absoluteGone = record({
        userId: 'user-1',
        idleExpiresMs: startMs + 30_000,
        absoluteExpiresMs: startMs + 1_500,
      });
      const liveJustAfter = record({ userId: 'user-1', idleExpiresMs: startMs + 2_001 });
      const live = record({ userId: 'user-2' });
      for (const r of [idleGone, idleAtBoundary, absoluteGone, liveJustAfter, live]) await store.create(r);
      clock.advance(2_000);
      expect(await store.deleteExpired(clock.now())).toBe(3);
      expect(await store.get(liveJustAfter.id)).toEqual(liveJustAfter);
      expect(await store.get(live.id)).toEqual(live);
      expect(idsOf(await store.listByUser('user-1'))).toEqual([liveJustAfter.id]);
      expect(await store.deleteExpired(clock.now())).toBe(0);
      expect(await store.deleteByUser('user-1')).toBe(1);
    },
  },
  {
    name: 'deleteExpired on an empty store returns 0',
    async run({ store, clock }) {
      expect(await store.deleteExpired(clock.now())).toBe(0);
    },
  },
  {
    name: 'deleteExpired removes many expired sessions',
    async run({ store, clock, record }) {
      const count = 1_200; // more than one batch for stores that delete in batches
      const expiresMs = clock.now() + 1_000;
      const users = ['user-1', 'user-2', null];
      const records = Array.from({ length: count }, (_, i) =>
        record({ userId: users[i % users.length] ?? null, idleExpiresMs: expiresMs }),
      );
      const live = record({ userId: 'user-1' });
      for (let i = 0; i < records.length; i += 100) {
        await Promise.all(records.slice(i, i + 100).map((r) => store.create(r)));
      }
      await store.create(live);
      clock.advance(1_000);
      expect(await store.deleteExpired(clock.now())).toBe(count);
      expect(idsOf(await store.listByUser('user-1'))).toEqual([live.id]);
      expect(await store.listByUser('user-2')).toEqual([]);
    },
  },
  {
    name: 'close resolves and may be called twice',
    async run({ store, record }) {
      await store.create(record());
      await expect(store.close()).resolves.toBeUndefined();
      await expect(store.close()).resolves.toBeUndefined();
    },
  },
];
