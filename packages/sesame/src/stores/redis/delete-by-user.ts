/**
 * deleteByUser on Redis: one script on a standalone Redis; on a Cluster, a delete of every indexed
 * session that follows the rotation trail (keys.ts, `r:{<id>}`) of each (see redis-store.ts).
 *
 * @module
 */
import type { DeleteByUserOptions } from '../../store.js';
import type { RedisParts } from './parts.js';
import * as lua from './scripts.js';
import { pruneMax } from './user-index.js';

/** Rotations deleteByUser follows from one indexed id; each needs a rotation racing the previous hop. */
const MAX_TRAIL_HOPS = 64;

/** Delete every session of `userId` but `options.exceptId`; resolves to how many live ones were deleted. */
export async function deleteByUser(
  parts: RedisParts,
  userId: string,
  options: DeleteByUserOptions,
): Promise<number> {
  const { connection, keys, clock, index } = parts;
  const nowMs = clock.now();
  if (!connection.isCluster) {
    const indexKey = keys.userIndex(userId);
    const args = [String(nowMs), pruneMax(nowMs), keys.sessionStart, options.exceptId ?? ''];
    return Number(await connection.script(lua.DELETE_BY_USER, [indexKey], args));
  }
  const listed = (await index.members(userId, nowMs)).filter((id) => id !== options.exceptId);
  const chains = await Promise.all(listed.map((id) => deleteChain(parts, id, options.exceptId, nowMs)));
  const gone = chains.flatMap((chain) => chain.gone);
  if (gone.length > 0) await index.remove(userId, gone);
  return chains.reduce((sum, chain) => sum + chain.deleted, 0);
}

/**
 * Delete the session `id`, and when a rotation moved it to a new id first, the session it
 * became, following the trail (keys.ts, `r:{<id>}`) to its end or to `exceptId`. That trail is
 * what keeps a rotation racing "sign out everywhere" from escaping: the rotation's new id may be
 * indexed after the index was read, but it is written before the old record is deleted, in the
 * step that leaves the trail (issue 10). Returns the ids whose records are gone for good (their
 * index entries can go) and how many live sessions were deleted.
 */
async function deleteChain(
  parts: RedisParts,
  first: string,
  exceptId: string | undefined,
  nowMs: number,
): Promise<{ gone: string[]; deleted: number }> {
  const { connection, keys } = parts;
  const gone: string[] = [];
  let id: string | null = first;
  for (let hop = 0; hop < MAX_TRAIL_HOPS && id !== null && id !== exceptId; hop++) {
    const reply = await connection.script(
      lua.DELETE_OR_FOLLOW,
      [keys.session(id), keys.rotatedTo(id)],
      [String(nowMs)],
    );
    const { status } = lua.parseStatus(reply);
    const next = status === 0 ? lua.parseRotatedTo(reply) : null;
    // A missing record without a trail may be a create in flight (redis-store.ts): keep its entry.
    if (status !== 0 || next !== null) gone.push(id);
    if (status !== 0) return { gone, deleted: status === 1 ? 1 : 0 };
    id = next;
  }
  if (id === null || id === exceptId) return { gone, deleted: 0 };
  throw new Error(
    `redisStore: session ${first} rotated more than ${MAX_TRAIL_HOPS} times while deleteByUser followed it`,
  );
}
