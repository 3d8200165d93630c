/**
 * deleteExpired on Redis: SCAN every master for this prefix's session keys and delete the
 * expired ones, each in a script that checks again, so a session touched meanwhile stays. Redis
 * already drops sessions by TTL; this exists for the contract and for injected clocks, and walks
 * the whole keyspace, so apps on Redis should not schedule it.
 *
 * @module
 */
import type { Connection } from './connection.js';
import { text } from './connection.js';
import type { KeyLayout } from './keys.js';
import * as lua from './scripts.js';
import type { UserIndex } from './user-index.js';

/** Keys asked for per SCAN step, and the most steps per node (bounds the walk). */
const SCAN_COUNT = 1_000;
const MAX_SCAN_STEPS = 100_000;

/** Delete every session of this prefix that expired at or before `nowMs`. Returns the count. */
export async function sweepExpired(
  connection: Connection,
  keys: KeyLayout,
  index: UserIndex,
  nowMs: number,
): Promise<number> {
  let deleted = 0;
  for (const node of await connection.masterClients()) {
    let cursor = '0';
    for (let step = 0; step < MAX_SCAN_STEPS; step++) {
      const args = ['SCAN', cursor, 'MATCH', keys.sessionPattern, 'COUNT', String(SCAN_COUNT)];
      const [next, found] = (await node.sendCommand(args)) as [unknown, unknown[]];
      deleted += await deleteIfExpired(connection, keys, index, found.map(text), nowMs);
      cursor = text(next);
      if (cursor === '0') break;
    }
  }
  return deleted;
}

/** Delete the expired records among `sessionKeys`, then their index entries (index last). */
async function deleteIfExpired(
  connection: Connection,
  keys: KeyLayout,
  index: UserIndex,
  sessionKeys: readonly string[],
  nowMs: number,
): Promise<number> {
  const results = await Promise.all(
    sessionKeys.map(async (key) =>
      lua.parseStatus(await connection.script(lua.DELETE_IF_EXPIRED, [key], [String(nowMs)])),
    ),
  );
  const idsByUser = new Map<string, string[]>();
  let deleted = 0;
  results.forEach(({ status, userId }, i) => {
    if (status !== 1) return;
    deleted++;
    const id = keys.idOf(sessionKeys[i] ?? '');
    if (userId !== null && id !== null) idsByUser.set(userId, [...(idsByUser.get(userId) ?? []), id]);
  });
  await Promise.all([...idsByUser].map(([userId, ids]) => index.remove(userId, ids)));
  return deleted;
}
