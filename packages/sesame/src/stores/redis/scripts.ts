/**
 * The Lua scripts of the Redis store. A script runs atomically on its node, so every
 * check-then-write (is the session still alive? then write) happens in one step that no other
 * client can interleave with (Redis docs, "Scripting with Lua": atomicity). Scripts only touch
 * the keys they are given, as Cluster requires.
 *
 * Times arrive as decimal strings from the store's clock, never from the server's, so tests can
 * move time and app instances agree on expiry. Numbers that go back into the hash are the caller's
 * own strings, not values Lua formatted (Lua 5.1 would print 1.7e+12).
 *
 * @module
 */
import { FIELD } from './codec.js';
import { luaScript, text } from './connection.js';
import { EXPIRY_GRACE_MS } from './ttl.js';

const PRELUDE = `
local function alive(idle, absolute, now)
  idle, absolute = tonumber(idle), tonumber(absolute)
  return idle ~= nil and absolute ~= nil and idle > now and absolute > now
end
local function writeRecord(key, ttlMs, first)
  redis.call('DEL', key)
  redis.call('HSET', key, unpack(ARGV, first))
  redis.call('PEXPIRE', key, ttlMs)
end
-- The index is a sorted set scored by absolute expiry: entries past it (and a grace period) are
-- certainly dead, so they can be pruned on any write without racing a create in flight. Returns
-- the entries left: the user's session count, over by any that ended without being swept yet
-- (idle expiry, or a crash between the steps of a Cluster write), as store.ts allows.
-- A touch (docs/architecture.md §1.4): lastSeen, and the idle expiry capped at the absolute one
-- (given as read by the caller), with the key's TTL following it (the grace of ttl.ts).
local function touchRecord(key, lastSeen, idle, absolute, now)
  if tonumber(idle) > tonumber(absolute) then idle = absolute end
  redis.call('HSET', key, '${FIELD.lastSeenMs}', lastSeen, '${FIELD.idleExpiresMs}', idle)
  redis.call('PEXPIRE', key, string.format('%d', math.max(tonumber(idle) - now + ${EXPIRY_GRACE_MS}, 1)))
end
local function indexAdd(key, id, absoluteMs, pruneMaxMs, indexTtlMs)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', pruneMaxMs)
  redis.call('ZADD', key, absoluteMs, id)
  if redis.call('PTTL', key) < tonumber(indexTtlMs) then redis.call('PEXPIRE', key, indexTtlMs) end
  return redis.call('ZCARD', key)
end
`;

const TIMES = `'${FIELD.idleExpiresMs}', '${FIELD.absoluteExpiresMs}'`;

/**
 * KEYS: session[, user index]. ARGV: recordTtlMs, id, absoluteExpiresMs, pruneMaxMs, indexTtlMs,
 * field, value, …  With both keys (standalone) the index and the record change together, and the
 * reply is the user's session count; with the session key alone, 0.
 */
export const CREATE = luaScript(`${PRELUDE}
local held = 0
if KEYS[2] then held = indexAdd(KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[5]) end
writeRecord(KEYS[1], ARGV[1], 6)
return held`);

/**
 * KEYS: user index. ARGV: id, absoluteExpiresMs, pruneMaxMs, indexTtlMs. Returns the user's
 * session count (the Cluster half of a create).
 */
export const INDEX_ADD = luaScript(`${PRELUDE}
return indexAdd(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])`);

/** KEYS: user index. ARGV: pruneMaxMs. Returns the ids left. */
export const INDEX_MEMBERS = luaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`);

/**
 * KEYS: session. ARGV: nowMs, lastSeenMs and idleExpiresMs of a touch ('' and '' for none),
 * removeCount, field × removeCount, field, value, …
 * Returns 1, or 0 (and writes nothing) when the session is missing or expired.
 */
export const APPLY_DELTA = luaScript(`${PRELUDE}
local times = redis.call('HMGET', KEYS[1], ${TIMES})
local now = tonumber(ARGV[1])
if not alive(times[1], times[2], now) then return 0 end
local removeCount = tonumber(ARGV[4])
if removeCount > 0 then redis.call('HDEL', KEYS[1], unpack(ARGV, 5, 4 + removeCount)) end
if #ARGV > 4 + removeCount then redis.call('HSET', KEYS[1], unpack(ARGV, 5 + removeCount)) end
if ARGV[2] ~= '' then touchRecord(KEYS[1], ARGV[2], ARGV[3], times[2], now) end
return 1`);

/**
 * KEYS: session. ARGV: nowMs, lastSeenMs, idleExpiresMs. The idle expiry (and so the TTL, with
 * the grace of ttl.ts) is capped at the record's absolute expiry (docs/architecture.md §1.4). Returns 1, or 0
 * when missing/expired.
 */
export const TOUCH = luaScript(`${PRELUDE}
local times = redis.call('HMGET', KEYS[1], ${TIMES})
local now = tonumber(ARGV[1])
if not alive(times[1], times[2], now) then return 0 end
touchRecord(KEYS[1], ARGV[2], ARGV[3], times[2], now)
return 1`);

/**
 * A renewal's compare-and-swap (docs/architecture.md §1.13). KEYS: session. ARGV: nowMs,
 * expectedSecretHash, secretHash, previousSecretExpiresMs, rotatedMs. Returns 1, or 0 (and writes
 * nothing) when the session is missing, expired or its secret is no longer the expected one. HSET
 * keeps the key's TTL, and the user index is not touched: the id stays the same.
 */
export const RENEW_SECRET = luaScript(`${PRELUDE}
local fields = redis.call('HMGET', KEYS[1], ${TIMES}, '${FIELD.secretHash}')
if not alive(fields[1], fields[2], tonumber(ARGV[1])) or fields[3] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], '${FIELD.previousSecretHash}', ARGV[2], '${FIELD.previousSecretExpiresMs}', ARGV[4],
  '${FIELD.secretHash}', ARGV[3], '${FIELD.rotatedMs}', ARGV[5])
return 1`);

/**
 * KEYS: session. ARGV: nowMs. Returns { status, userId }: status 0 = there was nothing,
 * 1 = a live session was deleted, 2 = an expired one was.
 */
export const DELETE = luaScript(`${PRELUDE}
local fields = redis.call('HMGET', KEYS[1], '${FIELD.userId}', ${TIMES})
if redis.call('DEL', KEYS[1]) == 0 then return { 0, false } end
if alive(fields[2], fields[3], tonumber(ARGV[1])) then return { 1, fields[1] } end
return { 2, fields[1] }`);

/** KEYS: session. ARGV: nowMs. Deletes it only when expired. Returns { deleted, userId }. */
export const DELETE_IF_EXPIRED = luaScript(`${PRELUDE}
local fields = redis.call('HMGET', KEYS[1], '${FIELD.userId}', ${TIMES})
if not fields[2] or alive(fields[2], fields[3], tonumber(ARGV[1])) then return { 0, false } end
redis.call('DEL', KEYS[1])
return { 1, fields[1] }`);

/**
 * Rotation on one node. KEYS: old session, new session[, new user index].
 * ARGV: nowMs, oldId, newUserId ('' for none), then CREATE's ARGV.
 * Returns { 0 } when the old session is missing or expired (nothing written), else
 * { 1, oldUserId, userSessions }: oldUserId is set when the caller still has to drop the old id
 * from that user's index (a key this script was not given), and userSessions is the new user's
 * count as CREATE reports it (0 for an anonymous record), the old id no longer in it.
 */
export const REPLACE = luaScript(`${PRELUDE}
local old = redis.call('HMGET', KEYS[1], '${FIELD.userId}', ${TIMES})
if not alive(old[2], old[3], tonumber(ARGV[1])) then return { 0, false } end
local held = 0
if KEYS[3] then held = indexAdd(KEYS[3], ARGV[5], ARGV[6], ARGV[7], ARGV[8]) end
writeRecord(KEYS[2], ARGV[4], 9)
redis.call('DEL', KEYS[1])
if old[1] and KEYS[3] and old[1] == ARGV[3] then
  held = held - redis.call('ZREM', KEYS[3], ARGV[2])
  return { 1, false, held }
end
return { 1, old[1], held }`);

/**
 * The last step of a rotation on a Cluster: DELETE of the old session, and when it was alive and
 * the new record has the same user, the new id left at the old one's rotated-to key in the same
 * step (keys.ts). KEYS: old session, its rotated-to key. ARGV: nowMs, newId, newUserId ('' for
 * none), rotatedTtlMs. Returns what DELETE returns.
 */
export const DELETE_ROTATED = luaScript(`${PRELUDE}
local fields = redis.call('HMGET', KEYS[1], '${FIELD.userId}', ${TIMES})
if redis.call('DEL', KEYS[1]) == 0 then return { 0, false } end
if not alive(fields[2], fields[3], tonumber(ARGV[1])) then return { 2, fields[1] } end
if fields[1] and fields[1] == ARGV[3] then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4]) end
return { 1, fields[1] }`);

/**
 * deleteByUser's DELETE on a Cluster. KEYS: session, its rotated-to key. ARGV: nowMs. Returns
 * what DELETE returns and, when there was nothing to delete, the id the session rotated to, if
 * it did.
 */
export const DELETE_OR_FOLLOW = luaScript(`${PRELUDE}
local fields = redis.call('HMGET', KEYS[1], '${FIELD.userId}', ${TIMES})
if redis.call('DEL', KEYS[1]) == 0 then return { 0, false, redis.call('GET', KEYS[2]) } end
if alive(fields[2], fields[3], tonumber(ARGV[1])) then return { 1, fields[1] } end
return { 2, fields[1] }`);

/**
 * deleteByUser on one node, whole: every session in the user's index but `exceptId`, records and
 * entries, in one atomic step, so no rotation or create can fall between reading the index and
 * deleting (issue 10). The session keys are built here from the index, so they are not in KEYS:
 * Redis allows that on one node, and this script never runs on a Cluster. On one node a create
 * or replace writes record and entry in one script, so an entry without a record is dead and goes.
 * KEYS: user index. ARGV: nowMs, pruneMaxMs, session key start (`<prefix>s:{`), exceptId.
 * Returns how many live sessions were deleted.
 */
export const DELETE_BY_USER = luaScript(`${PRELUDE}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local now = tonumber(ARGV[1])
local deleted = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if id ~= ARGV[4] then
    local key = ARGV[3] .. id .. '}'
    local times = redis.call('HMGET', key, ${TIMES})
    if redis.call('DEL', key) == 1 and alive(times[1], times[2], now) then deleted = deleted + 1 end
    redis.call('ZREM', KEYS[1], id)
  end
end
return deleted`);

/** A `{ status, userId }` reply of DELETE, DELETE_IF_EXPIRED or REPLACE. */
export function parseStatus(reply: unknown): { status: number; userId: string | null } {
  const [status, userId] = Array.isArray(reply) ? (reply as unknown[]) : [];
  return {
    status: Number(status ?? 0),
    userId: userId === null || userId === undefined ? null : text(userId),
  };
}

/** The user's session count in a REPLACE reply (its third element). */
export function parseReplacedCount(reply: unknown): number {
  return Number(Array.isArray(reply) ? (reply as unknown[])[2] : undefined);
}

/** The rotated-to id in a DELETE_OR_FOLLOW reply (its third element), or null. */
export function parseRotatedTo(reply: unknown): string | null {
  const next = Array.isArray(reply) ? (reply as unknown[])[2] : undefined;
  return next === null || next === undefined || next === false ? null : text(next);
}
