/**
 * Key layout of the Redis store. Each key carries a hash tag (the text between the first `{` and
 * the next `}`), which decides its Cluster slot (Redis Cluster specification, "Hash tags"):
 *
 * - `<prefix>s:{<id>}` — the session hash, slotted by its id, because `get(id)` knows nothing else.
 * - `<prefix>u:{<userId>}` — the user's index, slotted by the user id.
 * - `<prefix>r:{<id>}` — on a Cluster, for a minute after a session rotated to a new id, that
 *   id: the trail deleteByUser follows (delete-by-user.ts). Slotted with the old session's key, so the script that
 *   deletes the old session writes it in the same step.
 *
 * The two tags differ, so on a Cluster a session and its index almost never share a slot; see
 * redis-store.ts for how the index invariant holds anyway.
 *
 * @module
 */
import { SesameError } from '../../errors.js';

/** Keys of one store, derived from its prefix. */
export interface KeyLayout {
  session(id: string): string;
  userIndex(userId: string): string;
  /** What every session key starts with: `session(id)` is this, the id, and `}`. */
  readonly sessionStart: string;
  /** Where a rotated session's successor id is kept for a while. */
  rotatedTo(id: string): string;
  /** The session id in a session key, or `null` when it is not one of ours. */
  idOf(sessionKey: string): string | null;
  /** A SCAN `MATCH` pattern for every session key of this prefix. */
  readonly sessionPattern: string;
}

/** Validate `prefix` and build the layout. */
export function keyLayout(prefix: string): KeyLayout {
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `redisStore option prefix must be a string without "{" or "}" (Sesame places its own Cluster hash tags); got ${JSON.stringify(prefix)}.`,
    );
  }
  const sessionStart = `${prefix}s:{`;
  return {
    session: (id) => `${sessionStart}${id}}`,
    sessionStart,
    idOf: (key) =>
      key.startsWith(sessionStart) && key.endsWith('}') ? key.slice(sessionStart.length, -1) : null,
    userIndex: (userId) => `${prefix}u:{${userId}}`,
    rotatedTo: (id) => `${prefix}r:{${id}}`,
    sessionPattern: `${escapeGlob(prefix)}s:{*}`,
  };
}

/** Escape the glob characters of SCAN MATCH (`*`, `?`, `[`, `]`, `\`) so the prefix is literal. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
