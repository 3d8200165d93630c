import { describe, expect, it } from 'vitest';
import { isProcessLocal } from '../../config.js';
import { manualClock } from '../../clock.js';
import { isSesameError } from '../../errors.js';
import type { SessionRecord } from '../../store.js';
import { describeStoreContract, makeRecord } from '../../testing/index.js';
import { memoryStore } from './index.js';

describeStoreContract('memoryStore', { create: (clock) => memoryStore({ clock }) });

describe('memoryStore', () => {
  it('is process-local, so production config refuses it', () => {
    expect(isProcessLocal(memoryStore())).toBe(true);
  });

  it('refuses a maxSessions that is not a whole number of at least 1', () => {
    for (const maxSessions of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => memoryStore({ maxSessions })).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
      );
    }
    try {
      memoryStore({ maxSessions: 0 });
    } catch (err) {
      expect(isSesameError(err, 'ERR_CONFIG_INVALID')).toBe(true);
    }
  });

  it('never holds more than maxSessions records', async () => {
    const clock = manualClock();
    const store = memoryStore({ maxSessions: 50, clock });
    for (let i = 0; i < 500; i++) {
      await store.create(makeRecord({ userId: `user-${i % 7}` }, clock.now()));
      expect(store.size).toBeLessThanOrEqual(50);
    }
    expect(store.size).toBe(50);
    let listed = 0;
    for (let u = 0; u < 7; u++) listed += (await store.listByUser(`user-${u}`)).length;
    expect(listed).toBe(50);
  });

  it('at capacity evicts the record that expires soonest, idle or absolute', async () => {
    const clock = manualClock();
    const nowMs = clock.now();
    const store = memoryStore({ maxSessions: 3, clock });
    const late = makeRecord({ userId: 'user-2', idleExpiresMs: nowMs + 30_000 }, nowMs);
    const absoluteSoonest = makeRecord(
      { userId: 'user-1', idleExpiresMs: nowMs + 40_000, absoluteExpiresMs: nowMs + 10_000 },
      nowMs,
    );
    const middle = makeRecord({ userId: 'user-3', idleExpiresMs: nowMs + 20_000 }, nowMs);
    for (const r of [late, absoluteSoonest, middle]) await store.create(r);

    await store.create(makeRecord({ userId: 'user-4' }, nowMs));
    expect(await store.get(absoluteSoonest.id)).toBeNull();
    expect(await store.listByUser('user-1')).toEqual([]);
    expect(await store.get(middle.id)).not.toBeNull();

    await store.create(makeRecord({ userId: 'user-5' }, nowMs));
    expect(await store.get(middle.id)).toBeNull();
    expect(await store.get(late.id)).not.toBeNull();
  });

  // issue 10: 12,000 anonymous visits evicted every signed-in user of a 10,000-record store.
  it('at capacity evicts anonymous records before signed-in ones, even those expiring later', async () => {
    const clock = manualClock();
    const nowMs = clock.now();
    const store = memoryStore({ maxSessions: 100, clock });
    const signedIn = Array.from({ length: 40 }, (_, i) =>
      makeRecord({ userId: `user-${i}`, idleExpiresMs: nowMs + 1_000 + i }, nowMs),
    );
    for (const r of signedIn) await store.create(r);
    for (let i = 0; i < 12_000; i++) {
      await store.create(makeRecord({ userId: null, idleExpiresMs: nowMs + 3_600_000 }, nowMs));
    }
    expect(store.size).toBe(100);
    for (const r of signedIn) expect(await store.get(r.id)).not.toBeNull();

    // With only signed-in records left to choose from, the soonest-expiring signed-in one goes.
    const full = memoryStore({ maxSessions: 2, clock });
    await full.create(signedIn[0] as SessionRecord);
    await full.create(signedIn[1] as SessionRecord);
    const anonymous = makeRecord({ userId: null }, nowMs);
    await full.create(anonymous);
    expect(await full.get((signedIn[0] as SessionRecord).id)).toBeNull();
    await full.create(makeRecord({ userId: 'user-x' }, nowMs));
    expect(await full.get(anonymous.id)).toBeNull();
    expect(await full.get((signedIn[1] as SessionRecord).id)).not.toBeNull();
  });

  it('at capacity evicts an expired signed-in record before a live anonymous one', async () => {
    const clock = manualClock();
    const nowMs = clock.now();
    const store = memoryStore({ maxSessions: 2, clock });
    const stale = makeRecord({ userId: 'user-1', idleExpiresMs: nowMs + 1_000 }, nowMs);
    const anonymous = makeRecord({ userId: null, idleExpiresMs: nowMs + 60_000 }, nowMs);
    await store.create(stale);
    await store.create(anonymous);
    clock.advance(1_000);
    await store.create(makeRecord({ userId: null, idleExpiresMs: nowMs + 60_000 }, nowMs));
    expect(await store.get(anonymous.id)).not.toBeNull();
    expect(store.size).toBe(2);
  });

  it('a touch moves a record back in the eviction order', async () => {
    const clock = manualClock();
    const nowMs = clock.now();
    const store = memoryStore({ maxSessions: 2, clock });
    const touched = makeRecord({ idleExpiresMs: nowMs + 10_000 }, nowMs);
    const untouched = makeRecord({ idleExpiresMs: nowMs + 20_000 }, nowMs);
    await store.create(touched);
    await store.create(untouched);
    expect(await store.touch(touched.id, nowMs, nowMs + 30_000)).toBe(true);
    await store.create(makeRecord({}, nowMs));
    expect(await store.get(untouched.id)).toBeNull();
    expect(await store.get(touched.id)).not.toBeNull();
  });

  it('removes an expired record on read (lazy expiry)', async () => {
    const clock = manualClock();
    const store = memoryStore({ clock });
    const record = makeRecord({ idleExpiresMs: clock.now() + 1_000 }, clock.now());
    await store.create(record);
    expect(store.size).toBe(1);
    clock.advance(1_000);
    expect(await store.get(record.id)).toBeNull();
    expect(store.size).toBe(0);
  });

  it('at capacity keeps the sessions that expire last, whatever order they came in', async () => {
    // Correctness of the eviction heap at scale; its speed is the bench's business, not a timed
    // test's (CONTRIBUTING.md §8).
    const clock = manualClock();
    const store = memoryStore({ maxSessions: 10_000, clock });
    const nowMs = clock.now();
    const records = Array.from({ length: 30_000 }, (_, i) =>
      makeRecord(
        { userId: `user-${i % 100}`, idleExpiresMs: nowMs + 60_000 + ((i * 7919) % 30_000) * 10 },
        nowMs,
      ),
    );
    for (const r of records) await store.create(r);
    expect(store.size).toBe(10_000);
    const kept = [...records].sort((a, b) => b.idleExpiresMs - a.idleExpiresMs).slice(0, 10_000);
    const evicted = [...records].sort((a, b) => b.idleExpiresMs - a.idleExpiresMs).slice(10_000);
    for (const r of kept.filter((_, i) => i % 97 === 0)) expect(await store.get(r.id)).not.toBeNull();
    for (const r of evicted.filter((_, i) => i % 97 === 0)) expect(await store.get(r.id)).toBeNull();
  });
});

describe('memoryStore bad input', () => {
  it('rejects data that is not JSON, and a failed replace keeps the old session', async () => {
    const clock = manualClock();
    const store = memoryStore({ clock });
    const old = makeRecord({}, clock.now());
    await store.create(old);
    const bad = makeRecord({ data: { big: 1n } as never }, clock.now());
    await expect(store.create(bad)).rejects.toThrow(TypeError);
    await expect(store.replace(old.id, bad)).rejects.toThrow(TypeError);
    await expect(store.applyDelta(old.id, { set: { big: 1n } as never })).rejects.toThrow(TypeError);
    expect(await store.get(old.id)).toEqual(old);
    expect(store.size).toBe(1);
  });
});
