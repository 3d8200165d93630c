/**
 * replace: rotation on every privilege change, the fixation defence (docs/architecture.md §1.3; OWASP ASVS 5.0
 * V7.2.4; passport CVE-2022-25896 is the bug class it prevents). Like create, it reports the new
 * user's session count (issue 5), with the old session no longer in it.
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { StoreCase } from '../store-case.js';
import { idsOf } from '../store-case.js';

export const replaceCases: StoreCase[] = [
  {
    name: 'replace deletes the old record and creates the new one',
    async run({ store, record }) {
      const old = record({ data: { cart: [1] } });
      await store.create(old);
      const next = record({ userId: 'user-1', data: { cart: [1] }, authenticatedMs: old.createdMs });
      expect(await store.replace(old.id, next)).toEqual({ userSessions: 1 });
      expect(await store.get(old.id)).toBeNull();
      expect(await store.get(next.id)).toEqual(next);
    },
  },
  {
    name: 'replace moves the user index from the old id to the new one',
    async run({ store, record }) {
      const other = record({ userId: 'user-1' });
      const old = record({ userId: 'user-1' });
      await store.create(other);
      await store.create(old);
      const next = record({ userId: 'user-1' });
      expect(await store.replace(old.id, next)).toEqual({ userSessions: 2 });
      expect(idsOf(await store.listByUser('user-1'))).toEqual([other.id, next.id].sort());
      expect(await store.deleteByUser('user-1')).toBe(2);
      expect(await store.get(next.id)).toBeNull();
    },
  },
  {
    name: 'replace can change the user: the old user keeps no entry',
    async run({ store, record }) {
      const old = record({ userId: 'user-1' });
      await store.create(old);
      const next = record({ userId: 'user-2' });
      expect(await store.replace(old.id, next)).toEqual({ userSessions: 1 });
      expect(await store.listByUser('user-1')).toEqual([]);
      expect(idsOf(await store.listByUser('user-2'))).toEqual([next.id]);
    },
  },
  {
    name: "replace of an anonymous session by a user's sign-in counts the user's other sessions",
    async run({ store, record }) {
      for (let i = 0; i < 2; i++) await store.create(record({ userId: 'user-1' }));
      const anonymous = record();
      await store.create(anonymous);
      expect(await store.replace(anonymous.id, record({ userId: 'user-1' }))).toEqual({ userSessions: 3 });
      expect(await store.listByUser('user-1')).toHaveLength(3);
    },
  },
  {
    name: "rotating a user's own session keeps the count; an anonymous one reports 0",
    async run({ store, record }) {
      const own = record({ userId: 'user-1' });
      const others = [record({ userId: 'user-1' }), record({ userId: 'user-1' })];
      for (const r of [...others, own]) await store.create(r);
      const rotated = record({ userId: 'user-1' });
      expect(await store.replace(own.id, rotated)).toEqual({ userSessions: 3 });
      expect(await store.replace(rotated.id, record({ userId: 'user-1' }))).toEqual({ userSessions: 3 });
      const anonymous = record();
      await store.create(anonymous);
      expect(await store.replace(anonymous.id, record())).toEqual({ userSessions: 0 });
      expect(await store.listByUser('user-1')).toHaveLength(3);
    },
  },
  {
    name: 'replace may count expired sessions not yet swept, never fewer than the live ones',
    async run({ store, clock, record }) {
      const expiring = [0, 1].map(() => record({ userId: 'user-1', idleExpiresMs: clock.now() + 1_000 }));
      const own = record({ userId: 'user-1' });
      for (const r of [record({ userId: 'user-1' }), own, ...expiring]) await store.create(r);
      clock.advance(1_000);
      const result = await store.replace(own.id, record({ userId: 'user-1' }));
      expect(result).not.toBeNull();
      const userSessions = result?.userSessions;
      expect(userSessions).toBeGreaterThanOrEqual(2);
      expect(userSessions).toBeLessThanOrEqual(4);
      expect(await store.listByUser('user-1')).toHaveLength(2);
    },
  },
  {
    name: 'replace of a missing id returns null and creates nothing',
    async run({ store, record }) {
      const next = record({ userId: 'user-1' });
      expect(await store.replace(record().id, next)).toBeNull();
      expect(await store.get(next.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
  {
    name: 'replace of a deleted or expired id returns null and creates nothing',
    async run({ store, clock, record }) {
      const deleted = record({ userId: 'user-1' });
      const expiring = record({ userId: 'user-1', idleExpiresMs: clock.now() + 1_000 });
      await store.create(deleted);
      await store.create(expiring);
      await store.delete(deleted.id);
      clock.advance(1_000);
      const afterDelete = record({ userId: 'user-1' });
      const afterExpiry = record({ userId: 'user-1' });
      expect(await store.replace(deleted.id, afterDelete)).toBeNull();
      expect(await store.replace(expiring.id, afterExpiry)).toBeNull();
      expect(await store.get(afterDelete.id)).toBeNull();
      expect(await store.get(afterExpiry.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
  {
    name: 'parallel replace of one old id: exactly one succeeds',
    async run({ store, record }) {
      const old = record({ userId: 'user-1' });
      await store.create(old);
      const candidates = Array.from({ length: 10 }, () => record({ userId: 'user-1' }));
      const results = await Promise.all(candidates.map((next) => store.replace(old.id, next)));
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      const winner = candidates[results.findIndex((result) => result !== null)];
      expect(idsOf(await store.listByUser('user-1'))).toEqual([winner?.id]);
      for (const next of candidates) {
        expect(await store.get(next.id)).toEqual(next === winner ? next : null);
      }
    },
  },
];
