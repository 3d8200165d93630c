/**
 * A session as one Redis hash: fixed fields for the record, one `d:<key>` field per top-level data
 * key holding that value's JSON. One field per key is what lets `applyDelta` write only the keys
 * it changes (HSET/HDEL), so parallel requests that change different keys never overwrite each
 * other (DESIGN §1.6). Null values are absent fields, which keeps the hash small.
 *
 * @module
 */
import type { JsonValue, SessionData, SessionDelta, SessionRecord } from '../../store.js';

/** Field names the Lua scripts read; keep them in step with scripts.ts. */
export const FIELD = {
  secretHash: 'secretHash',
  userId: 'userId',
  createdMs: 'createdMs',
  lastSeenMs: 'lastSeenMs',
  idleExpiresMs: 'idleExpiresMs',
  absoluteExpiresMs: 'absoluteExpiresMs',
  authenticatedMs: 'authenticatedMs',
  rotatedMs: 'rotatedMs',
  persistent: 'persistent',
  ip: 'ip',
  userAgent: 'userAgent',
} as const;

const DATA_PREFIX = 'd:';

/** The record as flat `field, value, field, value, …` arguments for HSET (without its id). */
export function encodeRecord(record: SessionRecord): string[] {
  const fields: string[] = [
    FIELD.secretHash,
    record.secretHash,
    FIELD.createdMs,
    String(record.createdMs),
    FIELD.lastSeenMs,
    String(record.lastSeenMs),
    FIELD.idleExpiresMs,
    String(record.idleExpiresMs),
    FIELD.absoluteExpiresMs,
    String(record.absoluteExpiresMs),
    FIELD.rotatedMs,
    String(record.rotatedMs),
    FIELD.persistent,
    record.persistent ? '1' : '0',
  ];
  if (record.userId !== null) fields.push(FIELD.userId, record.userId);
  if (record.authenticatedMs !== null) fields.push(FIELD.authenticatedMs, String(record.authenticatedMs));
  if (record.meta.ip !== null) fields.push(FIELD.ip, record.meta.ip);
  if (record.meta.userAgent !== null) fields.push(FIELD.userAgent, record.meta.userAgent);
  for (const [key, value] of Object.entries(record.data))
    fields.push(DATA_PREFIX + key, JSON.stringify(value));
  return fields;
}

/** A delta as the fields to delete and the `field, value` pairs to write. */
export function encodeDelta(delta: SessionDelta): { remove: string[]; write: string[] } {
  const set = delta.set ?? {};
  const remove: string[] = [];
  const write: string[] = [];
  for (const key of delta.unset ?? []) {
    // A key in both set and unset keeps the set value (store.ts, SessionDelta).
    if (!Object.hasOwn(set, key)) remove.push(DATA_PREFIX + key);
  }
  for (const [key, value] of Object.entries(set)) write.push(DATA_PREFIX + key, JSON.stringify(value));
  const meta = delta.meta ?? {};
  for (const [name, field] of [
    ['ip', FIELD.ip],
    ['userAgent', FIELD.userAgent],
  ] as const) {
    const value = meta[name];
    if (value === undefined) continue;
    if (value === null) remove.push(field);
    else write.push(field, value);
  }
  return { remove, write };
}

/**
 * The record a hash holds, or `null` when the hash is absent, partial or unreadable: a record we
 * cannot read whole is no session (fail closed, DESIGN §1.8).
 */
export function decodeRecord(id: string, fields: ReadonlyMap<string, string>): SessionRecord | null {
  const secretHash = fields.get(FIELD.secretHash);
  const createdMs = readNumber(fields, FIELD.createdMs);
  const lastSeenMs = readNumber(fields, FIELD.lastSeenMs);
  const idleExpiresMs = readNumber(fields, FIELD.idleExpiresMs);
  const absoluteExpiresMs = readNumber(fields, FIELD.absoluteExpiresMs);
  const rotatedMs = readNumber(fields, FIELD.rotatedMs);
  if (
    secretHash === undefined ||
    createdMs === null ||
    lastSeenMs === null ||
    idleExpiresMs === null ||
    absoluteExpiresMs === null ||
    rotatedMs === null
  ) {
    return null;
  }
  const authenticated = fields.get(FIELD.authenticatedMs);
  const authenticatedMs = authenticated === undefined ? null : readNumber(fields, FIELD.authenticatedMs);
  if (authenticated !== undefined && authenticatedMs === null) return null;
  const data = decodeData(fields);
  if (data === null) return null;
  return {
    id,
    secretHash,
    userId: fields.get(FIELD.userId) ?? null,
    data,
    createdMs,
    lastSeenMs,
    idleExpiresMs,
    absoluteExpiresMs,
    authenticatedMs,
    rotatedMs,
    persistent: fields.get(FIELD.persistent) === '1',
    meta: { ip: fields.get(FIELD.ip) ?? null, userAgent: fields.get(FIELD.userAgent) ?? null },
  };
}

function readNumber(fields: ReadonlyMap<string, string>, name: string): number | null {
  const text = fields.get(name);
  if (text === undefined) return null;
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) ? null : value;
}

function decodeData(fields: ReadonlyMap<string, string>): SessionData | null {
  const data: SessionData = {};
  for (const [field, text] of fields) {
    if (!field.startsWith(DATA_PREFIX)) continue;
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch {
      return null;
    }
    // defineProperty, not assignment: a stored "__proto__" key must stay a plain own key, as
    // JSON.parse would make it, and never become the prototype (prototype pollution).
    Object.defineProperty(data, field.slice(DATA_PREFIX.length), {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return data;
}
