/**
 * applyDelta: top-level set/unset and meta, atomic, never reviving a destroyed session
 * (docs/architecture.md §1.6).
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { SessionData } from '../../store.js';
import type { StoreCase } from '../store-case.js';
import { ALL_JSON_TYPES } from './round-trip.js';

const PARALLEL_WRITERS = 50;

export const applyDeltaCases: StoreCase[] = [
  {
    name: 'applyDelta sets and unsets top-level keys and leaves the others',
    async run({ store, record }) {
      const created = record({ data: { keep: 'me', drop: 1, change: 'old', alsoDrop: [1] } });
      await store.create(created);
      expect(
        await store.applyDelta(created.id, {
          set: { change: 'new', added: { x: [1, 2] } },
          unset: ['drop', 'alsoDrop', 'neverExisted'],
        }),
      ).toBe(true);
      const got = await store.get(created.id);
      expect(got?.data).toEqual({ keep: 'me', change: 'new', added: { x: [1, 2] } });
      expect(got).toEqual({ ...created, data: got?.data });
    },
  },
  {
    name: 'applyDelta replaces a value whole: no deep merge, null is a value',
    async run({ store, record }) {
      // A JSON merge patch (RFC 7396) would merge nested objects and delete keys set to null;
      // session semantics are "the top-level key now holds exactly this value".
      const created = record({ data: { profile: { name: 'a', role: 'admin' }, flag: true } });
      await store.create(created);
      expect(await store.applyDelta(created.id, { set: { profile: { name: 'b' }, flag: null } })).toBe(true);
      expect((await store.get(created.id))?.data).toEqual({ profile: { name: 'b' }, flag: null });
    },
  },
  {
    name: 'applyDelta handles keys with dots, quotes, brackets and "__proto__" as plain keys',
    async run({ store, record }) {
      const created = record({ data: { 'a.b': 1, a: { b: 'nested' } } });
      await store.create(created);
      const set = JSON.parse(
        '{"a.b":2,"x\\"y":3,"[0]":4,"$":5,"__proto__":{"polluted":true},"sp ace":6,"日本":7}',
      ) as SessionData;
      expect(await store.applyDelta(created.id, { set })).toBe(true);
      const got = (await store.get(created.id))?.data ?? {};
      expect(Object.keys(got).sort()).toEqual(
        ['$', '[0]', '__proto__', 'a', 'a.b', 'sp ace', 'x"y', '日本'].sort(),
      );
      expect(got['a']).toEqual({ b: 'nested' });
      expect(got['a.b']).toBe(2);
      expect(got['x"y']).toBe(3);
      expect((got as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(await store.applyDelta(created.id, { unset: ['a.b', 'x"y', '__proto__'] })).toBe(true);
      const after = (await store.get(created.id))?.data ?? {};
      expect(Object.keys(after).sort()).toEqual(['$', '[0]', 'a', 'sp ace', '日本'].sort());
    },
  },
  {
    name: 'applyDelta keeps every JSON type, in set values and in untouched keys',
    async run({ store, record }) {
      const created = record({ data: ALL_JSON_TYPES });
      await store.create(created);
      const set: SessionData = {};
      for (const [key, value] of Object.entries(ALL_JSON_TYPES)) set[`set ${key}`] = value;
      expect(await store.applyDelta(created.id, { set })).toBe(true);
      expect((await store.get(created.id))?.data).toEqual({ ...ALL_JSON_TYPES, ...set });
      expect(await store.applyDelta(created.id, { unset: Object.keys(set) })).toBe(true);
      expect((await store.get(created.id))?.data).toEqual(ALL_JSON_TYPES);
    },
  },
  {
    name: 'applyDelta with a key in both set and unset keeps the set value',
    async run({ store, record }) {
      const created = record({ data: { k: 'old' } });
      await store.create(created);
      expect(await store.applyDelta(created.id, { set: { k: 'new' }, unset: ['k'] })).toBe(true);
      expect((await store.get(created.id))?.data).toEqual({ k: 'new' });
    },
  },
  {
    name: 'applyDelta merges meta fields and leaves data and times alone',
    async run({ store, record }) {
      const created = record({ data: { a: 1 }, meta: { ip: '203.0.113.7', userAgent: 'UA/1' } });
      await store.create(created);
      expect(await store.applyDelta(created.id, { meta: { ip: '198.51.100.2' } })).toBe(true);
      expect(await store.get(created.id)).toEqual({
        ...created,
        meta: { ip: '198.51.100.2', userAgent: 'UA/1' },
      });
      expect(await store.applyDelta(created.id, { meta: { userAgent: null } })).toBe(true);
      expect((await store.get(created.id))?.meta).toEqual({ ip: '198.51.100.2', userAgent: null });
    },
  },
  {
    name: 'applyDelta with an empty delta returns true and changes nothing',
    async run({ store, record }) {
      const created = record({ data: { a: 1 } });
      await store.create(created);
      expect(await store.applyDelta(created.id, {})).toBe(true);
      expect(await store.get(created.id)).toEqual(created);
    },
  },
  {
    name: 'applyDelta on a missing id returns false and creates nothing',
    async run({ store, record }) {
      const missing = record({ userId: 'user-1' });
      expect(await store.applyDelta(missing.id, { set: { a: 1 }, meta: { ip: '203.0.113.7' } })).toBe(false);
      expect(await store.get(missing.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
  {
    name: 'applyDelta on a deleted session returns false and does not revive it',
    async run({ store, record }) {
      const created = record({ userId: 'user-1', data: { a: 1 } });
      await store.create(created);
      await store.delete(created.id);
      expect(await store.applyDelta(created.id, { set: { b: 2 } })).toBe(false);
      expect(await store.get(created.id)).toBeNull();
      expect(await store.listByUser('user-1')).toEqual([]);
    },
  },
  {
    name: 'parallel applyDelta calls setting different keys all persist (no lost update)',
    async run({ store, record }) {
      const created = record({ data: { base: true } });
      await store.create(created);
      const results = await Promise.all(
        Array.from({ length: PARALLEL_WRITERS }, (_, i) =>
          store.applyDelta(created.id, { set: { [`k${i}`]: i } }),
        ),
      );
      expect(results.every(Boolean)).toBe(true);
      const expected: SessionData = { base: true };
      for (let i = 0; i < PARALLEL_WRITERS; i++) expected[`k${i}`] = i;
      expect((await store.get(created.id))?.data).toEqual(expected);
    },
  },
  {
    name: 'parallel set and unset of different keys all persist',
    async run({ store, record }) {
      const data: SessionData = {};
      for (let i = 0; i < PARALLEL_WRITERS; i++) data[`old${i}`] = i;
      const created = record({ data });
      await store.create(created);
      await Promise.all(
        Array.from({ length: PARALLEL_WRITERS }, (_, i) =>
          store.applyDelta(created.id, { set: { [`new${i}`]: i }, unset: [`old${i}`] }),
        ),
      );
      const expected: SessionData = {};
      for (let i = 0; i < PARALLEL_WRITERS; i++) expected[`new${i}`] = i;
      expect((await store.get(created.id))?.data).toEqual(expected);
    },
  },
];
