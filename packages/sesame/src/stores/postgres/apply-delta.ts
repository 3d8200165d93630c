/**
 * applyDelta on PostgreSQL: one UPDATE of the jsonb column, `(data - unset) || set`, and of the
 * activity columns when the delta carries a touch, with the liveness check in its WHERE; a delta
 * that changes nothing only asks whether the row is alive.
 *
 * @module
 */
import type { Clock } from '../../clock.js';
import type { SessionDelta } from '../../store.js';
import type { RunStatement, Statements } from './statements.js';

/** Apply `delta` to the live session `id`; resolves to whether it was alive. */
export async function applyDelta(
  query: RunStatement,
  sql: Statements,
  clock: Clock,
  id: string,
  delta: SessionDelta,
): Promise<boolean> {
  const set = delta.set ?? {};
  // A key in both set and unset keeps the set value (store.ts); the order below agrees.
  const unset = (delta.unset ?? []).filter((key) => !Object.hasOwn(set, key));
  const { ip, userAgent } = delta.meta ?? {};
  const { deviceBinding, touch } = delta;
  if (
    Object.keys(set).length === 0 &&
    unset.length === 0 &&
    ip === undefined &&
    userAgent === undefined &&
    deviceBinding === undefined &&
    touch === undefined
  ) {
    // Nothing to write: answer whether the session is alive without making a new row version.
    const { rowCount } = await query(sql.isLive, [id, clock.now()]);
    return rowCount === 1;
  }
  const { rowCount } = await query(sql.applyDelta, [
    id,
    clock.now(),
    unset,
    JSON.stringify(set),
    ip !== undefined,
    ip ?? null,
    userAgent !== undefined,
    userAgent ?? null,
    deviceBinding !== undefined,
    deviceBinding == null ? null : JSON.stringify(deviceBinding),
    touch?.lastSeenMs ?? null,
    touch?.idleExpiresMs ?? null,
  ]);
  return rowCount === 1;
}
