/**
 * The read cache on its own (issue 15): bounded LRU, expiry judged from the record on every hit,
 * reads overtaken by an invalidation not kept, fail closed while the channel is down or silent,
 * records copied in and out, and writes dropping what they change. The channels and the stores
 * are tested against the real servers in redis-cache.test.ts and postgres-cache.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import type { SessionRecord } from '../../store.js';
import { makeRecord } from '../../testing/index.js';
import { readCacheSettings } from './options.js';
import { ReadCache, WRITE_SCOPES } from './read-cache.js';

function setup(options: { maxEntries?: number; maxSilenceMs?: number } = {}) {
  const clock = manualClock();
  let monotonic = 0;
  const cache = new ReadCache(readCacheSettings('testStore', options), clock, () => monotonic);
  const server = new Map<string, SessionRecord>();
  const fetched: string[] = [];
  const tracked = (id: string) => () => {
    fetched.push(`tracked ${id}`);
    return Promise.resolve(structuredClone(server.get(id) ?? null));
  };
  const plain = (id: string) => () => {
    fetched.push(`plain ${id}`);
    return Promise.resolve(structuredClone(server.get(id) ?? null));
  };
  const get = (id: string) => cache.get(id, tracked(id), plain(id));
  const put = (overrides: Partial<SessionRecord> = {}): SessionRecord => {
    const record = makeRecord(overrides, clock.now());
    server.set(record.id, record);
    return record;
  };
  return {
    cache,
    clock,
    server,
    fetched,
    get,
    put,
    advanceMonotonic: (ms: number) => void (monotonic += ms),
  };
}

describe('ReadCache', () => {
  it('serves nothing before the channel is up, then serves a second read from memory', async () => {
    const { cache, get, put, fetched } = setup();
    const record = put();
    expect(await get(record.id)).toEqual(record);
    expect(fetched).toEqual([`plain ${record.id}`]);
    cache.up();
    await get(record.id);
    expect(await get(record.id)).toEqual(record);
    expect(fetched).toEqual([`plain ${record.id}`, `tracked ${record.id}`]);
    expect(cache.stats()).toMatchObject({ active: true, entries: 1, hits: 1, misses: 1, bypassed: 1 });
  });

  it('reads again, tracked, a live copy that revalidate refuses, and keeps the fresh one', async () => {
    // A token renewed on another instance a moment ago (docs/architecture.md §1.13): the copy
    // here predates the new secret, and serving it would sign the user out.
    const { cache, server, put, fetched, clock } = setup();
    cache.up();
    const record = put();
    await cache.get(
      record.id,
      () => Promise.resolve(structuredClone(record)),
      () => Promise.reject(new Error('plain read')),
    );
    const renewed = { ...record, secretHash: 'new-hash', previousSecretHash: record.secretHash };
    server.set(record.id, renewed);
    const knowsNew = (cached: SessionRecord): boolean => cached.secretHash === 'new-hash';
    const tracked = () => {
      fetched.push('tracked');
      return Promise.resolve(structuredClone(server.get(record.id) ?? null));
    };
    expect(await cache.get(record.id, tracked, tracked, { revalidate: knowsNew })).toEqual(renewed);
    expect(fetched).toEqual(['tracked']);
    // The fresh copy is kept, and revalidate accepts it: served from memory.
    clock.advance(1);
    expect(await cache.get(record.id, tracked, tracked, { revalidate: knowsNew })).toEqual(renewed);
    expect(fetched).toEqual(['tracked']);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const { cache, get, put, fetched } = setup({ maxEntries: 2 });
    cache.up();
    const [a, b, c] = [put(), put(), put()];
    await get(a.id);
    await get(b.id);
    await get(a.id); // a is now the most recent
    await get(c.id); // evicts b
    expect(cache.stats().entries).toBe(2);
    fetched.length = 0;
    await get(a.id);
    await get(c.id);
    await get(b.id);
    expect(fetched).toEqual([`tracked ${b.id}`]);
  });

  it('never serves a cached record at or past its idle or absolute expiry: it reads the server again', async () => {
    const { cache, clock, server, get, put, fetched } = setup();
    cache.up();
    const record = put({ absoluteExpiresMs: Date.now() + 3_600_000 });
    await get(record.id);
    // Touched on another instance, and that report not here yet: the server has a later idle expiry.
    const touched = { ...record, idleExpiresMs: record.idleExpiresMs + 600_000 };
    server.set(record.id, touched);
    clock.set(record.idleExpiresMs);
    fetched.length = 0;
    expect(await get(record.id)).toEqual(touched);
    expect(fetched).toEqual([`tracked ${record.id}`]);
    clock.set(record.absoluteExpiresMs);
    server.delete(record.id);
    expect(await get(record.id)).toBeNull();
  });

  it('does not keep a read that an invalidation overtook on its way', async () => {
    const { cache, get, put, fetched } = setup();
    cache.up();
    const record = put();
    let release: (r: SessionRecord) => void = () => undefined;
    const slow = cache.get(
      record.id,
      () => new Promise<SessionRecord>((resolve) => (release = resolve)),
      () => Promise.resolve(null),
    );
    cache.invalidate(record.id); // the server changed it after the read ran, before its answer came
    release(record);
    expect(await slow).toEqual(record);
    expect(cache.stats().entries).toBe(0);
    fetched.length = 0;
    await get(record.id);
    expect(fetched).toEqual([`tracked ${record.id}`]);
  });

  it('down() empties and bypasses the cache; up() serves again, starting empty', async () => {
    const { cache, get, put, fetched } = setup();
    cache.up();
    const record = put();
    await get(record.id);
    cache.down();
    expect(cache.stats()).toMatchObject({ active: false, entries: 0 });
    fetched.length = 0;
    await get(record.id);
    await get(record.id);
    expect(fetched).toEqual([`plain ${record.id}`, `plain ${record.id}`]);
    expect(cache.stats().entries).toBe(0);
    cache.up();
    expect(cache.stats().active).toBe(true);
  });

  it('a read on its way when the channel goes down and comes back is not kept', async () => {
    const { cache, put } = setup();
    cache.up();
    const record = put();
    let release: (r: SessionRecord) => void = () => undefined;
    const slow = cache.get(
      record.id,
      () => new Promise<SessionRecord>((resolve) => (release = resolve)),
      () => Promise.resolve(null),
    );
    cache.down();
    cache.up();
    release(record);
    await slow;
    expect(cache.stats().entries).toBe(0);
  });

  it('bypasses the cache when the channel has not answered a heartbeat for maxSilenceMs', async () => {
    const { cache, get, put, fetched, advanceMonotonic } = setup({ maxSilenceMs: 1_000 });
    cache.up();
    const record = put();
    await get(record.id);
    advanceMonotonic(999);
    expect(cache.stats().active).toBe(true);
    advanceMonotonic(1);
    expect(cache.stats().active).toBe(false);
    fetched.length = 0;
    await get(record.id);
    expect(fetched).toEqual([`plain ${record.id}`]);
    // A heartbeat sent 100 ms ago was answered: coherent as of then, for maxSilenceMs from then.
    cache.confirm(cache.now() - 100);
    expect(cache.stats().active).toBe(true);
    advanceMonotonic(900);
    expect(cache.stats().active).toBe(false);
  });

  it('a failing tracked read falls back to a plain one and keeps nothing', async () => {
    const { cache, put } = setup();
    cache.up();
    const record = put();
    const result = await cache.get(
      record.id,
      () => Promise.reject(new Error('tracking connection lost')),
      () => Promise.resolve(record),
    );
    expect(result).toEqual(record);
    expect(cache.stats().entries).toBe(0);
  });

  it('copies records in and out', async () => {
    const { cache, get, put } = setup();
    cache.up();
    const record = put({ data: { cart: [1, 2] } });
    const first = await get(record.id);
    if (first === null) throw new Error('no record');
    (first.data['cart'] as number[]).push(3);
    first.meta.ip = '10.0.0.1';
    const second = await get(record.id);
    expect(second).toEqual(record);
  });

  it('a write drops what it changes, before and after it runs; deleteByUser drops that user only', async () => {
    const { cache, get, put } = setup();
    cache.up();
    const [alice, alice2, bob] = [put({ userId: 'alice' }), put({ userId: 'alice' }), put({ userId: 'bob' })];
    for (const r of [alice, alice2, bob]) await get(r.id);
    expect(cache.stats().entries).toBe(3);
    let entriesDuring = -1;
    await cache.write('applyDelta', [alice.id, { set: { a: 1 } }], () => {
      entriesDuring = cache.stats().entries;
      return Promise.resolve(true);
    });
    expect(entriesDuring).toBe(2);
    await get(alice.id);
    // A read cached while the write ran is dropped when it ends.
    await cache.write('touch', [alice.id, 0, 0], async () => {
      await get(alice.id);
      return true;
    });
    expect(cache.stats().entries).toBe(2);
    await cache.write('deleteByUser', ['alice', {}], () => Promise.resolve(2));
    expect(cache.stats().entries).toBe(1);
    await expect(
      cache.write('delete', [bob.id], () => Promise.reject(new Error('timed out'))),
    ).rejects.toThrow('timed out');
    expect(cache.stats().entries).toBe(0);
  });

  it('names every write method of the store contract', () => {
    expect(Object.keys(WRITE_SCOPES).sort()).toEqual(
      [
        'applyDelta',
        'create',
        'delete',
        'deleteByUser',
        'deleteExpired',
        'renewSecret',
        'replace',
        'touch',
      ].sort(),
    );
    // A renewal changes one record, so only that id is dropped.
    expect(WRITE_SCOPES.renewSecret('some-id', {} as never)).toEqual({ ids: ['some-id'] });
  });

  it('refuses bad options, naming them', () => {
    expect(() => readCacheSettings('redisStore', { maxEntries: 0 })).toThrow(/cache.maxEntries/);
    expect(() => readCacheSettings('redisStore', { heartbeatIntervalMs: 500, maxSilenceMs: 500 })).toThrow(
      /cache.maxSilenceMs/,
    );
    expect(() => readCacheSettings('postgresStore', null as never)).toThrow(/option cache must be an object/);
    expect(() => readCacheSettings('redisStore', { onChannelError: 'log' as never })).toThrow(
      /cache.onChannelError must be a function/,
    );
  });
});
