/**
 * The PostgreSQL store on the server at DATABASE_URL (default postgres@127.0.0.1:5432): the whole
 * store contract with and without prepared statements, then what is specific to PostgreSQL
 * (migrate, statements per call, their names, what a dump shows; the sweep is in sweep.test.ts).
 * This file works in its own schema, dropped afterwards; each case gets its own table.
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import { describeStoreContract, makeRecord } from '../../testing/index.js';
import { generateToken } from '../../token/generate.js';
import { recordingPool, schemaPool } from '../../../test/support/postgres.js';
import { expectRenewalOnOldRow } from '../../../test/support/migrated-row.js';
import { databaseUrl, probePostgres, requireServer, uniqueName } from '../../../test/support/servers.js';
import { postgresStore } from './index.js';

const available = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());

describe.skipIf(!available)('postgresStore', () => {
  const { pool, schema: SCHEMA, nextTable } = schemaPool('sesame_test');

  // The race cases run one side of each race through a pool of its own (issue 10).
  const peerPool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
  peerPool.on('error', () => {});
  afterAll(() => peerPool.end());

  // Both ways of sending statements run the whole contract: named prepared statements (the
  // default) and plain ones (for poolers that cannot keep named statements). The races test SQL
  // semantics, which do not depend on how statements are sent, so the second runs fewer rounds.
  for (const preparedStatements of [true, false]) {
    let tableName = '';
    describeStoreContract(`postgresStore (preparedStatements: ${String(preparedStatements)})`, {
      async create(clock) {
        tableName = nextTable();
        const store = postgresStore({ pool, schema: SCHEMA, tableName, clock, preparedStatements });
        await store.migrate();
        return store;
      },
      peer: (_, clock) =>
        postgresStore({ pool: peerPool, schema: SCHEMA, tableName, clock, preparedStatements }),
      raceRounds: preparedStatements ? 200 : 50,
    });
  }

  it('migrate is idempotent, also when instances run it at the same time', async () => {
    const tableName = nextTable();
    const stores = Array.from({ length: 5 }, () => postgresStore({ pool, schema: SCHEMA, tableName }));
    await Promise.all(stores.map((store) => store.migrate()));
    await stores[0]?.migrate();
    const { rows } = await pool.query<{ indexname: string }>(
      'SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname',
      [SCHEMA, tableName],
    );
    expect(rows.map((r) => r.indexname)).toEqual([
      `${tableName}_pkey`,
      `${tableName}_sweep_idx`,
      `${tableName}_user_id_idx`,
    ]);
  });

  it('schema.sql builds a table the store works on', async () => {
    const schema = uniqueName('sesame_sql');
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
      await client.query(await readFile(new URL('./schema.sql', import.meta.url), 'utf8'));
      await client.query(await readFile(new URL('./schema.sql', import.meta.url), 'utf8'));
      await client.query('RESET search_path');
      const clock = manualClock();
      const store = postgresStore({ pool, schema, clock });
      const record = makeRecord({ userId: 'alice', data: { a: 1 } }, clock.now());
      await store.create(record);
      expect(await store.get(record.id)).toEqual(record);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      client.release();
    }
  });

  it('migrate adds device_binding and the renewal columns to a table made before them, keeping the rows (issue 16)', async () => {
    const tableName = nextTable();
    const qualified = `"${SCHEMA}"."${tableName}"`;
    await pool.query(`CREATE TABLE ${qualified} (
      id text PRIMARY KEY, secret_hash text NOT NULL, user_id text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object'),
      created_ms bigint NOT NULL, last_seen_ms bigint NOT NULL, idle_expires_ms bigint NOT NULL,
      absolute_expires_ms bigint NOT NULL, authenticated_ms bigint, rotated_ms bigint NOT NULL,
      persistent boolean NOT NULL DEFAULT false, ip text, user_agent text,
      sweep_after_ms bigint NOT NULL DEFAULT 0)`);
    const clock = manualClock();
    const record = makeRecord({ userId: 'alice' }, clock.now());
    await pool.query(
      `INSERT INTO ${qualified} (id, secret_hash, user_id, created_ms, last_seen_ms, idle_expires_ms, absolute_expires_ms, rotated_ms)
       VALUES ($1, $2, 'alice', $3, $3, $4, $5, $3)`,
      [record.id, record.secretHash, record.createdMs, record.idleExpiresMs, record.absoluteExpiresMs],
    );
    const store = postgresStore({ pool, schema: SCHEMA, tableName, clock });
    await store.migrate();
    expect(await store.get(record.id)).toEqual(record);
    const deviceBinding = {
      sessionId: 's',
      jwk: { kty: 'EC' },
      challenge: 'c',
      challengeExpiresMs: 1,
      boundMs: 2,
    };
    expect(await store.applyDelta(record.id, { deviceBinding })).toBe(true);
    expect((await store.get(record.id))?.deviceBinding).toEqual(deviceBinding);
    // The renewal columns came with the same migration: a renewal works on the old row.
    await expectRenewalOnOldRow(store, record, clock.now());
  });

  it('every operation but deleteByUser is one statement, get a SELECT by primary key', async () => {
    const clock = manualClock();
    const { pool: countingPool, sent } = recordingPool(pool);
    const store = postgresStore({ pool: countingPool, schema: SCHEMA, tableName: nextTable(), clock });
    await store.migrate();
    sent.length = 0;
    const record = makeRecord({ userId: 'alice' }, clock.now());
    const next = makeRecord({ userId: 'alice' }, clock.now());
    await store.create(record);
    await store.get(record.id);
    await store.applyDelta(record.id, { set: { a: 1 }, unset: ['b'], meta: { ip: '203.0.113.9' } });
    await store.touch(record.id, clock.now(), clock.now() + 60_000);
    await store.replace(record.id, next);
    await store.listByUser('alice');
    expect(sent).toEqual(['WITH', 'SELECT', 'UPDATE', 'UPDATE', 'WITH', 'SELECT']);
    sent.length = 0;
    await store.deleteByUser('alice');
    await store.delete(next.id);
    // deleteByUser waits for its user's lock, then deletes (issue 10; postgres-store.ts says why).
    expect(sent).toEqual(['BEGIN', 'SELECT', 'DELETE', 'COMMIT', 'DELETE']);
    sent.length = 0;
    await store.create(makeRecord({}, clock.now()));
    expect(sent).toEqual(['INSERT']);
  });

  /** Every call of the store once, on a session of user alice. */
  async function everyCall(store: ReturnType<typeof postgresStore>, nowMs: number): Promise<void> {
    const record = makeRecord({ userId: 'alice' }, nowMs);
    const next = makeRecord({ userId: 'alice' }, nowMs);
    await store.create(record);
    await store.create(makeRecord({}, nowMs));
    await store.get(record.id);
    await store.applyDelta(record.id, { set: { a: 1 } });
    await store.applyDelta(record.id, {});
    await store.touch(record.id, nowMs, nowMs + 60_000);
    await store.replace(record.id, next);
    await store.listByUser('alice');
    await store.deleteByUser('alice', { exceptId: next.id });
    await store.delete(next.id);
    await store.deleteExpired(nowMs);
  }

  /** The names of the prepared statements of the one connection of `onePool`. */
  async function preparedOn(onePool: pg.Pool): Promise<string[]> {
    const { rows } = await onePool.query<{ name: string }>(
      'SELECT name FROM pg_prepared_statements ORDER BY name',
    );
    return rows.map((row) => row.name);
  }

  it('sends every call as a named statement, one name per statement and table', async () => {
    const onePool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    onePool.on('error', () => {});
    try {
      const clock = manualClock();
      const [first, second] = [nextTable(), nextTable()];
      const calls = recordingPool(onePool);
      const store = postgresStore({ pool: calls.pool, schema: SCHEMA, tableName: first, clock });
      await store.migrate();
      calls.sent.length = 0;
      calls.names.length = 0;
      await everyCall(store, clock.now());
      // deleteExpired goes unnamed (statements.ts says why), and only it and transaction control.
      expect(calls.sent.filter((_, i) => calls.names[i] === undefined)).toEqual(['BEGIN', 'COMMIT', 'WITH']);
      const firstNames = new Set(calls.names.filter((name) => name !== undefined));
      // 11 statements: the two creates, get, applyDelta and its liveness check, touch, …
      expect(firstNames.size).toBe(11);
      for (const name of firstNames) expect(name).toMatch(/^sesame_[a-z_]+_[0-9a-f]{16}$/);

      // A second store on the same table agrees on the names; one on another table never reuses one.
      calls.names.length = 0;
      await everyCall(
        postgresStore({ pool: calls.pool, schema: SCHEMA, tableName: first, clock }),
        clock.now(),
      );
      expect(new Set(calls.names.filter((name) => name !== undefined))).toEqual(firstNames);
      const other = postgresStore({ pool: calls.pool, schema: SCHEMA, tableName: second, clock });
      await other.migrate();
      calls.names.length = 0;
      await everyCall(other, clock.now());
      const otherNames = new Set(calls.names.filter((name) => name !== undefined));
      expect(otherNames.size).toBe(11);
      for (const name of otherNames) expect(firstNames.has(name)).toBe(false);

      // The server holds each statement once, prepared on the pool's one connection.
      expect(await preparedOn(onePool)).toEqual([...firstNames, ...otherNames].sort());
    } finally {
      await onePool.end();
    }
  });

  it('with preparedStatements: false sends no names and leaves nothing prepared on the server', async () => {
    const onePool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    onePool.on('error', () => {});
    try {
      const clock = manualClock();
      const calls = recordingPool(onePool);
      const store = postgresStore({
        pool: calls.pool,
        schema: SCHEMA,
        tableName: nextTable(),
        clock,
        preparedStatements: false,
      });
      await store.migrate();
      calls.sent.length = 0;
      calls.names.length = 0;
      await everyCall(store, clock.now());
      expect(calls.names.every((name) => name === undefined)).toBe(true);
      expect(await preparedOn(onePool)).toEqual([]);
    } finally {
      await onePool.end();
    }
  });

  it('a dump of the table holds the SHA-256 of the secret, never the secret or the token', async () => {
    const clock = manualClock();
    const tableName = nextTable();
    const store = postgresStore({ pool, schema: SCHEMA, tableName, clock });
    await store.migrate();
    const token = generateToken();
    await store.create({
      ...makeRecord({ userId: 'alice' }, clock.now()),
      id: token.id,
      secretHash: token.secretHash,
    });
    const { rows } = await pool.query(`SELECT * FROM "${SCHEMA}"."${tableName}"`);
    const dump = JSON.stringify(rows);
    expect(dump).toContain(token.secretHash);
    expect(dump).not.toContain(token.secret);
    expect(dump).not.toContain(token.value);
  });

  it('refuses table and schema names that are not plain identifiers', () => {
    const bad = ['', 'a"b', 'x; DROP TABLE users', '1abc', 'with space', 'a'.repeat(52), 'ü'];
    for (const tableName of bad) {
      expect(() => postgresStore({ pool, tableName })).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
      );
    }
    for (const schema of ['', 'a.b', '"x"', 'a'.repeat(64)]) {
      expect(() => postgresStore({ pool, schema })).toThrow(
        expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
      );
    }
    expect(() => postgresStore({ pool, deleteBatchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
    );
    expect(() => postgresStore({ pool, preparedStatements: 'no' as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as Error,
    );
  });

  it('close leaves the app’s pool usable', async () => {
    await postgresStore({ pool }).close();
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
