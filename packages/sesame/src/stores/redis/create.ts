/**
 * Writing a new session record on Redis, shared by create and the Cluster rotation: the index
 * entry first on a Cluster, both in one script on a standalone Redis (see redis-store.ts).
 *
 * @module
 */
import type { CreateResult, SessionRecord } from '../../store.js';
import { encodeRecord } from './codec.js';
import type { RedisParts } from './parts.js';
import * as lua from './scripts.js';
import { ttlMs } from './ttl.js';
import type { UserIndex } from './user-index.js';

/** ARGV of the CREATE script: TTL, index entry, then the record's fields. */
export function createArgs(index: UserIndex, record: SessionRecord, nowMs: number): string[] {
  const expiresMs = Math.min(record.idleExpiresMs, record.absoluteExpiresMs);
  return [String(ttlMs(expiresMs, nowMs)), ...index.entryArgs(record, nowMs), ...encodeRecord(record)];
}

/** Store `record` and index it under its user; resolves to the user's session count. */
export async function createRecord(parts: RedisParts, record: SessionRecord): Promise<CreateResult> {
  const { connection, keys, clock, index } = parts;
  const nowMs = clock.now();
  const sessionKey = keys.session(record.id);
  const args = createArgs(index, record, nowMs);
  if (record.userId === null) {
    await connection.script(lua.CREATE, [sessionKey], args);
    return { userSessions: 0 };
  }
  if (connection.isCluster) {
    const userSessions = await index.add(record.userId, record, nowMs);
    await connection.script(lua.CREATE, [sessionKey], args);
    return { userSessions };
  }
  const indexedKeys = [sessionKey, keys.userIndex(record.userId)];
  return { userSessions: Number(await connection.script(lua.CREATE, indexedKeys, args)) };
}
