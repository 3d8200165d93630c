/**
 * create/get: what goes in comes out, as an independent copy (docs/architecture.md §4: stores keep JSON).
 *
 * @module
 */
import { expect } from '../vitest.js';
import type { SessionData } from '../../store.js';
import type { StoreCase } from '../store-case.js';

export const ALL_JSON_TYPES: SessionData = {
  text: 'héllo wörld ✓ 𝄞 "quoted" \\ back\nline',
  empty: '',
  zero: 0,
  negative: -42,
  float: 3.141592653589793,
  maxSafe: Number.MAX_SAFE_INTEGER,
  yes: true,
  no: false,
  nothing: null,
  list: [1, 'two', null, false, [3], { four: 4 }],
  emptyList: [],
  emptyObject: {},
  nested: { a: { b: { c: ['deep'] } } },
  'key with spaces.and.dots': 1,
  $: 'dollar',
  'quote"key': 'q',
  '[0]': 'bracket',
  日本語: 'unicode key',
};

export const roundTripCases: StoreCase[] = [
  {
    name: 'create then get returns an equal record',
    async run({ store, record }) {
      const created = record({
        userId: 'user-1',
        data: { theme: 'dark' },
        authenticatedMs: 1_700_000_000_000,
        persistent: true,
        meta: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
      });
      await store.create(created);
      expect(await store.get(created.id)).toEqual(created);
    },
  },
  {
    name: 'null and false fields survive the round trip',
    async run({ store, record }) {
      const created = record({ userId: null, authenticatedMs: null, persistent: false });
      await store.create(created);
      const got = await store.get(created.id);
      expect(got).toEqual(created);
      expect(got?.userId).toBeNull();
      expect(got?.authenticatedMs).toBeNull();
      expect(got?.persistent).toBe(false);
      expect(got?.meta).toEqual({ ip: null, userAgent: null });
    },
  },
  {
    name: 'data keeps every JSON type and awkward keys',
    async run({ store, record }) {
      const created = record({ data: ALL_JSON_TYPES });
      await store.create(created);
      expect((await store.get(created.id))?.data).toEqual(ALL_JSON_TYPES);
    },
  },
  {
    name: 'a "__proto__" data key stays a plain key',
    async run({ store, record }) {
      // JSON.parse makes "__proto__" an own property; a store that rebuilds data with assignment
      // would turn it into the prototype instead (OWASP prototype pollution, docs/architecture.md §1.8).
      const data = JSON.parse('{"__proto__":{"polluted":true},"ok":1}') as SessionData;
      const created = record({ data });
      await store.create(created);
      const got = (await store.get(created.id))?.data;
      expect(got).toBeDefined();
      expect(Object.keys(got ?? {}).sort()).toEqual(['__proto__', 'ok']);
      expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toEqual({ polluted: true });
      expect((got as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  },
  {
    name: 'get of an unknown id returns null',
    async run({ store, record }) {
      await store.create(record());
      expect(await store.get(record().id)).toBeNull();
      expect(await store.get('')).toBeNull();
    },
  },
  {
    name: 'mutating a record after create or after get does not change the stored one',
    async run({ store, record }) {
      const created = record({ userId: 'user-1', data: { list: [1], nested: { a: 1 } } });
      const snapshot = structuredClone(created);
      await store.create(created);
      created.data['list'] = ['changed'];
      created.meta.ip = '198.51.100.1';
      const first = await store.get(created.id);
      expect(first).toEqual(snapshot);
      if (first === null) return;
      (first.data['nested'] as Record<string, unknown>)['a'] = 2;
      first.data['added'] = true;
      first.idleExpiresMs = 0;
      expect(await store.get(created.id)).toEqual(snapshot);
    },
  },
];
