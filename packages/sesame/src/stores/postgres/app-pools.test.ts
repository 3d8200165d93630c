/**
 * The PostgreSQL store on pools set up the way apps set theirs up, on the server at DATABASE_URL:
 * an app whose `pg` leaves jsonb as text still reads its sessions whole, and a multi-statement
 * operation that fails inside its transaction leaves nothing behind and does not hand the
 * client back to the pool in an unknown state.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../testing/index.js';
import { schemaPool } from '../../../test/support/postgres.js';
import { databaseUrl, probePostgres, requireServer } from '../../../test/support/servers.js';
import { postgresStore } from './index.js';
import { inTransaction } from './transaction.js';

const available = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());

/** The type parser an app installs to get jsonb as the server's text (oid 3802 is jsonb). */
const JSONB_AS_TEXT = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === 3802
      ? (value: string) => value
      : (pg.types.getTypeParser(oid, format) as (value: string) => unknown),
};

describe.skipIf(!available)('postgresStore on apps’ own pools', () => {
  const { pool, schema, nextTable } = schemaPool('sesame_app_pools');

  it('reads data, meta and the device binding whole when the app’s pg gives jsonb as text', async () => {
    const textPool = new pg.Pool({ connectionString: databaseUrl(), max: 2, types: JSONB_AS_TEXT });
    textPool.on('error', () => {});
    try {
      const tableName = nextTable();
      await postgresStore({ pool, schema, tableName }).migrate();
      const store = postgresStore({ pool: textPool, schema, tableName });
      const record = makeRecord({ userId: 'alice', data: { cart: [1, 2], profile: { name: 'Alice' } } });
      await store.create(record);
      const read = await store.get(record.id);
      expect(read?.data).toEqual({ cart: [1, 2], profile: { name: 'Alice' } });
      expect(await store.listByUser('alice')).toEqual([read]);
    } finally {
      await textPool.end();
    }
  });

  it('a transaction whose work fails is rolled back and its client closed, not reused', async () => {
    const table = `"${schema}"."${nextTable()}"`;
    const broken = new Error('the second statement failed');
    await expect(
      inTransaction(pool, async (client) => {
        await client.query({ text: `CREATE TABLE ${table} (n int)` });
        throw broken;
      }),
    ).rejects.toBe(broken);
    const { rows } = await pool.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
      table,
    ]);
    expect(rows[0]?.exists).toBe(false);
    // A rejection with a value that is not an Error is passed on as it is, after the same rollback.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    await expect(inTransaction(pool, () => Promise.reject('not an error'))).rejects.toBe('not an error');
    expect(pool.idleCount).toBeLessThanOrEqual(pool.totalCount);
  });
});
