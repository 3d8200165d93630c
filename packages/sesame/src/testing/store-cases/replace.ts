/**
 * replace: rotation on every privilege change, the fixation defence (DESIGN §1.3; OWASP ASVS 5.0
 * V7.2.4; passport CVE-2022-25896 is the bug class it prevents).
 *
 * @module
 */
import { expect } from 'vitest';
import type { StoreCase } from '../store-case.js';
import { idsOf } from '../store-case.js';

export const replaceCases: StoreCase[] = [
  {
    name: 'replace deletes the old record and creates the new one',
    async run({ store, record }) {
      const old = record({ data: { cart: [1] } });
      await store.create(old);
      const next = record({ userId: 'user-1', data: { cart: [1] }, authenticatedMs: old.createdMs });
      expect(await store.replace(old.id, next)).toBe(true);
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
      expect(await store.replace(old.id, next)).toBe(true);
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
      expect(await store.replace(old.id, next)).toBe(true);
      expect(await store.listByUser('user-1')).toEqual([]);
      expect(idsOf(await store.listByUser('user-2'))).toEqual([next.id]);
    },
  },
  {
    name: 'replace of a missing id returns false and creates nothing',
    async run({ store, record }) {
      const next = record({ userId: 'user-1' });
      expect(await store.replace(record().id, next)).toBe(false);
      expect(await store.get(next.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
  {
    name: 'replace of a deleted or expired id returns false and creates nothing',
    async run({ store, clock, record }) {
      const deleted = record({ userId: 'user-1' });
      const expiring = record({ userId: 'user-1', idleExpiresMs: clock.now() + 1_000 });
      await store.create(deleted);
      await store.create(expiring);
      await store.delete(deleted.id);
      clock.advance(1_000);
      const afterDelete = record({ userId: 'user-1' });
      const afterExpiry = record({ userId: 'user-1' });
      expect(await store.replace(deleted.id, afterDelete)).toBe(false);
      expect(await store.replace(expiring.id, afterExpiry)).toBe(false);
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
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = candidates[results.indexOf(true)];
      expect(idsOf(await store.listByUser('user-1'))).toEqual([winner?.id]);
      for (const next of candidates) {
        expect(await store.get(next.id)).toEqual(next === winner ? next : null);
      }
    },
  },
];
