/**
 * The Redis store, on the official `redis` client (node-redis), standalone or Cluster.
 *
 * Layout (keys.ts): one hash per session at `s:{<id>}`, one sorted set per user at
 * `u:{<userId>}` holding the user's session ids scored by their absolute expiry. TTLs come from
 * the record's own times (ttl.ts), so Redis forgets a session shortly after Sesame stops accepting
 * it; the store checks every record against its clock, and the TTL is only the garbage collector.
 *
 * Why this layout on Cluster. `get(id)` is the hot path and must be one round trip (docs/architecture.md §1.7),
 * and it knows only the id; ids are 16 random bytes fixed by the token format, so no user tag can
 * hide in them. The session key must therefore be slotted by the id, and the user index, which
 * groups many ids, by the user: the two almost never share a slot, and no script may touch both.
 * So the docs/architecture.md §4 invariant ("a session that exists is listed in its user's index") is kept by
 * order, each step an atomic script on one key:
 *
 * - create: index entry first, then the record. A failure in between leaves only an index entry
 *   without a record, which every reader skips.
 * - delete: record first, then the index entry. Same failure, same harmless leftover.
 * - replace (rotation): check the old record is alive, index the new id, write the new record,
 *   then delete the old one; if that delete finds the old record already gone (revoked or rotated
 *   by someone else meanwhile), the new record is deleted again and replace returns null, so a
 *   rotation racing a revocation never revives a session, and of parallel rotations one wins.
 * - deleteByUser: read the index, delete each record, then drop their entries. When a record it
 *   read was already gone, a rotation may have moved it to a new id indexed after the read: a
 *   user's own rotation leaves the new id behind (keys.ts, `r:{<id>}`) in the step that deletes
 *   the old record, and deleteByUser follows it. Reading the index again instead, as it once did,
 *   lost the chase to a client rotating in a loop (issue 10). A session created after the read
 *   is a later session. Each hop of the trail is one round trip, a rotation on a Cluster four or
 *   five, so the chase ends.
 * - Stale entries (a crash between steps, or a record Redis expired by TTL) are never pruned for
 *   being missing, since on Cluster a missing record may be a create in flight whose record write
 *   has not landed. They are pruned by score instead, once their absolute expiry plus the TTL
 *   grace of ttl.ts has passed: by then the session key's own TTL has run out too.
 *
 * On a standalone Redis the same keys live on one node, so create and replace touch the record and
 * the index in one atomic script (one round trip), and deleteByUser is one script that deletes
 * every indexed session at once: no rotation can fall between its read and its deletes, and no
 * trail is needed. Everything else runs the same on both.
 *
 * The user's session count that create and replace report (store.ts, CreateResult) is the size of
 * the user's index right after the new entry went in (ZCARD, in the same script as the ZADD, after
 * the prune by score). Since stale entries are pruned only by score, it may count sessions that
 * ended by idle expiry or a crash between steps: an over-count, never an under-count, because by
 * the invariant above every live session has its entry.
 *
 * Outages: the store rejects when the client does; it never retries or waits. Make the client with
 * `redisClientOptions()` (client-options.ts: offline queue off, so calls fail fast while it
 * reconnects; reconnect after every failure; a hung connection cut), and attach
 * `client.on('error', …)`: node-redis emits 'error' on every lost connection, and an
 * EventEmitter without an 'error' listener crashes the process. The store's commands do not use
 * the client's per-command timeout (connection.ts): `storeTimeout` is what bounds a call, so a
 * store method called directly, outside the engine, waits for Redis's answer or a lost connection.
 *
 * @module
 */
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import type {
  CreateResult,
  DeleteByUserOptions,
  GetOptions,
  SecretRenewal,
  SessionDelta,
  SessionRecord,
  SessionStore,
} from '../../store.js';
import type { ReadCacheOptions } from '../read-cache/options.js';
import { readCacheSettings } from '../read-cache/options.js';
import type { ReadCacheStats } from '../read-cache/read-cache.js';
import { ReadCache, writeThrough } from '../read-cache/read-cache.js';
import { decodeRecord, encodeDelta } from './codec.js';
import type { RedisClientLike } from './connection.js';
import { Connection } from './connection.js';
import { createRecord } from './create.js';
import { deleteByUser } from './delete-by-user.js';
import type { KeyLayout } from './keys.js';
import { keyLayout } from './keys.js';
import type { RedisParts } from './parts.js';
import { replaceAtOnce, replaceInSteps } from './rotation.js';
import * as lua from './scripts.js';
import { sweepExpired } from './sweep.js';
import { RedisTracking } from './tracking.js';
import { UserIndex } from './user-index.js';

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * A connected client from `redis` (`createClient()` or `createCluster()`); the app owns it and
   * closes it. Create it with `redisClientOptions()` (client-options.ts) and an `'error'` listener.
   */
  client: RedisClientLike;
  /** Prepended to every key, so several apps can share a Redis. No `{` or `}`. Default `sesame:`. */
  prefix?: string;
  /** The clock used for expiry checks. Default: the system clock. */
  clock?: Clock;
  /**
   * Keep recently read sessions in this process, kept coherent by Redis's server-assisted
   * client-side caching (`CLIENT TRACKING` on a connection the store opens, tracking.ts). Off by
   * default. Standalone `createClient()` clients only. See docs/scaling.md, "Read cache".
   */
  cache?: ReadCacheOptions;
}

/** A {@link SessionStore} on Redis or Redis Cluster. Create it with {@link redisStore}. */
export class RedisStore implements SessionStore {
  readonly #connection: Connection;
  readonly #keys: KeyLayout;
  readonly #clock: Clock;
  readonly #index: UserIndex;
  readonly #parts: RedisParts;
  readonly #cache: ReadCache | null = null;
  readonly #tracking: RedisTracking | null = null;

  constructor(options: RedisStoreOptions) {
    this.#connection = new Connection(options.client);
    this.#keys = keyLayout(options.prefix ?? 'sesame:');
    this.#clock = options.clock ?? systemClock;
    this.#index = new UserIndex(this.#connection, this.#keys);
    this.#parts = { connection: this.#connection, keys: this.#keys, clock: this.#clock, index: this.#index };
    if (options.cache !== undefined) {
      const settings = readCacheSettings('redisStore', options.cache);
      this.#cache = new ReadCache(settings, this.#clock);
      this.#tracking = new RedisTracking(options.client, this.#keys, this.#cache, settings);
    }
  }

  /** The read cache's counters, or `null` without the `cache` option. */
  cacheStats(): ReadCacheStats | null {
    return this.#cache?.stats() ?? null;
  }

  create(record: SessionRecord): Promise<CreateResult> {
    return writeThrough(this.#cache, 'create', [record], () => createRecord(this.#parts, record));
  }

  get(id: string, options?: GetOptions): Promise<SessionRecord | null> {
    const key = this.#keys.session(id);
    const plain = (): Promise<SessionRecord | null> =>
      this.#connection.command(key, ['HGETALL', key]).then((reply) => this.#liveRecord(id, reply));
    const tracking = this.#tracking;
    if (this.#cache === null || tracking === null) return plain();
    const tracked = (): Promise<SessionRecord | null> =>
      tracking.read(key).then((reply) => this.#liveRecord(id, reply));
    return this.#cache.get(id, tracked, plain, options);
  }

  #liveRecord(id: string, reply: unknown): SessionRecord | null {
    const record = decodeRecord(id, reply);
    return record !== null && this.#alive(record) ? record : null;
  }

  applyDelta(id: string, delta: SessionDelta): Promise<boolean> {
    return writeThrough(this.#cache, 'applyDelta', [id, delta], async () => {
      const { remove, write } = encodeDelta(delta);
      const { touch } = delta;
      const args = [
        String(this.#clock.now()),
        touch === undefined ? '' : String(touch.lastSeenMs),
        touch === undefined ? '' : String(touch.idleExpiresMs),
        String(remove.length),
        ...remove,
        ...write,
      ];
      return (await this.#connection.script(lua.APPLY_DELTA, [this.#keys.session(id)], args)) === 1;
    });
  }

  touch(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<boolean> {
    // Dropped here and on every instance (Redis reports the HSET): the next read fetches the new
    // idle expiry, so no instance judges the session by the one from before (issue 15).
    return writeThrough(this.#cache, 'touch', [id, lastSeenMs, idleExpiresMs], async () => {
      const args = [String(this.#clock.now()), String(lastSeenMs), String(idleExpiresMs)];
      return (await this.#connection.script(lua.TOUCH, [this.#keys.session(id)], args)) === 1;
    });
  }

  renewSecret(id: string, renewal: SecretRenewal): Promise<boolean> {
    return writeThrough(this.#cache, 'renewSecret', [id, renewal], async () => {
      const args = [
        String(this.#clock.now()),
        renewal.expectedSecretHash,
        renewal.secretHash,
        String(renewal.previousSecretExpiresMs),
        String(renewal.rotatedMs),
      ];
      return (await this.#connection.script(lua.RENEW_SECRET, [this.#keys.session(id)], args)) === 1;
    });
  }

  replace(oldId: string, record: SessionRecord): Promise<CreateResult | null> {
    return writeThrough(this.#cache, 'replace', [oldId, record], () =>
      this.#connection.isCluster
        ? replaceInSteps(this.#parts, oldId, record, (id) => this.delete(id))
        : replaceAtOnce(this.#parts, oldId, record),
    );
  }

  delete(id: string): Promise<void> {
    return writeThrough(this.#cache, 'delete', [id], async () => {
      const { userId } = await this.#deleteRecord(id, this.#clock.now());
      if (userId !== null) await this.#index.remove(userId, [id]);
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const ids = await this.#index.members(userId, this.#clock.now());
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is SessionRecord => r !== null && r.userId === userId);
  }

  deleteByUser(userId: string, options: DeleteByUserOptions = {}): Promise<number> {
    return writeThrough(this.#cache, 'deleteByUser', [userId, options], () =>
      deleteByUser(this.#parts, userId, options),
    );
  }

  deleteExpired(nowMs: number): Promise<number> {
    return writeThrough(this.#cache, 'deleteExpired', [nowMs], () =>
      sweepExpired(this.#connection, this.#keys, this.#index, nowMs),
    );
  }

  /** Closes the read cache's tracking connection, if any; the app's client stays open (it closes it). */
  close(): Promise<void> {
    this.#tracking?.close();
    this.#cache?.down();
    return Promise.resolve();
  }

  #alive(record: SessionRecord): boolean {
    const nowMs = this.#clock.now();
    return record.idleExpiresMs > nowMs && record.absoluteExpiresMs > nowMs;
  }

  async #deleteRecord(id: string, nowMs: number): Promise<{ status: number; userId: string | null }> {
    const reply = await this.#connection.script(lua.DELETE, [this.#keys.session(id)], [String(nowMs)]);
    return lua.parseStatus(reply);
  }
}

/**
 * A session store on Redis or Redis Cluster through the official `redis` client.
 *
 * @example
 * import { createClient } from 'redis';
 * import { redisClientOptions, redisStore } from 'sesame-session/stores/redis';
 *
 * const client = createClient({ url: process.env.REDIS_URL, ...redisClientOptions() });
 * client.on('error', (err) => logger.warn('redis', err)); // without a listener a lost connection crashes
 * await client.connect();
 * const sessions = createSessions({
 *   store: redisStore({ client }),
 *   secrets: process.env.SESSION_SECRET,
 *   origin: process.env.PUBLIC_ORIGIN, // e.g. https://app.example.com; required in production
 * });
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options);
}
