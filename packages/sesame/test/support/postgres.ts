/**
 * Helpers for the PostgreSQL store's tests: a pool on a schema of the test file's own (created
 * before its cases, dropped after), and a pool that records what the store sends.
 *
 * @module
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { PgPool, PgQuery } from '../../src/stores/postgres/index.js';
import { databaseUrl, uniqueName } from './servers.js';

/** A pool and a fresh schema for one test file; call at the top of its `describe`. */
export function schemaPool(label: string): { pool: pg.Pool; schema: string; nextTable: () => string } {
  const schema = uniqueName(label);
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
  pool.on('error', () => {});
  let tables = 0;
  beforeAll(async () => {
    await pool.query(`CREATE SCHEMA "${schema}"`);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  return { pool, schema, nextTable: () => `sessions_${tables++}` };
}

/**
 * `target`, recording the first SQL word and the statement name of every query, on the pool and
 * on the clients checked out of it.
 */
export function recordingPool(target: PgPool): {
  pool: PgPool;
  sent: string[];
  names: (string | undefined)[];
} {
  const sent: string[] = [];
  const names: (string | undefined)[] = [];
  const record = (query: PgQuery): void => {
    sent.push(query.text.trim().split(/\s+/)[0] ?? '');
    names.push(query.name);
  };
  return {
    sent,
    names,
    pool: {
      query: (query) => {
        record(query);
        return target.query(query);
      },
      async connect() {
        const client = await target.connect();
        return {
          query: (query) => {
            record(query);
            return client.query(query);
          },
          release: (error) => client.release(error),
        };
      },
    },
  };
}
