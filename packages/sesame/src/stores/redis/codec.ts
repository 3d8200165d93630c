/**
 * A session as one Redis hash: fixed fields for the record, one `d:<key>` field per top-level data
 * key holding that value's JSON. One field per key is what lets `applyDelta` write only the keys
 * it changes (HSET/HDEL), so parallel requests that change different keys never overwrite each
 * other (docs/architecture.md §1.6). Null values are absent fields, which keeps the hash small.
 *
 * @module
 */
import type { DeviceBinding, JsonValue, SessionData, SessionDelta, SessionRecord } from '../../store.js';
import { text } from './connection.js';

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
  /** The device binding's JSON (issue 16); absent for a session that is not bound. */
  deviceBinding: 'deviceBinding',
  /** Periodic renewal's previous secret and its end (docs/architecture.md §1.13); absent until renewed. */
  previousSecretHash: 'previousSecretHash',
  previousSecretExpiresMs: 'previousSecretExpiresMs',
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
  if (record.deviceBinding != null) fields.push(FIELD.deviceBinding, JSON.stringify(record.deviceBinding));
  if (record.previousSecretHash != null) fields.push(FIELD.previousSecretHash, record.previousSecretHash);
  if (record.previousSecretExpiresMs != null)
    fields.push(FIELD.previousSecretExpiresMs, String(record.previousSecretExpiresMs));
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
  if (delta.deviceBinding === null) remove.push(FIELD.deviceBinding);
  else if (delta.deviceBinding !== undefined)
    write.push(FIELD.deviceBinding, JSON.stringify(delta.deviceBinding));
  return { remove, write };
}

/**
 * The record in a HGETALL reply (a RESP2 flat array, or a RESP3 map, which node-redis hands out as
 * an object or, with a type mapping, a `Map`), or `null` when the hash is absent, partial or
 * unreadable: a record we cannot read whole is no session (fail closed, docs/architecture.md §1.8). It reads the
 * reply in one pass, with no intermediate map: `get` is the hot path (issue 5).
 */
export function decodeRecord(id: string, reply: unknown): SessionRecord | null {
  const pairs = flatPairs(reply);
  // undefined: the field is absent; null: present but not a number.
  let secretHash: string | undefined;
  let userId: string | null = null;
  let createdMs: number | null | undefined;
  let lastSeenMs: number | null | undefined;
  let idleExpiresMs: number | null | undefined;
  let absoluteExpiresMs: number | null | undefined;
  let authenticatedMs: number | null | undefined;
  let rotatedMs: number | null | undefined;
  let persistent = false;
  let ip: string | null = null;
  let userAgent: string | null = null;
  let deviceBinding: DeviceBinding | null = null;
  let previousSecretHash: string | null = null;
  let previousSecretExpiresMs: number | null = null;
  const data: SessionData = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const field = text(pairs[i]);
    const value = text(pairs[i + 1]);
    switch (field) {
      case FIELD.secretHash:
        secretHash = value;
        break;
      case FIELD.userId:
        userId = value;
        break;
      case FIELD.createdMs:
        createdMs = readNumber(value);
        break;
      case FIELD.lastSeenMs:
        lastSeenMs = readNumber(value);
        break;
      case FIELD.idleExpiresMs:
        idleExpiresMs = readNumber(value);
        break;
      case FIELD.absoluteExpiresMs:
        absoluteExpiresMs = readNumber(value);
        break;
      case FIELD.authenticatedMs:
        authenticatedMs = readNumber(value);
        if (authenticatedMs === null) return null;
        break;
      case FIELD.rotatedMs:
        rotatedMs = readNumber(value);
        break;
      case FIELD.persistent:
        persistent = value === '1';
        break;
      case FIELD.ip:
        ip = value;
        break;
      case FIELD.userAgent:
        userAgent = value;
        break;
      case FIELD.deviceBinding:
        deviceBinding = readBinding(value);
        if (deviceBinding === null) return null;
        break;
      case FIELD.previousSecretHash:
        previousSecretHash = value;
        break;
      case FIELD.previousSecretExpiresMs:
        previousSecretExpiresMs = readNumber(value);
        if (previousSecretExpiresMs === null) return null;
        break;
      default:
        if (field.startsWith(DATA_PREFIX) && !readData(data, field.slice(DATA_PREFIX.length), value))
          return null;
    }
  }
  if (
    secretHash === undefined ||
    createdMs == null ||
    lastSeenMs == null ||
    idleExpiresMs == null ||
    absoluteExpiresMs == null ||
    rotatedMs == null
  ) {
    return null;
  }
  return {
    id,
    secretHash,
    userId,
    data,
    createdMs,
    lastSeenMs,
    idleExpiresMs,
    absoluteExpiresMs,
    authenticatedMs: authenticatedMs ?? null,
    rotatedMs,
    persistent,
    meta: { ip, userAgent },
    deviceBinding,
    previousSecretHash,
    previousSecretExpiresMs,
  };
}

/** A stored device binding, or `null` when its JSON is unreadable (then the record is, too). */
function readBinding(json: string): DeviceBinding | null {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null ? (value as DeviceBinding) : null;
  } catch {
    return null;
  }
}

/** A HGETALL reply as `field, value, …`: RESP2's own shape, and RESP3's map flattened. */
function flatPairs(reply: unknown): readonly unknown[] {
  if (Array.isArray(reply)) return reply;
  const pairs: unknown[] = [];
  if (reply instanceof Map) {
    for (const [field, value] of reply) pairs.push(field, value);
  } else if (typeof reply === 'object' && reply !== null) {
    for (const field of Object.keys(reply)) pairs.push(field, (reply as Record<string, unknown>)[field]);
  }
  return pairs;
}

/** A stored number, or `null` when the text is not one (`Number('')` would be 0). */
function readNumber(value: string): number | null {
  const number = Number(value);
  return value.trim() === '' || !Number.isFinite(number) ? null : number;
}

/** Add one data key's JSON to `data`; `false` when the JSON is unreadable. */
function readData(data: SessionData, key: string, json: string): boolean {
  let value: JsonValue;
  try {
    value = JSON.parse(json) as JsonValue;
  } catch {
    return false;
  }
  // defineProperty, not assignment: a stored "__proto__" key must stay a plain own key, as
  // JSON.parse would make it, and never become the prototype (prototype pollution).
  Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
  return true;
}
