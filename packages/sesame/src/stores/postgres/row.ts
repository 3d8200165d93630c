/**
 * A session as one table row: the columns in order, the values for an INSERT, and the record
 * read back. `bigint` arrives from `pg` as a string (it may exceed 2^53); epoch milliseconds never
 * do, so Number() is exact.
 *
 * @module
 */
import type { CreateResult, DeviceBinding, SessionData, SessionRecord } from '../../store.js';

/** Every column, in the order of {@link rowValues}. */
export const COLUMNS =
  'id, secret_hash, user_id, data, created_ms, last_seen_ms, idle_expires_ms, absolute_expires_ms, authenticated_ms, rotated_ms, persistent, ip, user_agent, device_binding, previous_secret_hash, previous_secret_expires_ms';

/** Typed placeholders for {@link rowValues}, starting at `$first`; typed so INSERT … SELECT works. */
export function rowPlaceholders(first: number): string {
  const types = [
    'text',
    'text',
    'text',
    'jsonb',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'bigint',
    'boolean',
    'text',
    'text',
    'jsonb',
    'text',
    'bigint',
  ];
  return types.map((type, i) => `$${first + i}::${type}`).join(', ');
}

/** The columns an INSERT writes: the record's, then when the sweep next looks at the row (schema.ts). */
export const INSERT_COLUMNS = `${COLUMNS}, sweep_after_ms`;

/** The values of {@link INSERT_COLUMNS} for {@link rowValues} bound from `$first`. */
export function insertPlaceholders(first: number): string {
  return `${rowPlaceholders(first)}, LEAST($${first + 6}::bigint, $${first + 7}::bigint)`;
}

/** The record's column values, in {@link COLUMNS} order. */
export function rowValues(record: SessionRecord): unknown[] {
  return [
    record.id,
    record.secretHash,
    record.userId,
    JSON.stringify(record.data),
    record.createdMs,
    record.lastSeenMs,
    record.idleExpiresMs,
    record.absoluteExpiresMs,
    record.authenticatedMs,
    record.rotatedMs,
    record.persistent,
    record.meta.ip,
    record.meta.userAgent,
    record.deviceBinding == null ? null : JSON.stringify(record.deviceBinding),
    record.previousSecretHash ?? null,
    record.previousSecretExpiresMs ?? null,
  ];
}

/** A row as `pg` returns it for `SELECT ${COLUMNS}`. */
export interface SessionRow {
  id: string;
  secret_hash: string;
  user_id: string | null;
  data: SessionData;
  created_ms: string;
  last_seen_ms: string;
  idle_expires_ms: string;
  absolute_expires_ms: string;
  authenticated_ms: string | null;
  rotated_ms: string;
  persistent: boolean;
  ip: string | null;
  user_agent: string | null;
  device_binding: DeviceBinding | null;
  previous_secret_hash: string | null;
  previous_secret_expires_ms: string | null;
}

export function recordFromRow(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    userId: row.user_id,
    // pg parses jsonb with JSON.parse, so a "__proto__" key is an own key, never the prototype.
    data: row.data,
    createdMs: Number(row.created_ms),
    lastSeenMs: Number(row.last_seen_ms),
    idleExpiresMs: Number(row.idle_expires_ms),
    absoluteExpiresMs: Number(row.absolute_expires_ms),
    authenticatedMs: row.authenticated_ms === null ? null : Number(row.authenticated_ms),
    rotatedMs: Number(row.rotated_ms),
    persistent: row.persistent,
    meta: { ip: row.ip, userAgent: row.user_agent },
    deviceBinding: row.device_binding,
    previousSecretHash: row.previous_secret_hash,
    previousSecretExpiresMs:
      row.previous_secret_expires_ms === null ? null : Number(row.previous_secret_expires_ms),
  };
}

/** A row as the store reads it: {@link recordFromRow}, with jsonb that arrived as text parsed. */
export function readRow(row: SessionRow): SessionRecord {
  // An app may have set a pg type parser that leaves jsonb as text.
  return recordFromRow(
    typeof row.data === 'string' ? { ...row, data: JSON.parse(row.data) as SessionRow['data'] } : row,
  );
}

/** The `user_sessions` column of a create or replace; count(*) is bigint, which `pg` gives as text. */
export function readCount(rows: unknown[]): CreateResult {
  const [row] = rows as { user_sessions: string | number }[];
  if (row === undefined) throw new Error('postgresStore: the write returned no user_sessions row');
  return { userSessions: Number(row.user_sessions) };
}
