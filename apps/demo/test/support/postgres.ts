/**
 * PostgreSQL for the demo's process-level tests: a schema per test run (the demo takes a plain
 * `DATABASE_URL`, so the schema comes in through libpq's `options`), an `application_name` that
 * marks the demo's own connections, and the admin's way to drop them.
 *
 * @module
 */
import pg from 'pg';
import { DATABASE_URL, serverAvailable } from './servers.js';

/** Run `work` on a fresh admin connection (bounded connect), closed afterwards. */
export async function withPostgres<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers; in CI its absence fails the file. */
export function postgresAvailable(): Promise<boolean> {
  return serverAvailable('PostgreSQL', () => withPostgres((client) => client.query('SELECT 1')));
}

/**
 * `DATABASE_URL` with `search_path` set to `schema` and the connections named
 * `applicationName` (visible in `pg_stat_activity`).
 *
 * @example
 * spawnDemo({ SESSION_STORE: 'postgres', DATABASE_URL: demoDatabaseUrl('run_1', 'run_1') });
 */
export function demoDatabaseUrl(schema: string, applicationName: string): string {
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}

/**
 * End every backend named `applicationName`, as an administrator or a failover would
 * (`pg_terminate_backend`); resolves how many were ended.
 */
export function terminateBackends(applicationName: string): Promise<number> {
  return withPostgres(async (client) => {
    const { rowCount } = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      [applicationName],
    );
    return rowCount ?? 0;
  });
}
