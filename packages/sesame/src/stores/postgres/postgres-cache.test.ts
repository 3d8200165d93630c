/**
 * The PostgreSQL store's read cache (issue 15) on the server at DATABASE_URL: the whole store
 * contract with the cache on, then what the contract cannot see: a change made through another
 * instance (its own pool), or by hand in SQL, stops this instance serving its cached copy within
 * a deadline and for good; terminating the listening connection for real (`pg_terminate_backend`)
 * never lets a stale copy out; a table without the notify trigger is never served from a cache.
 * This file works in its own schema, dropped afterwards; each case gets its own table.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import type { SesameError } from '../../errors.js';
import { describeStoreContract, makeRecord } from '../../testing/index.js';
import { databaseUrl, probePostgres, requireServer, uniqueName } from '../../../test/support/servers.js';
import {
  cacheActive,
  describeCrossInstanceChanges,
  eventually,
  watchUntilRefused,
} from '../../../test/support/cache-coherence.js';
import type { PostgresStore } from './index.js';
import type { PgPool } from './index.js';
import { postgresStore } from './index.js';
import { notifySetup } from './notify.js';

const available = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());
/** Generous for a shared machine; the bench measures the real figure (bench/RESULTS.md). */
const DEADLINE_MS = 2_000;

describe.skipIf(!available)('postgresStore with a read cache', () => {
  const schema = uniqueName('sesame_cache_test');
  // Two app instances: each its own pool, as two processes would have. Each cached store keeps
  // one connection of its pool listening.
  const poolA = new pg.Pool({ connectionString: databaseUrl(), max: 6 });
  const poolB = new pg.Pool({ connectionString: databaseUrl(), max: 6 });
  for (const pool of [poolA, poolB]) pool.on('error', () => {});
  let tables = 0;
  const nextTable = (): string => `sessions_${tables++}`;

  beforeAll(async () => {
    await poolA.query(`CREATE SCHEMA "${schema}"`);
  });
  afterAll(async () => {
    await poolA.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([poolA.end(), poolB.end()]);
  });

  let caseTable = '';
  describeStoreContract('postgresStore (read cache)', {
    async create(clock) {
      caseTable = nextTable();
      const store = postgresStore({ pool: poolA, schema, tableName: caseTable, clock, cache: {} });
      await store.migrate();
      await cacheActive(store);
      return store;
    },
    async peer(_, clock) {
      const store = postgresStore({ pool: poolB, schema, tableName: caseTable, clock, cache: {} });
      await cacheActive(store);
      return store;
    },
    raceRounds: 50,
  });

  /** The table with its notify trigger, as migrate() of a store with cache makes it. */
  async function migrateWithTrigger(tableName: string): Promise<void> {
    const migrating = postgresStore({ pool: poolA, schema, tableName, cache: {} });
    await migrating.migrate();
    await migrating.close();
  }

  async function pair(
    options: { cacheA?: boolean; maxSilenceMs?: number } = {},
  ): Promise<{ a: PostgresStore; b: PostgresStore; tableName: string; close: () => Promise<void> }> {
    const tableName = nextTable();
    const clock = manualClock();
    const cache = { maxSilenceMs: options.maxSilenceMs ?? 1_000 };
    const a = postgresStore({
      pool: poolA,
      schema,
      tableName,
      clock,
      ...(options.cacheA === false ? {} : { cache: {} }),
    });
    await migrateWithTrigger(tableName);
    const b = postgresStore({ pool: poolB, schema, tableName, clock, cache });
    await cacheActive(b);
    if (options.cacheA !== false) await cacheActive(a);
    return { a, b, tableName, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }

  /** Instance B reads the record until it is cached (a read overtaken by the create's own notification is not kept). */
  async function cachedOnB(b: PostgresStore, id: string): Promise<void> {
    for (let i = 0; i < 100 && (b.cacheStats()?.entries ?? 0) === 0; i++) {
      await b.get(id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const before = b.cacheStats()?.hits ?? 0;
    expect(await b.get(id)).not.toBeNull();
    expect(b.cacheStats()?.hits).toBe(before + 1);
  }

  describeCrossInstanceChanges({ pair, cachedOnB, deadlineMs: DEADLINE_MS });

  it('an operator’s DELETE in SQL reaches the cache too (the trigger, not the store, notifies)', async () => {
    const { a, b, tableName, close } = await pair();
    try {
      const record = makeRecord({ userId: 'alice' });
      await a.create(record);
      await cachedOnB(b, record.id);
      await poolA.query(`DELETE FROM "${schema}"."${tableName}" WHERE user_id = 'alice'`);
      const seen = await watchUntilRefused(b, record.id, (r) => r !== null, { deadlineMs: DEADLINE_MS });
      expect(seen.servedAfterRefusal).toBe(0);
    } finally {
      await close();
    }
  });

  it('never serves a cached record past its idle or absolute expiry', async () => {
    const clock = manualClock();
    const store = postgresStore({ pool: poolB, schema, tableName: nextTable(), clock, cache: {} });
    try {
      await store.migrate();
      await cacheActive(store);
      const record = makeRecord({ userId: 'alice' }, clock.now());
      await store.create(record);
      await cachedOnB(store, record.id);
      clock.set(record.absoluteExpiresMs);
      expect(await store.get(record.id)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('a listener terminated for real (pg_terminate_backend) drops and bypasses the cache at once, until it is back', async () => {
    // B's pool hands out connections (what the listener reconnects with) only while the gate is
    // open; its queries, which reads fall back to, are not held. So the test can tell "bypassed
    // while lost" from "emptied once back". The lease is long: only noticing the loss can explain
    // a refusal.
    let gate: Promise<void> = Promise.resolve();
    let open = (): void => undefined;
    const gated: PgPool = {
      query: (query) => poolB.query(query),
      connect: async () => {
        await gate;
        return poolB.connect();
      },
    };
    const tableName = nextTable();
    const table = `"${schema}"."${tableName}"`;
    const a = postgresStore({ pool: poolA, schema, tableName });
    const b = postgresStore({ pool: gated, schema, tableName, cache: { maxSilenceMs: 60_000 } });
    try {
      await migrateWithTrigger(tableName);
      await cacheActive(b);
      const record = makeRecord({ userId: 'alice' });
      await a.create(record);
      await cachedOnB(b, record.id);
      gate = new Promise((resolve) => (open = resolve));
      // In one transaction: end B's listening connection (waiting until it is gone), then delete
      // the session. The notification goes out at COMMIT, when nobody of B's listens.
      const { channel } = notifySetup(tableName, schema, table);
      const admin = await poolA.connect();
      try {
        await admin.query('BEGIN');
        const { rows } = await admin.query<{ ended: boolean }>(
          'SELECT pg_terminate_backend(pid, 5000) AS ended FROM pg_stat_activity WHERE application_name = $1',
          [`sesame-cache ${channel}`],
        );
        expect(rows).toEqual([{ ended: true }]);
        await admin.query(`DELETE FROM ${table} WHERE id = $1`, [record.id]);
        await admin.query('COMMIT');
      } finally {
        admin.release();
      }
      const seen = await watchUntilRefused(b, record.id, (r) => r !== null, { deadlineMs: DEADLINE_MS });
      expect(seen.servedAfterRefusal).toBe(0);
      expect(seen.refusedWhileActive).toBe(false);
      expect(b.cacheStats()?.active).toBe(false);
      // Back: caching again, starting empty.
      open();
      await cacheActive(b);
      const other = makeRecord({ userId: 'bob' });
      await a.create(other);
      await cachedOnB(b, other.id);
      expect(await b.get(record.id)).toBeNull();
    } finally {
      open();
      await b.close();
    }
  });

  it('a notify trigger disabled later stops the cache within a heartbeat', async () => {
    const { a, b, tableName, close } = await pair({ cacheA: false, maxSilenceMs: 60_000 });
    try {
      const table = `"${schema}"."${tableName}"`;
      const { triggers } = notifySetup(tableName, schema, table);
      await poolA.query(`ALTER TABLE ${table} DISABLE TRIGGER "${triggers[0]}"`);
      await eventually(() => b.cacheStats()?.active === false, DEADLINE_MS, 'cache stopped');
      const record = makeRecord({ userId: 'alice' });
      await a.create(record);
      await b.get(record.id);
      await b.get(record.id);
      expect(b.cacheStats()).toMatchObject({ active: false, entries: 0 });
    } finally {
      await close();
    }
  });

  it('without the notify trigger the cache is never used, and says why', async () => {
    const errors: unknown[] = [];
    const tableName = nextTable();
    await postgresStore({ pool: poolA, schema, tableName }).migrate();
    const store = postgresStore({
      pool: poolB,
      schema,
      tableName,
      cache: { onChannelError: (error) => errors.push(error) },
    });
    try {
      await eventually(() => errors.length > 0, DEADLINE_MS, 'a channel error');
      expect((errors[0] as SesameError).code).toBe('ERR_CONFIG_INVALID');
      const record = makeRecord({ userId: 'alice' });
      await store.create(record);
      await store.get(record.id);
      await store.get(record.id);
      expect(store.cacheStats()).toMatchObject({ active: false, entries: 0, hits: 0, bypassed: 2 });
    } finally {
      await store.close();
    }
  });
});
