/**
 * The sealing decorator (issue 15) in front of the memory store: the whole store contract, then
 * what sealing adds: nothing readable reaches the store, values are bound to their session and
 * key name, key rotation, and records that do not open read as no session, whole.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import type { SessionRecord, SessionStore } from '../store.js';
import { memoryStore } from '../stores/memory/index.js';
import { describeStoreContract, makeRecord } from '../testing/index.js';
import { sealedKeyId } from './envelope.js';
import type { SealKey } from './keys.js';
import { sealKeyId } from './keys.js';
import type { UnsealFailure } from './envelope.js';
import { SealedStore, sealedStore } from './sealed-store.js';

function key(): SealKey {
  const bytes = randomBytes(32);
  return { id: sealKeyId(bytes), bytes };
}

const MARKER = 'Zq7-sealed-marker-Xw3';
const k1 = key();
const k2 = key();

describeStoreContract('sealedStore(memoryStore)', {
  create: (clock) => sealedStore(memoryStore({ clock }), [k1, k2]),
});

/** Every argument each inner store call received, as JSON: what a store could ever write down. */
function recording(inner: SessionStore): { store: SessionStore; seen: string[] } {
  const seen: string[] = [];
  const store = {} as Record<string, unknown>;
  for (const method of [
    'create',
    'get',
    'applyDelta',
    'touch',
    'replace',
    'delete',
    'listByUser',
    'deleteByUser',
    'deleteExpired',
    'close',
  ] as const) {
    store[method] = (...args: unknown[]) => {
      seen.push(JSON.stringify(args));
      return (inner[method] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
    };
  }
  return { store: store as unknown as SessionStore, seen };
}

function setup(keys: SealKey[] = [k1]) {
  const clock = manualClock();
  const inner = memoryStore({ clock });
  const reports: { id: string; userId: string | null; reason: UnsealFailure }[] = [];
  const sealed = (ks: SealKey[]) =>
    sealedStore(inner, ks, (id, userId, reason) => reports.push({ id, userId, reason }));
  return { clock, inner, reports, sealed, store: sealed(keys) };
}

describe('sealedStore', () => {
  it('hands the store no plaintext of data values or metadata, in any write', async () => {
    const clock = manualClock();
    const { store: recorder, seen } = recording(memoryStore({ clock }));
    const store = sealedStore(recorder, [k1]);
    const record = makeRecord(
      {
        userId: 'alice',
        data: { email: `${MARKER}@example.com`, nested: { deep: [MARKER] }, n: 4815162342 },
        meta: { ip: '203.0.113.77', userAgent: `Agent ${MARKER}` },
      },
      clock.now(),
    );
    await store.create(record);
    await store.applyDelta(record.id, {
      set: { cart: [MARKER] },
      unset: ['n'],
      meta: { ip: '198.51.100.99', userAgent: `New ${MARKER}` },
    });
    const rotated = { ...record, id: makeRecord().id, data: { again: MARKER } };
    await store.replace(record.id, rotated);
    expect(await store.get(rotated.id)).toEqual({
      ...rotated,
      meta: { ip: '203.0.113.77', userAgent: `Agent ${MARKER}` },
    });
    const all = seen.join('\n');
    expect(seen.length).toBeGreaterThan(3);
    for (const secret of [MARKER, '203.0.113.77', '198.51.100.99', '4815162342'])
      expect(all).not.toContain(secret);
    // What the store must still compare or index stays as it was.
    expect(all).toContain('alice');
    expect(all).toContain(record.secretHash);
  });

  it('keeps the data key names readable, and nothing else of the data', async () => {
    const { inner, store } = setup();
    const record = makeRecord({ data: { theme: 'dark' } });
    await store.create(record);
    const raw = await inner.get(record.id);
    expect(Object.keys(raw?.data ?? {})).toEqual(['theme']);
    expect(raw?.data['theme']).toMatch(/^sl1\./);
    expect(JSON.stringify(raw)).not.toContain('dark');
  });

  it('leaves null metadata null and seals each set field alone', async () => {
    const { inner, store } = setup();
    const record = makeRecord({ meta: { ip: null, userAgent: 'UA' } });
    await store.create(record);
    expect((await inner.get(record.id))?.meta.ip).toBeNull();
    await store.applyDelta(record.id, { meta: { ip: '192.0.2.1' } });
    expect(await store.get(record.id)).toMatchObject({ meta: { ip: '192.0.2.1', userAgent: 'UA' } });
  });

  describe('a record that does not open is no session, whole, and is reported', () => {
    it('sealed under a key no longer configured', async () => {
      const { sealed, reports } = setup();
      const record = makeRecord({ userId: 'alice', data: { a: 1 } });
      await sealed([k1]).create(record);
      expect(await sealed([k2]).get(record.id)).toBeNull();
      expect(reports).toEqual([{ id: record.id, userId: 'alice', reason: 'unknown-key' }]);
    });

    it('one value of many changed', async () => {
      const { inner, store, reports } = setup();
      const record = makeRecord({ data: { a: 1, b: 2, c: 3 } });
      await store.create(record);
      const raw = (await inner.get(record.id)) as SessionRecord;
      const b = raw.data['b'] as string;
      await inner.applyDelta(record.id, { set: { b: `${b.slice(0, -2)}${b.endsWith('AA') ? 'BB' : 'AA'}` } });
      expect(await store.get(record.id)).toBeNull();
      expect(reports.map((r) => r.reason)).toEqual(['tampered']);
    });

    it('a value swapped with another key of the same session', async () => {
      const { inner, store, reports } = setup();
      const record = makeRecord({ data: { role: 'user', other: 'admin' } });
      await store.create(record);
      const raw = (await inner.get(record.id)) as SessionRecord;
      await inner.applyDelta(record.id, { set: { role: raw.data['other'] as string } });
      expect(await store.get(record.id)).toBeNull();
      expect(reports.map((r) => r.reason)).toEqual(['tampered']);
    });

    it('a value copied from another session, and metadata copied into data', async () => {
      const { inner, store, reports } = setup();
      const admin = makeRecord({ data: { role: 'admin' }, meta: { ip: '192.0.2.1', userAgent: null } });
      const user = makeRecord({ data: { role: 'user' } });
      await store.create(admin);
      await store.create(user);
      const raw = (await inner.get(admin.id)) as SessionRecord;
      await inner.applyDelta(user.id, { set: { role: raw.data['role'] as string } });
      expect(await store.get(user.id)).toBeNull();
      await inner.applyDelta(admin.id, { set: { role: raw.meta.ip } });
      expect(await store.get(admin.id)).toBeNull();
      expect(reports.map((r) => r.reason)).toEqual(['tampered', 'tampered']);
    });

    it('a value or metadata stored without sealing', async () => {
      const { inner, store, reports } = setup();
      const plain = makeRecord({ data: { a: 'plain' } });
      const plainMeta = makeRecord({ meta: { ip: '192.0.2.1', userAgent: null } });
      await inner.create(plain);
      await inner.create(plainMeta);
      expect(await store.get(plain.id)).toBeNull();
      expect(await store.get(plainMeta.id)).toBeNull();
      expect(reports.map((r) => r.reason)).toEqual(['not-sealed', 'not-sealed']);
      // An anonymous record without data or metadata has nothing to seal, and opens.
      const empty = makeRecord();
      await inner.create(empty);
      expect(await store.get(empty.id)).toEqual(empty);
    });

    it('listByUser leaves it out and reports it; the others are listed whole', async () => {
      const { sealed, reports } = setup();
      const old = makeRecord({ userId: 'alice', data: { a: 1 } });
      const current = makeRecord({ userId: 'alice', data: { a: 2 } });
      await sealed([k1]).create(old);
      await sealed([k2]).create(current);
      expect(await sealed([k2]).listByUser('alice')).toEqual([current]);
      expect(reports).toEqual([{ id: old.id, userId: 'alice', reason: 'unknown-key' }]);
      expect(await sealed([k2, k1]).listByUser('alice')).toHaveLength(2);
    });
  });

  describe('key rotation', () => {
    it('reads values under every configured key; writes seal with the newest', async () => {
      const { inner, sealed } = setup();
      const record = makeRecord({ data: { a: 1, b: 2 } });
      await sealed([k1]).create(record);
      const rotated = sealed([k2, k1]);
      expect(await rotated.get(record.id)).toEqual(record);
      await rotated.applyDelta(record.id, { set: { a: 10 } });
      const raw = (await inner.get(record.id)) as SessionRecord;
      expect(sealedKeyId(raw.data['a'])).toBe(k2.id);
      // An untouched value keeps its key until a write or a replace seals it again: re-sealing it
      // here would overwrite a parallel request's change to it.
      expect(sealedKeyId(raw.data['b'])).toBe(k1.id);
      expect((await rotated.get(record.id))?.data).toEqual({ a: 10, b: 2 });
    });

    it('replace (sign-in, rotation) seals the whole record again under the newest key and the new id', async () => {
      const { inner, sealed, reports } = setup();
      const old = makeRecord({
        userId: 'alice',
        data: { a: 1, b: 2 },
        meta: { ip: '192.0.2.1', userAgent: 'UA' },
      });
      await sealed([k1]).create(old);
      const rotated = sealed([k2, k1]);
      const opened = (await rotated.get(old.id)) as SessionRecord;
      const next = { ...opened, id: makeRecord().id };
      await rotated.replace(old.id, next);
      const raw = (await inner.get(next.id)) as SessionRecord;
      for (const value of [...Object.values(raw.data), raw.meta.ip, raw.meta.userAgent]) {
        expect(sealedKeyId(value)).toBe(k2.id);
      }
      // The old key can go now: nothing of this session needs it.
      expect(await sealed([k2]).get(next.id)).toEqual(next);
      expect(reports).toEqual([]);
    });
  });

  it('passes the inner store’s process-local mark through', () => {
    expect(new SealedStore(memoryStore(), [k1]).processLocal).toBe(true);
    const durable = { ...recording(memoryStore()).store };
    expect(new SealedStore(durable, [k1]).processLocal).toBe(false);
    expect(() => new SealedStore(memoryStore(), [])).toThrow(TypeError);
  });

  it('rejects data that is not JSON before anything is stored, and drops what JSON drops', async () => {
    const { inner, store } = setup();
    const record = makeRecord({ data: { big: 1n as never } });
    await expect(store.create(record)).rejects.toThrow();
    expect(await inner.get(record.id)).toBeNull();
    const dropped = makeRecord({ data: { gone: undefined as never, kept: 1 } });
    await store.create(dropped);
    expect((await store.get(dropped.id))?.data).toEqual({ kept: 1 });
  });
});
