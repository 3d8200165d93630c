/**
 * touch: sliding idle expiry that never passes the absolute one (docs/architecture.md §1.4), on
 * its own or carried by an applyDelta.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { SessionStore, SessionTouch } from '../../store.js';
import type { StoreCase } from '../store-case.js';

const MINUTE_MS = 60_000;

/** How a case writes a touch: `touch()` itself, or a touch carried by `applyDelta`. */
type WriteTouch = (store: SessionStore, id: string, touch: SessionTouch) => Promise<boolean>;

/** The idle expiry a touch sets never passes the absolute one, however the touch is written. */
function capCase(writer: string, write: WriteTouch): StoreCase {
  return {
    name: `${writer} caps the idle expiry at the absolute expiry`,
    async run({ store, clock, record }) {
      const startMs = clock.now();
      const created = record({
        idleExpiresMs: startMs + 30 * MINUTE_MS,
        absoluteExpiresMs: startMs + 40 * MINUTE_MS,
      });
      await store.create(created);
      clock.advance(20 * MINUTE_MS);
      const nowMs = clock.now();
      expect(
        await write(store, created.id, { lastSeenMs: nowMs, idleExpiresMs: nowMs + 30 * MINUTE_MS }),
      ).toBe(true);
      const got = await store.get(created.id);
      expect(got?.idleExpiresMs).toBe(created.absoluteExpiresMs);
      expect(got?.absoluteExpiresMs).toBe(created.absoluteExpiresMs);
      expect(got?.lastSeenMs).toBe(nowMs);
      clock.set(created.absoluteExpiresMs);
      expect(await store.get(created.id)).toBeNull();
    },
  };
}

export const touchCases: StoreCase[] = [
  {
    name: 'touch moves lastSeen and the idle expiry',
    async run({ store, clock, record }) {
      const created = record({ idleExpiresMs: clock.now() + 30 * MINUTE_MS });
      await store.create(created);
      clock.advance(20 * MINUTE_MS);
      const nowMs = clock.now();
      expect(await store.touch(created.id, nowMs, nowMs + 30 * MINUTE_MS)).toBe(true);
      expect(await store.get(created.id)).toEqual({
        ...created,
        lastSeenMs: nowMs,
        idleExpiresMs: nowMs + 30 * MINUTE_MS,
      });
      // Past the original idle expiry, the session lives on.
      clock.advance(20 * MINUTE_MS);
      expect(await store.get(created.id)).not.toBeNull();
    },
  },
  capCase('touch', (store, id, touch) => store.touch(id, touch.lastSeenMs, touch.idleExpiresMs)),
  {
    name: 'touch leaves data, user and meta alone',
    async run({ store, clock, record }) {
      const created = record({
        userId: 'user-1',
        data: { a: [1] },
        meta: { ip: '203.0.113.7', userAgent: 'UA' },
      });
      await store.create(created);
      clock.advance(MINUTE_MS);
      const nowMs = clock.now();
      expect(await store.touch(created.id, nowMs, nowMs + 30 * MINUTE_MS)).toBe(true);
      const got = await store.get(created.id);
      expect(got?.data).toEqual(created.data);
      expect(got?.meta).toEqual(created.meta);
      expect((await store.listByUser('user-1')).map((r) => r.id)).toEqual([created.id]);
    },
  },
  {
    name: 'touch on a missing id returns false and creates nothing',
    async run({ store, clock, record }) {
      const missing = record();
      const nowMs = clock.now();
      expect(await store.touch(missing.id, nowMs, nowMs + 30 * MINUTE_MS)).toBe(false);
      expect(await store.get(missing.id)).toBeNull();
    },
  },
  {
    name: 'touch on a deleted session returns false and does not revive it',
    async run({ store, clock, record }) {
      const created = record({ userId: 'user-1' });
      await store.create(created);
      await store.delete(created.id);
      const nowMs = clock.now();
      expect(await store.touch(created.id, nowMs, nowMs + 30 * MINUTE_MS)).toBe(false);
      expect(await store.get(created.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
  {
    name: 'applyDelta with a touch writes the data and moves lastSeen and the idle expiry in one step',
    async run({ store, clock, record }) {
      const created = record({
        userId: 'user-1',
        data: { keep: 1, drop: 2 },
        idleExpiresMs: clock.now() + 30 * MINUTE_MS,
      });
      await store.create(created);
      clock.advance(20 * MINUTE_MS);
      const nowMs = clock.now();
      const touch = { lastSeenMs: nowMs, idleExpiresMs: nowMs + 30 * MINUTE_MS };
      expect(await store.applyDelta(created.id, { set: { added: [1] }, unset: ['drop'], touch })).toBe(true);
      expect(await store.get(created.id)).toEqual({
        ...created,
        data: { keep: 1, added: [1] },
        lastSeenMs: nowMs,
        idleExpiresMs: nowMs + 30 * MINUTE_MS,
      });
      // Past the original idle expiry, the session lives on, and its user still lists it.
      clock.advance(20 * MINUTE_MS);
      expect(await store.get(created.id)).not.toBeNull();
      expect((await store.listByUser('user-1')).map((r) => r.id)).toEqual([created.id]);
    },
  },
  {
    name: 'applyDelta with only a touch moves the idle expiry and leaves the data',
    async run({ store, clock, record }) {
      const created = record({ data: { a: 'b' }, idleExpiresMs: clock.now() + 30 * MINUTE_MS });
      await store.create(created);
      clock.advance(20 * MINUTE_MS);
      const nowMs = clock.now();
      const touch = { lastSeenMs: nowMs, idleExpiresMs: nowMs + 30 * MINUTE_MS };
      expect(await store.applyDelta(created.id, { touch })).toBe(true);
      expect(await store.get(created.id)).toEqual({
        ...created,
        lastSeenMs: nowMs,
        idleExpiresMs: touch.idleExpiresMs,
      });
      // Without the touch, the first idle expiry would have ended it here.
      clock.advance(20 * MINUTE_MS);
      expect((await store.get(created.id))?.data).toEqual({ a: 'b' });
    },
  },
  capCase('applyDelta with a touch', (store, id, touch) => store.applyDelta(id, { set: { x: 1 }, touch })),
  {
    name: 'applyDelta with a touch on a deleted or expired session returns false and revives nothing',
    async run({ store, clock, record }) {
      const deleted = record({ userId: 'user-1' });
      const expiring = record({ userId: 'user-1', idleExpiresMs: clock.now() + MINUTE_MS });
      await store.create(deleted);
      await store.create(expiring);
      await store.delete(deleted.id);
      clock.advance(MINUTE_MS);
      const nowMs = clock.now();
      const touch = { lastSeenMs: nowMs, idleExpiresMs: nowMs + 30 * MINUTE_MS };
      expect(await store.applyDelta(deleted.id, { set: { a: 1 }, touch })).toBe(false);
      expect(await store.applyDelta(expiring.id, { touch })).toBe(false);
      expect(await store.get(deleted.id)).toBeNull();
      expect(await store.get(expiring.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
];
