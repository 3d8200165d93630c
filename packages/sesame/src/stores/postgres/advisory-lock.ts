/**
 * The two store operations that run as a transaction under an advisory lock (transaction.ts):
 * migrate, locked per table, and deleteByUser, locked per user (see postgres-store.ts).
 *
 * @module
 */
import type { Clock } from '../../clock.js';
import type { DeleteByUserOptions } from '../../store.js';
import type { PgPool } from './pool.js';
import type { TableNames } from './schema.js';
import { schemaStatements } from './schema.js';
import type { StatementConfig, Statements } from './statements.js';
import { inTransaction } from './transaction.js';

/**
 * Create the table and its indexes if they are missing, and the notify trigger when
 * `notifyStatements` is given. A transaction-scoped advisory lock runs concurrent calls one after
 * another.
 */
export async function migrateTable(
  pool: PgPool,
  names: TableNames,
  notifyStatements: readonly string[] | null,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query({
      text: "SELECT pg_advisory_xact_lock(hashtext('sesame'), hashtext($1))",
      values: [names.qualified],
    });
    for (const text of schemaStatements(names)) await client.query({ text });
    if (notifyStatements !== null) for (const text of notifyStatements) await client.query({ text });
  });
}

/**
 * Delete every session of `userId` but `options.exceptId` under the user's advisory lock;
 * resolves to how many live ones were deleted.
 */
export async function deleteByUserLocked(
  pool: PgPool,
  config: StatementConfig,
  sql: Statements,
  clock: Clock,
  userId: string,
  options: DeleteByUserOptions,
): Promise<number> {
  const { rows } = await inTransaction(pool, async (client) => {
    await client.query(config(sql.lockUser, [userId]));
    return client.query(config(sql.deleteByUser, [userId, clock.now(), options.exceptId ?? null]));
  });
  return (rows as { live: boolean }[]).filter((row) => row.live).length;
}
