/**
 * Expired records are gone to every reader, whatever the backend's own TTL says: the store checks
 * the record's times against its clock, at or after the expiry (OWASP Session Management Cheat
 * Sheet, "Session Expiration": enforced on the server side).
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { StoreCase } from '../store-case.js';

export const expiryCases: StoreCase[] = [
  {
    name: 'get returns null once the idle expiry is reached',
    async run({ store, clock, record }) {
      const created = record({ idleExpiresMs: clock.now() + 60_000 });
      await store.create(created);
      clock.advance(59_999);
      expect(await store.get(created.id)).toEqual(created);
      clock.advance(1);
      expect(await store.get(created.id)).toBeNull();
    },
  },
  {
    name: 'get returns null once the absolute expiry is reached',
    async run({ store, clock, record }) {
      const nowMs = clock.now();
      // Idle expiry later than absolute cannot come from the engine; it proves absolute is checked.
      const created = record({ idleExpiresMs: nowMs + 120_000, absoluteExpiresMs: nowMs + 60_000 });
      await store.create(created);
      clock.advance(59_999);
      expect(await store.get(created.id)).not.toBeNull();
      clock.advance(1);
      expect(await store.get(created.id)).toBeNull();
    },
  },
  {
    name: 'listByUser leaves out expired sessions',
    async run({ store, clock, record }) {
      const live = record({ userId: 'user-1' });
      const idle = record({ userId: 'user-1', idleExpiresMs: clock.now() + 1_000 });
      await store.create(live);
      await store.create(idle);
      clock.advance(1_000);
      expect((await store.listByUser('user-1')).map((r) => r.id)).toEqual([live.id]);
    },
  },
  {
    name: 'applyDelta on an expired session returns false and does not revive it',
    async run({ store, clock, record }) {
      const created = record({ userId: 'user-1', idleExpiresMs: clock.now() + 1_000 });
      await store.create(created);
      clock.advance(1_000);
      expect(await store.applyDelta(created.id, { set: { late: true } })).toBe(false);
      expect(await store.get(created.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
  {
    name: 'touch on an expired session returns false and does not revive it',
    async run({ store, clock, record }) {
      const created = record({ userId: 'user-1', idleExpiresMs: clock.now() + 1_000 });
      await store.create(created);
      clock.advance(1_000);
      const nowMs = clock.now();
      expect(await store.touch(created.id, nowMs, nowMs + 30 * 60_000)).toBe(false);
      expect(await store.get(created.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
];
