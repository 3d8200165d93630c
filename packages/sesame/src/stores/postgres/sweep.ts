/**
 * deleteExpired on PostgreSQL: batches of deletes by sweep_after_ms (schema.ts), until a batch
 * comes back short.
 *
 * @module
 */
import type { RunStatement, Statement } from './statements.js';

/** deleteExpired stops after this many batches in one call, to bound its time; call it again. */
const MAX_DELETE_BATCHES = 10_000;

/** Run the deleteExpired statement in batches of `batchSize`; resolves to the rows deleted. */
export async function deleteExpiredInBatches(
  query: RunStatement,
  statement: Statement,
  nowMs: number,
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < MAX_DELETE_BATCHES; batch++) {
    const { rows } = await query(statement, [nowMs, batchSize]);
    // One row always: the statement ends in aggregates (count(*) of each CTE).
    const [row] = rows as [{ due: string; deleted: string }];
    deleted += Number(row.deleted);
    // A full batch may have been all live rows, pushed later: only a short one ends the sweep.
    if (Number(row.due) < batchSize) break;
  }
  return deleted;
}
