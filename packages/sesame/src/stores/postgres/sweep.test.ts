/**
 * The PostgreSQL store's sweep and its HOT updates, on the server at DATABASE_URL: deleteExpired
 * in batches over sweep_after_ms (schema.ts), sessions touched after their first expiry kept
 * until the new one, and touch and applyDelta written as heap-only (HOT) updates (issue 5). This
 * file works in its own schema, dropped afterwards.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { makeRecord } from '../../testing/index.js';
import { recordingPool, schemaPool } from '../../../test/support/postgres.js';
import { databaseUrl, probePostgres, requireServer } from '../../../test/support/servers.js';
import { postgresStore } from './index.js';

const available = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());

describe.skipIf(!available)('postgresStore sweep', () => {
  const { pool, schema: SCHEMA, nextTable } = schemaPool('sesame_sweep');

  it('deleteExpired deletes in batches until a batch comes back short', async () => {
    const clock = manualClock();
    const { pool: countingPool, sent } = recordingPool(pool);
    const store = postgresStore({
      pool: countingPool,
      schema: SCHEMA,
      tableName: nextTable(),
      clock,
      deleteBatchSize: 7,
    });
    await store.migrate();
    const expiresMs = clock.now() + 1_000;
    await Promise.all(
      Array.from({ length: 20 }, () => store.create(makeRecord({ idleExpiresMs: expiresMs }, clock.now()))),
    );
    clock.advance(1_000);
    sent.length = 0;
    expect(await store.deleteExpired(clock.now())).toBe(20);
    expect(sent).toEqual(['WITH', 'WITH', 'WITH']);
  });

  it('deleteExpired keeps sessions touched since their first expiry, and deletes them when the new one comes', async () => {
    const clock = manualClock();
    const store = postgresStore({ pool, schema: SCHEMA, tableName: nextTable(), clock, deleteBatchSize: 5 });
    await store.migrate();
    const startMs = clock.now();
    const records = Array.from({ length: 12 }, () => makeRecord({ idleExpiresMs: startMs + 1_000 }, startMs));
    for (const record of records) await store.create(record);
    // Half are touched to a later expiry, one to an earlier one (a shorter idle timeout); some by
    // touch, some by a touch riding on applyDelta, which must move the sweep's column alike.
    const touched = records.slice(0, 6);
    for (const [i, record] of touched.entries()) {
      const touch = { lastSeenMs: startMs, idleExpiresMs: startMs + 10_000 };
      const written =
        i % 2 === 0
          ? store.touch(record.id, touch.lastSeenMs, touch.idleExpiresMs)
          : store.applyDelta(record.id, { set: { i }, touch });
      expect(await written).toBe(true);
    }
    const [shortened] = records.slice(-1);
    const earlier = { lastSeenMs: startMs, idleExpiresMs: startMs + 500 };
    expect(await store.applyDelta(shortened?.id ?? '', { touch: earlier })).toBe(true);

    clock.set(startMs + 500);
    expect(await store.deleteExpired(clock.now())).toBe(1);
    // Batches of 5 may hold only live rows: the sweep goes on until one comes back short.
    clock.set(startMs + 1_000);
    expect(await store.deleteExpired(clock.now())).toBe(5);
    for (const record of touched) expect(await store.get(record.id)).not.toBeNull();
    expect(await store.deleteExpired(clock.now())).toBe(0);
    clock.set(startMs + 10_000);
    expect(await store.deleteExpired(clock.now())).toBe(6);
    expect(await store.deleteExpired(clock.now())).toBe(0);
  });

  it('touch and applyDelta (with or without a touch) change no indexed column, so PostgreSQL makes them HOT updates', async () => {
    const clock = manualClock();
    const tableName = nextTable();
    const client = await pool.connect();
    try {
      // The store on one client inside a transaction, whose own counts pg_stat_xact_user_tables shows.
      const store = postgresStore({
        pool: { query: (query) => client.query(query), connect: () => pool.connect() },
        schema: SCHEMA,
        tableName,
        clock,
      });
      await store.migrate();
      const record = makeRecord({ userId: 'alice' }, clock.now());
      await store.create(record);
      await client.query('BEGIN');
      clock.advance(60_000);
      expect(await store.touch(record.id, clock.now(), clock.now() + 30 * 60_000)).toBe(true);
      expect(
        await store.applyDelta(record.id, { set: { a: 1 }, meta: { ip: '203.0.113.9', userAgent: 'UA' } }),
      ).toBe(true);
      clock.advance(60_000);
      const touch = { lastSeenMs: clock.now(), idleExpiresMs: clock.now() + 30 * 60_000 };
      expect(await store.applyDelta(record.id, { set: { b: 2 }, touch })).toBe(true);
      const { rows } = await client.query<{ updated: string; hot: string }>(
        'SELECT n_tup_upd AS updated, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relid = $1::regclass',
        [`"${SCHEMA}"."${tableName}"`],
      );
      expect(rows).toEqual([{ updated: '3', hot: '3' }]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
