/**
 * Rotation (the store's replace) on Redis: the whole of it in one script on a standalone Redis, in
 * the order that keeps the user index invariant on a Cluster (see redis-store.ts).
 *
 * @module
 */
import type { CreateResult, SessionRecord } from '../../store.js';
import { FIELD } from './codec.js';
import { text } from './connection.js';
import { createArgs, createRecord } from './create.js';
import type { RedisParts } from './parts.js';
import * as lua from './scripts.js';
import { ROTATED_TTL_MS } from './ttl.js';

/**
 * Standalone: the whole rotation in one script. Only when the old session belonged to another
 * user does its entry need a second command (that user's index is a key the script was not
 * given); anonymous to signed in, and a user's own rotation, stay one round trip.
 */
export async function replaceAtOnce(
  parts: RedisParts,
  oldId: string,
  record: SessionRecord,
): Promise<CreateResult | null> {
  const { connection, keys: layout, clock, index } = parts;
  const keys = [layout.session(oldId), layout.session(record.id)];
  if (record.userId !== null) keys.push(layout.userIndex(record.userId));
  const nowMs = clock.now();
  const args = [String(nowMs), oldId, record.userId ?? '', ...createArgs(index, record, nowMs)];
  const reply = await connection.script(lua.REPLACE, keys, args);
  const { status, userId } = lua.parseStatus(reply);
  if (status === 0) return null;
  if (userId !== null) await index.remove(userId, [oldId]);
  return { userSessions: lua.parseReplacedCount(reply) };
}

/**
 * Cluster: the rotation in the order that keeps the index invariant (see the top of
 * redis-store.ts). `deleteSession` is the store's own delete, used to undo the new record.
 */
export async function replaceInSteps(
  parts: RedisParts,
  oldId: string,
  record: SessionRecord,
  deleteSession: (id: string) => Promise<void>,
): Promise<CreateResult | null> {
  const { connection, keys, clock, index } = parts;
  const oldKey = keys.session(oldId);
  const [idle, absolute, oldUserId] = (await connection.command(oldKey, [
    'HMGET',
    oldKey,
    FIELD.idleExpiresMs,
    FIELD.absoluteExpiresMs,
    FIELD.userId,
  ])) as [unknown, unknown, unknown];
  const nowMs = clock.now();
  if (idle === null || absolute === null || !(Number(idle) > nowMs && Number(absolute) > nowMs)) return null;
  const { userSessions } = await createRecord(parts, record);
  const args = [String(clock.now()), record.id, record.userId ?? '', String(ROTATED_TTL_MS)];
  const old = lua.parseStatus(
    await connection.script(lua.DELETE_ROTATED, [oldKey, keys.rotatedTo(oldId)], args),
  );
  if (old.userId !== null) await index.remove(old.userId, [oldId]);
  if (old.status === 1) {
    // A user's own rotation: the index still held the old id when create counted it.
    const ownRotation = oldUserId !== null && record.userId !== null && text(oldUserId) === record.userId;
    return { userSessions: ownRotation ? userSessions - 1 : userSessions };
  }
  // Revoked, rotated or expired since the check: undo, so nothing outlives the old session.
  await deleteSession(record.id);
  return null;
}
