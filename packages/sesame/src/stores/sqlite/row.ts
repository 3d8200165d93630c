/**
 * The mapping between a {@link SessionRecord} and a row of the sessions table.
 *
 * @module
 */
import type { DeviceBinding, SessionData, SessionRecord } from '../../store.js';

/** A row as better-sqlite3 returns it (column names are the SQL ones). */
export interface SessionRow {
  id: string;
  secret_hash: string;
  user_id: string | null;
  data: string;
  created_ms: number;
  last_seen_ms: number;
  idle_expires_ms: number;
  absolute_expires_ms: number;
  authenticated_ms: number | null;
  rotated_ms: number;
  persistent: number;
  ip: string | null;
  user_agent: string | null;
  device_binding: string | null;
  previous_secret_hash: string | null;
  previous_secret_expires_ms: number | null;
}

/** The columns in table order, for SELECT lists and INSERT. */
export const COLUMNS = [
  'id',
  'secret_hash',
  'user_id',
  'data',
  'created_ms',
  'last_seen_ms',
  'idle_expires_ms',
  'absolute_expires_ms',
  'authenticated_ms',
  'rotated_ms',
  'persistent',
  'ip',
  'user_agent',
  'device_binding',
  'previous_secret_hash',
  'previous_secret_expires_ms',
] as const satisfies readonly (keyof SessionRow)[];

export function toRow(record: SessionRecord): SessionRow {
  return {
    id: record.id,
    secret_hash: record.secretHash,
    user_id: record.userId,
    data: JSON.stringify(record.data),
    created_ms: record.createdMs,
    last_seen_ms: record.lastSeenMs,
    idle_expires_ms: record.idleExpiresMs,
    absolute_expires_ms: record.absoluteExpiresMs,
    authenticated_ms: record.authenticatedMs,
    rotated_ms: record.rotatedMs,
    persistent: record.persistent ? 1 : 0,
    ip: record.meta.ip,
    user_agent: record.meta.userAgent,
    device_binding: bindingJson(record.deviceBinding),
    previous_secret_hash: record.previousSecretHash ?? null,
    previous_secret_expires_ms: record.previousSecretExpiresMs ?? null,
  };
}

/** The device binding as stored: JSON, or NULL for a session that is not bound. */
export function bindingJson(binding: DeviceBinding | null | undefined): string | null {
  return binding === undefined || binding === null ? null : JSON.stringify(binding);
}

/** A row as a raw statement returns it: the values in {@link COLUMNS} order. */
export type RowValues = [
  id: string,
  secretHash: string,
  userId: string | null,
  data: string,
  createdMs: number,
  lastSeenMs: number,
  idleExpiresMs: number,
  absoluteExpiresMs: number,
  authenticatedMs: number | null,
  rotatedMs: number,
  persistent: number,
  ip: string | null,
  userAgent: string | null,
  deviceBinding: string | null,
  previousSecretHash: string | null,
  previousSecretExpiresMs: number | null,
];

export function fromValues(values: RowValues): SessionRecord {
  const [
    id,
    secretHash,
    userId,
    data,
    createdMs,
    lastSeenMs,
    idleExpiresMs,
    absoluteExpiresMs,
    authenticatedMs,
    rotatedMs,
    persistent,
    ip,
    userAgent,
    deviceBinding,
    previousSecretHash,
    previousSecretExpiresMs,
  ] = values;
  return {
    id,
    secretHash,
    userId,
    // JSON.parse keeps a "__proto__" key as an own property, never as the prototype.
    data: JSON.parse(data) as SessionData,
    createdMs,
    lastSeenMs,
    idleExpiresMs,
    absoluteExpiresMs,
    authenticatedMs,
    rotatedMs,
    persistent: persistent === 1,
    meta: { ip, userAgent },
    deviceBinding: deviceBinding === null ? null : (JSON.parse(deviceBinding) as DeviceBinding),
    previousSecretHash,
    previousSecretExpiresMs,
  };
}
