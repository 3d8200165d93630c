/**
 * The run's own PostgreSQL schema: created before the servers start, dropped (with everything the
 * stores made in it) at the end.
 *
 * @module
 */
import pg from 'pg';

/** Whether PostgreSQL answers; its variants are "not available" when it does not. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Schema names are made by the runner (`sesame_bench_<pid>_<time>`); refuse anything else. */
function checkedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new TypeError(`bad schema name ${schema}`);
  return schema;
}

export function createSchema(url: string, schema: string): Promise<void> {
  return withClient(url, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${checkedSchema(schema)}`);
  });
}

export function dropSchema(url: string, schema: string): Promise<void> {
  return withClient(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${checkedSchema(schema)} CASCADE`);
  });
}
