/**
 * The store's SQL, written once per table when the store is made. Each statement carries a name
 * for `pg`'s named prepared statements: the operation and a hash of its text, so stores on
 * different tables or schemas sharing one pool never reuse a name for another text (`pg` refuses
 * that), and instances on the same table agree on it. Names stay well under 63 bytes, past which
 * PostgreSQL truncates them (NAMEDATALEN).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { PgQuery, PgResult } from './pool.js';
import { COLUMNS, INSERT_COLUMNS, insertPlaceholders } from './row.js';

/** One statement's text and its prepared-statement name, if it is sent prepared. */
export interface Statement {
  readonly name: string | undefined;
  readonly text: string;
}

/** Send a statement through the pool, prepared unless the store was told not to. */
export type RunStatement = (statement: Statement, values: unknown[]) => Promise<PgResult>;

/** The query config `pg` gets for a statement: named (prepared) unless the store was told not to. */
export type StatementConfig = (statement: Statement, values: unknown[]) => PgQuery;

/** The statements of the store calls, by call. */
export interface Statements {
  readonly createAnonymous: Statement;
  readonly createSignedIn: Statement;
  readonly get: Statement;
  readonly isLive: Statement;
  readonly applyDelta: Statement;
  readonly touch: Statement;
  readonly replace: Statement;
  readonly renewSecret: Statement;
  readonly delete: Statement;
  readonly listByUser: Statement;
  readonly lockUser: Statement;
  readonly deleteByUser: Statement;
  readonly deleteExpired: Statement;
}

/** The liveness test on `$2`, the store's clock. */
const LIVE = 'idle_expires_ms > $2 AND absolute_expires_ms > $2';

/**
 * The first key of the per-user advisory locks on `table`: a hash of its name, so stores on
 * different tables do not serialize each other. The second key is hashtext(user_id); a collision
 * between two users only makes them wait for each other.
 */
function userLockClass(table: string): number {
  return createHash('sha256').update(`sesame user lock ${table}`).digest().readInt32BE(0);
}

/** The statements on `table`, an already quoted (and maybe schema-qualified) name. */
export function storeStatements(table: string): Statements {
  const lockClass = userLockClass(table);
  /**
   * The live rows of `userId` as the statement's snapshot saw them, before its own writes; an
   * index scan on user_id.
   */
  const heldBefore = (userId: string, nowMs: string): string =>
    `(SELECT count(*) FROM ${table} AS held
       WHERE held.user_id = ${userId} AND held.idle_expires_ms > ${nowMs} AND held.absolute_expires_ms > ${nowMs})`;
  return {
    createAnonymous: named(
      'create',
      `INSERT INTO ${table} (${INSERT_COLUMNS}) VALUES (${insertPlaceholders(1)})`,
    ),
    createSignedIn: named(
      'create_user',
      `WITH new AS (INSERT INTO ${table} (${INSERT_COLUMNS}) VALUES (${insertPlaceholders(2)}) RETURNING user_id)
       SELECT ${heldBefore('new.user_id', '$1')} + 1 AS user_sessions FROM new`,
    ),
    get: named('get', `SELECT ${COLUMNS} FROM ${table} WHERE id = $1 AND ${LIVE}`),
    isLive: named('is_live', `SELECT 1 FROM ${table} WHERE id = $1 AND ${LIVE}`),
    applyDelta: named(
      'apply_delta',
      `UPDATE ${table}
          SET data = (data - $3::text[]) || $4::jsonb,
              ip = CASE WHEN $5::boolean THEN $6::text ELSE ip END,
              user_agent = CASE WHEN $7::boolean THEN $8::text ELSE user_agent END,
              device_binding = CASE WHEN $9::boolean THEN $10::jsonb ELSE device_binding END,
              last_seen_ms = COALESCE($11::bigint, last_seen_ms),
              idle_expires_ms = LEAST(COALESCE($12::bigint, idle_expires_ms), absolute_expires_ms),
              sweep_after_ms = LEAST(sweep_after_ms, COALESCE($12::bigint, sweep_after_ms))
        WHERE id = $1 AND ${LIVE}`,
    ),
    // sweep_after_ms moves only when the new expiry is earlier than it (a shortened idle
    // timeout). Otherwise it keeps its value, so no indexed column changes and PostgreSQL makes
    // the update HOT: no new index entries, half the WAL (schema.ts).
    touch: named(
      'touch',
      `UPDATE ${table}
          SET last_seen_ms = $3, idle_expires_ms = LEAST($4::bigint, absolute_expires_ms),
              sweep_after_ms = LEAST(sweep_after_ms, $4::bigint)
        WHERE id = $1 AND ${LIVE}`,
    ),
    // No row when the old session is gone: then nothing was inserted either. A signed-in new
    // record first takes its user's lock, which deleteByUser holds while it deletes (issue 10):
    // the lock is an InitPlan that the DELETE's one-time filter runs before it reads a row, so a
    // replace either commits before deleteByUser's DELETE takes its snapshot, or runs after that
    // DELETE committed and finds its old row gone. Taken before any row lock, it cannot deadlock.
    replace: named(
      'replace',
      `WITH locked AS (SELECT pg_advisory_xact_lock(${lockClass}, hashtext($5::text)) WHERE $5::text IS NOT NULL),
            old AS (DELETE FROM ${table}
                     WHERE id = $1 AND ${LIVE} AND (SELECT count(*) FROM locked) >= 0 RETURNING user_id),
            new AS (INSERT INTO ${table} (${INSERT_COLUMNS}) SELECT ${insertPlaceholders(3)} FROM old RETURNING user_id)
       SELECT CASE WHEN new.user_id IS NULL THEN 0
                   ELSE ${heldBefore('new.user_id', '$2')} + CASE WHEN old.user_id = new.user_id THEN 0 ELSE 1 END
              END AS user_sessions
         FROM old, new`,
    ),
    // A renewal's compare-and-swap, one statement: the row lock makes parallel renewals of one
    // session queue, and the second finds secret_hash changed (READ COMMITTED re-checks the WHERE
    // on the updated row), so exactly one wins. No indexed column changes: a HOT update.
    renewSecret: named(
      'renew_secret',
      `UPDATE ${table}
          SET previous_secret_hash = secret_hash, previous_secret_expires_ms = $5::bigint,
              secret_hash = $4::text, rotated_ms = $6::bigint
        WHERE id = $1 AND ${LIVE} AND secret_hash = $3::text`,
    ),
    delete: named('delete', `DELETE FROM ${table} WHERE id = $1`),
    listByUser: named('list_by_user', `SELECT ${COLUMNS} FROM ${table} WHERE user_id = $1 AND ${LIVE}`),
    // Run by deleteByUser in its own transaction, before the DELETE (see replace).
    lockUser: named('lock_user', `SELECT pg_advisory_xact_lock(${lockClass}, hashtext($1::text))`),
    deleteByUser: named(
      'delete_by_user',
      `DELETE FROM ${table} WHERE user_id = $1 AND id IS DISTINCT FROM $3::text RETURNING (${LIVE}) AS live`,
    ),
    // The rows whose sweep_after_ms has come, oldest first (the ORDER BY also keeps the plan on
    // the index when statistics are stale): expired ones are deleted, live ones (touched since)
    // get their current expiry as the next look. SKIP LOCKED: instances sweeping at the same time
    // take different rows instead of queueing. Never prepared: a generic plan does not know how
    // many rows `LIMIT $2` keeps and joins them to the table by a scan of all of it (620 ms per
    // batch at a million rows, against 6 ms for the custom plan); the sweep runs rarely, so
    // planning each batch costs nothing that matters.
    deleteExpired: unnamed(
      `WITH due AS (
         SELECT id, LEAST(idle_expires_ms, absolute_expires_ms) AS expires_ms FROM ${table}
          WHERE sweep_after_ms <= $1
          ORDER BY sweep_after_ms LIMIT $2 FOR UPDATE SKIP LOCKED),
       gone AS (DELETE FROM ${table} AS t USING due WHERE t.id = due.id AND due.expires_ms <= $1 RETURNING 1),
       later AS (UPDATE ${table} AS t SET sweep_after_ms = due.expires_ms
                   FROM due WHERE t.id = due.id AND due.expires_ms > $1)
       SELECT (SELECT count(*) FROM due) AS due, (SELECT count(*) FROM gone) AS deleted`,
    ),
  };
}

function unnamed(text: string): Statement {
  return { name: undefined, text };
}

function named(operation: string, text: string): Statement {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { name: `sesame_${operation}_${hash}`, text };
}
