/**
 * The per-user index behind "sign out everywhere" (docs/architecture.md §1.5; OWASP ASVS 5.0 V7.4.3/V7.5.2):
 * a session that exists is always listed under its user, and only there. And the count a create
 * reports from it, which decides whether the engine enforces `maxSessionsPerUser` (issue 5): an
 * under-count would let a user keep more sessions than the limit.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { StoreCase } from '../store-case.js';
import { idsOf } from '../store-case.js';

// Characters that are separators or hash tags in key-value stores must stay plain text.
const AWKWARD_USER_ID = 'user:{tag}*?[x] ü/1';

export const userIndexCases: StoreCase[] = [
  {
    name: "create reports the user's session count, 0 for an anonymous session",
    async run({ store, record }) {
      expect(await store.create(record({ userId: 'user-1' }))).toEqual({ userSessions: 1 });
      expect(await store.create(record({ userId: 'user-1' }))).toEqual({ userSessions: 2 });
      expect(await store.create(record())).toEqual({ userSessions: 0 });
      expect(await store.create(record({ userId: 'user-2' }))).toEqual({ userSessions: 1 });
      expect(await store.create(record({ userId: 'user-1' }))).toEqual({ userSessions: 3 });
    },
  },
  {
    name: 'create counts no session that was deleted',
    async run({ store, record }) {
      const first = record({ userId: 'user-1' });
      const second = record({ userId: 'user-1' });
      await store.create(first);
      await store.create(second);
      await store.delete(first.id);
      expect(await store.create(record({ userId: 'user-1' }))).toEqual({ userSessions: 2 });
      await store.deleteByUser('user-1', { exceptId: second.id });
      expect(await store.create(record({ userId: 'user-1' }))).toEqual({ userSessions: 2 });
      await store.deleteByUser('user-1');
      expect(await store.create(record({ userId: 'user-1' }))).toEqual({ userSessions: 1 });
    },
  },
  {
    name: 'create may count expired sessions not yet swept, never fewer than the live ones',
    async run({ store, clock, record }) {
      const live = record({ userId: 'user-1' });
      const idle = record({ userId: 'user-1', idleExpiresMs: clock.now() + 1_000 });
      const absolute = record({
        userId: 'user-1',
        idleExpiresMs: clock.now() + 1_000,
        absoluteExpiresMs: clock.now() + 1_000,
      });
      for (const r of [live, idle, absolute]) await store.create(r);
      clock.advance(1_000);
      const { userSessions } = await store.create(record({ userId: 'user-1' }));
      expect(userSessions).toBeGreaterThanOrEqual(2);
      expect(userSessions).toBeLessThanOrEqual(4);
      expect(await store.listByUser('user-1')).toHaveLength(2);
    },
  },
  {
    name: 'listByUser returns exactly the live sessions of that user',
    async run({ store, record }) {
      const mine = [record({ userId: 'user-1' }), record({ userId: 'user-1' })];
      const theirs = record({ userId: 'user-2' });
      for (const r of [...mine, theirs, record()]) await store.create(r);
      const listed = await store.listByUser('user-1');
      expect(idsOf(listed)).toEqual(idsOf(mine));
      for (const r of mine) expect(listed.find((l) => l.id === r.id)).toEqual(r);
      expect(await store.listByUser('nobody')).toEqual([]);
    },
  },
  {
    name: 'user ids with separator and pattern characters are plain text',
    async run({ store, record }) {
      const awkward = record({ userId: AWKWARD_USER_ID });
      const lookalike = record({ userId: 'user:' });
      await store.create(awkward);
      await store.create(lookalike);
      expect(idsOf(await store.listByUser(AWKWARD_USER_ID))).toEqual([awkward.id]);
      expect(await store.listByUser('user:*')).toEqual([]);
      expect(await store.deleteByUser('user:*')).toBe(0);
      expect(await store.deleteByUser(AWKWARD_USER_ID)).toBe(1);
      expect(await store.get(lookalike.id)).toEqual(lookalike);
    },
  },
  {
    name: 'anonymous sessions appear in no user index',
    async run({ store, record }) {
      const anonymous = record({ userId: null });
      await store.create(anonymous);
      for (const userId of ['', 'null', 'undefined']) {
        expect(await store.listByUser(userId)).toEqual([]);
        expect(await store.deleteByUser(userId)).toBe(0);
      }
      expect(await store.get(anonymous.id)).toEqual(anonymous);
    },
  },
  {
    name: 'delete removes the session and its index entry',
    async run({ store, record }) {
      const gone = record({ userId: 'user-1' });
      const kept = record({ userId: 'user-1' });
      await store.create(gone);
      await store.create(kept);
      await store.delete(gone.id);
      expect(await store.get(gone.id)).toBeNull();
      expect(idsOf(await store.listByUser('user-1'))).toEqual([kept.id]);
      expect(await store.deleteByUser('user-1')).toBe(1);
    },
  },
  {
    name: 'delete of a missing id resolves',
    async run({ store, record }) {
      await expect(store.delete(record().id)).resolves.toBeUndefined();
    },
  },
  {
    name: 'deleteByUser deletes every session of the user and returns the count',
    async run({ store, record }) {
      const mine = [record({ userId: 'user-1' }), record({ userId: 'user-1' }), record({ userId: 'user-1' })];
      const theirs = record({ userId: 'user-2' });
      const anonymous = record();
      for (const r of [...mine, theirs, anonymous]) await store.create(r);
      expect(await store.deleteByUser('user-1')).toBe(3);
      for (const r of mine) expect(await store.get(r.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
      expect(await store.get(theirs.id)).toEqual(theirs);
      expect(await store.get(anonymous.id)).toEqual(anonymous);
      expect(await store.deleteByUser('user-1')).toBe(0);
    },
  },
  {
    name: 'deleteByUser with exceptId keeps that one session',
    async run({ store, record }) {
      const current = record({ userId: 'user-1' });
      const others = [record({ userId: 'user-1' }), record({ userId: 'user-1' })];
      const theirs = record({ userId: 'user-2' });
      for (const r of [current, ...others, theirs]) await store.create(r);
      expect(await store.deleteByUser('user-1', { exceptId: current.id })).toBe(2);
      expect(await store.get(current.id)).toEqual(current);
      for (const r of others) expect(await store.get(r.id)).toBeNull();
      expect(idsOf(await store.listByUser('user-1'))).toEqual([current.id]);
      expect(await store.get(theirs.id)).toEqual(theirs);
    },
  },
  {
    name: "deleteByUser with another user's exceptId still deletes all of this user's sessions",
    async run({ store, record }) {
      const mine = [record({ userId: 'user-1' }), record({ userId: 'user-1' })];
      const theirs = record({ userId: 'user-2' });
      for (const r of [...mine, theirs]) await store.create(r);
      expect(await store.deleteByUser('user-1', { exceptId: theirs.id })).toBe(2);
      expect(await store.listByUser('user-1')).toEqual([]);
      expect(await store.get(theirs.id)).toEqual(theirs);
    },
  },
  {
    name: 'sessions created in parallel for one user are all indexed',
    async run({ store, record }) {
      const many = Array.from({ length: 30 }, () => record({ userId: 'user-1' }));
      await Promise.all(many.map((r) => store.create(r)));
      expect(idsOf(await store.listByUser('user-1'))).toEqual(idsOf(many));
      expect(await store.deleteByUser('user-1')).toBe(30);
    },
  },
];
