/**
 * Every SQL statement the SQLite store runs, prepared once per store. Reads filter expired rows in
 * SQL (`… > :now` on both expiries), so an expired record is invisible without a separate sweep.
 *
 * @module
 */
import type { Database, Statement } from 'better-sqlite3';
import { COLUMNS } from './row.js';
import type { RowValues, SessionRow } from './row.js';

/** Rows `deleteExpired` removes per statement, so no single write holds the lock for long. */
export const EXPIRED_BATCH_SIZE = 1_000;

const LIVE = 'idle_expires_ms > :now AND absolute_expires_ms > :now';

/**
 * The new data of an `applyDelta`, in one expression so the read-modify-write is one atomic
 * statement: the old top-level members that are neither unset nor set, followed by the set ones.
 * Values are copied as JSON (`json(src -> fullkey)`), so objects, arrays, booleans and nulls keep
 * their type. Not `json_patch`: an RFC 7396 merge patch would merge nested objects and drop keys
 * set to `null`, where a session `set` replaces the top-level value whole.
 */
const NEW_DATA = `(
  SELECT json_group_object(key, json(src -> fullkey)) FROM (
    SELECT key, fullkey, data AS src FROM json_each(data)
      WHERE key NOT IN (SELECT value FROM json_each(:unset)) AND key NOT IN (SELECT key FROM json_each(:set))
    UNION ALL
    SELECT key, fullkey, :set AS src FROM json_each(:set)
  )
)`;

export interface DeltaParams {
  id: string;
  now: number;
  set: string;
  unset: string;
  hasIp: 0 | 1;
  ip: string | null;
  hasUserAgent: 0 | 1;
  userAgent: string | null;
  hasBinding: 0 | 1;
  binding: string | null;
  /** A touch carried by the delta, or `null` for none (both together). */
  lastSeenMs: number | null;
  idleExpiresMs: number | null;
}

export interface RenewParams {
  id: string;
  now: number;
  expectedSecretHash: string;
  secretHash: string;
  previousSecretExpiresMs: number;
  rotatedMs: number;
}

export interface Statements {
  /** Positional (id, now, now) and raw: the row as an array in {@link COLUMNS} order. */
  get: Statement<[string, number, number], RowValues>;
  insert: Statement<SessionRow>;
  applyDelta: Statement<DeltaParams>;
  touch: Statement<{ id: string; now: number; lastSeenMs: number; idleExpiresMs: number }>;
  renewSecret: Statement<RenewParams>;
  deleteLive: Statement<{ id: string; now: number }>;
  delete: Statement<{ id: string }>;
  /** Raw like `get`. */
  listByUser: Statement<{ userId: string; now: number }, RowValues>;
  countByUser: Statement<{ userId: string; now: number }, number>;
  deleteByUser: Statement<
    { userId: string; exceptId: string | null },
    Pick<SessionRow, 'idle_expires_ms' | 'absolute_expires_ms'>
  >;
  deleteExpiredBatch: Statement<{ now: number }>;
}

export function prepareStatements(db: Database, table: string): Statements {
  const columns = COLUMNS.join(', ');
  return {
    // The hot path: one lookup by primary key. Positional parameters and raw rows (an array, not
    // an object keyed by column name) save better-sqlite3 a third of its time per call.
    get: db
      .prepare<[string, number, number], RowValues>(
        `SELECT ${columns} FROM ${table} WHERE id = ? AND idle_expires_ms > ? AND absolute_expires_ms > ?`,
      )
      .raw(true),
    insert: db.prepare<SessionRow>(
      `INSERT INTO ${table} (${columns}) VALUES (${COLUMNS.map((c) => `:${c}`).join(', ')})`,
    ),
    applyDelta: db.prepare<DeltaParams>(
      `UPDATE ${table} SET
         data = ${NEW_DATA},
         ip = CASE WHEN :hasIp THEN :ip ELSE ip END,
         user_agent = CASE WHEN :hasUserAgent THEN :userAgent ELSE user_agent END,
         device_binding = CASE WHEN :hasBinding THEN :binding ELSE device_binding END,
         last_seen_ms = coalesce(:lastSeenMs, last_seen_ms),
         idle_expires_ms = min(coalesce(:idleExpiresMs, idle_expires_ms), absolute_expires_ms)
       WHERE id = :id AND ${LIVE}`,
    ),
    touch: db.prepare<{ id: string; now: number; lastSeenMs: number; idleExpiresMs: number }>(
      `UPDATE ${table} SET last_seen_ms = :lastSeenMs, idle_expires_ms = min(:idleExpiresMs, absolute_expires_ms)
       WHERE id = :id AND ${LIVE}`,
    ),
    // The compare-and-swap of a renewal: one UPDATE, so the check and the swap are one step.
    renewSecret: db.prepare<RenewParams>(
      `UPDATE ${table} SET
         previous_secret_hash = secret_hash,
         previous_secret_expires_ms = :previousSecretExpiresMs,
         secret_hash = :secretHash,
         rotated_ms = :rotatedMs
       WHERE id = :id AND secret_hash = :expectedSecretHash AND ${LIVE}`,
    ),
    deleteLive: db.prepare<{ id: string; now: number }>(`DELETE FROM ${table} WHERE id = :id AND ${LIVE}`),
    delete: db.prepare<{ id: string }>(`DELETE FROM ${table} WHERE id = :id`),
    listByUser: db
      .prepare<{ userId: string; now: number }, RowValues>(
        `SELECT ${columns} FROM ${table} WHERE user_id = :userId AND ${LIVE}`,
      )
      .raw(true),
    // Through the user_id index, like listByUser; pluck() makes the statement return the count itself.
    countByUser: db
      .prepare<{ userId: string; now: number }, number>(
        `SELECT count(*) FROM ${table} WHERE user_id = :userId AND ${LIVE}`,
      )
      .pluck(),
    deleteByUser: db.prepare<
      { userId: string; exceptId: string | null },
      Pick<SessionRow, 'idle_expires_ms' | 'absolute_expires_ms'>
    >(
      `DELETE FROM ${table} WHERE user_id = :userId AND id IS NOT :exceptId
       RETURNING idle_expires_ms, absolute_expires_ms`,
    ),
    deleteExpiredBatch: db.prepare<{ now: number }>(
      `DELETE FROM ${table} WHERE rowid IN (
         SELECT rowid FROM ${table} WHERE min(idle_expires_ms, absolute_expires_ms) <= :now LIMIT ${EXPIRED_BATCH_SIZE}
       )`,
    ),
  };
}
