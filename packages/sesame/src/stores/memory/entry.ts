/**
 * The memory store's copy of a record: scalar fields copied in and out, `data` and the device
 * binding kept as JSON, so no caller's object is ever shared with the store.
 *
 * @module
 */
import type { DeviceBinding, SessionData, SessionRecord } from '../../store.js';
import type { HeapItem } from './expiry-heap.js';

/** A stored record: its fields, with `data` as JSON, plus the heap's bookkeeping. */
export interface Entry extends HeapItem {
  readonly id: string;
  secretHash: string;
  readonly userId: string | null;
  /** The data as JSON, the only copy of it. */
  dataJson: string;
  readonly createdMs: number;
  lastSeenMs: number;
  idleExpiresMs: number;
  readonly absoluteExpiresMs: number;
  readonly authenticatedMs: number | null;
  rotatedMs: number;
  readonly persistent: boolean;
  ip: string | null;
  userAgent: string | null;
  bindingJson: string | null; // the device binding (issue 16) as JSON, like the data
  previousSecretHash: string | null;
  previousSecretExpiresMs: number | null;
}

/** Copy a record in. Throws (before anything is stored) when its data is not JSON. */
export function toEntry(record: SessionRecord): Entry {
  return {
    id: record.id,
    secretHash: record.secretHash,
    userId: record.userId,
    dataJson: JSON.stringify(record.data),
    createdMs: record.createdMs,
    lastSeenMs: record.lastSeenMs,
    idleExpiresMs: record.idleExpiresMs,
    absoluteExpiresMs: record.absoluteExpiresMs,
    authenticatedMs: record.authenticatedMs,
    rotatedMs: record.rotatedMs,
    persistent: record.persistent,
    ip: record.meta.ip,
    userAgent: record.meta.userAgent,
    bindingJson: record.deviceBinding == null ? null : JSON.stringify(record.deviceBinding),
    previousSecretHash: record.previousSecretHash ?? null,
    previousSecretExpiresMs: record.previousSecretExpiresMs ?? null,
    expiresMs: Math.min(record.idleExpiresMs, record.absoluteExpiresMs),
    heapIndex: -1,
  };
}

/** A fresh record from an entry; JSON.parse keeps a "__proto__" data key a plain own key. */
export function toRecord(entry: Entry): SessionRecord {
  return {
    id: entry.id,
    secretHash: entry.secretHash,
    userId: entry.userId,
    data: JSON.parse(entry.dataJson) as SessionData,
    createdMs: entry.createdMs,
    lastSeenMs: entry.lastSeenMs,
    idleExpiresMs: entry.idleExpiresMs,
    absoluteExpiresMs: entry.absoluteExpiresMs,
    authenticatedMs: entry.authenticatedMs,
    rotatedMs: entry.rotatedMs,
    persistent: entry.persistent,
    meta: { ip: entry.ip, userAgent: entry.userAgent },
    deviceBinding: entry.bindingJson === null ? null : (JSON.parse(entry.bindingJson) as DeviceBinding),
    previousSecretHash: entry.previousSecretHash,
    previousSecretExpiresMs: entry.previousSecretExpiresMs,
  };
}

/** Set `key` as an own data property even when it is "__proto__" (plain assignment would not). */
export function defineKey(target: SessionData, key: string, value: SessionData[string]): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
