/**
 * A transaction on one client of the app's pool, for the few operations that need more than one
 * statement (migrate, deleteByUser).
 *
 * @module
 */
import type { PgPool, PgPoolClient } from './pool.js';

/**
 * Run `work` between BEGIN and COMMIT on one client, ROLLBACK when it throws. A client released
 * with an error is closed, not reused: its session state is unknown.
 */
export async function inTransaction<T>(pool: PgPool, work: (client: PgPoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query({ text: 'BEGIN' });
    const result = await work(client);
    await client.query({ text: 'COMMIT' });
    return result;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    await client.query({ text: 'ROLLBACK' }).catch(() => undefined);
    throw error;
  } finally {
    client.release(failure);
  }
}
