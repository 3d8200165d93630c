/**
 * A pg Pool confined to the run's own schema (search_path) whose clients count every query they
 * send. `Pool.query` goes through a pooled client's `query`, so each statement counts once,
 * transaction statements (BEGIN/COMMIT) included: the count is SQL round trips.
 *
 * @module
 */
import pg from 'pg';

export interface CountedPool {
  pool: pg.Pool;
  queries: () => number;
}

type Query = (...args: unknown[]) => unknown;

export function countedPool(
  databaseUrl: string,
  schema: string,
  synchronousCommit: 'on' | 'off',
): CountedPool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    options: `-c search_path=${schema} -c synchronous_commit=${synchronousCommit}`,
  });
  let total = 0;
  pool.on('connect', (client) => {
    const target = client as unknown as { query: Query };
    const original = target.query;
    target.query = function countedQuery(this: unknown, ...args: unknown[]): unknown {
      total += 1;
      return original.apply(this, args);
    };
  });
  pool.on('error', (error) => console.error('bench pg pool:', error.message));
  return { pool, queries: () => total };
}
