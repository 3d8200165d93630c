/**
 * The per-instance read cache that the Redis and PostgreSQL stores put in front of `get` when
 * their `cache` option is set (issue 15). It is only ever as fresh as its invalidation channel
 * (Redis `CLIENT TRACKING`, PostgreSQL `LISTEN`), so it serves a record only while that channel
 * is known to be alive:
 *
 * - **Coherent.** The channel reports every change the server makes to a session, whoever made
 *   it; `invalidate(id)` drops the entry. A read that was already on its way when an
 *   invalidation came in is not kept (`#pending`): its answer may predate the change.
 * - **Fail closed.** `down()` (the channel's connection dropped) empties the cache and bypasses
 *   it; `up()` (the channel is back and listening) empties it again, since changes made while
 *   it was away were never reported, and only then serves from it. Between two heartbeats
 *   (`confirm`) a silently dead connection is caught by the lease: with no answer on the channel
 *   for `maxSilenceMs`, reads bypass the cache until one comes.
 * - **Timeouts from the record.** A cached record past its idle or absolute expiry is never
 *   served: it is dropped and read again from the server, which may hold a later idle expiry
 *   (touched on another instance).
 * - **Read your own writes.** Each write of the store runs through {@link ReadCache.write}, which
 *   drops what the write may change before and after it runs, so the instance that wrote never
 *   serves the copy from before its own write while the server's report is still on its way.
 *
 * Bounded by entries, least recently used first out. Records are copied in and out: `data` is
 * kept as JSON, so no caller's object aliases a cached one.
 *
 * @module
 */
import type { Clock } from '../../clock.js';
import type { GetOptions, SessionRecord, SessionStore } from '../../store.js';
import type { ReadCacheSettings } from './options.js';

/** The store methods that change records: every one but the reads and `close`. */
export type StoreWrite = Exclude<keyof SessionStore, 'get' | 'listByUser' | 'close'>;

/** What a write may change, as far as the cache of the instance that runs it can tell. */
export type WriteScope = { ids: readonly string[] } | { userId: string } | 'all';

/**
 * What each write may change, by method. The type lists every write method of SessionStore, so a
 * method added to the contract does not compile until it is named here; a store method that
 * writes through {@link ReadCache.write} under its name then drops the right entries. Other
 * instances do not depend on this table: the server reports every change to them.
 */
export const WRITE_SCOPES: {
  readonly [K in StoreWrite]: (...args: Parameters<SessionStore[K]>) => WriteScope;
} = {
  create: (record) => ({ ids: [record.id] }),
  applyDelta: (id) => ({ ids: [id] }),
  touch: (id) => ({ ids: [id] }),
  replace: (oldId, record) => ({ ids: [oldId, record.id] }),
  renewSecret: (id) => ({ ids: [id] }),
  delete: (id) => ({ ids: [id] }),
  deleteByUser: (userId) => ({ userId }),
  // The sweep's `nowMs` may be ahead of this store's clock; it runs rarely, so drop everything.
  deleteExpired: () => 'all',
};

interface Entry {
  /** The record with `data` left out (`{}`); the data is `dataJson`. */
  readonly record: SessionRecord;
  readonly dataJson: string;
}

/** A read on its way to the server; `stale` once an invalidation for its id came in meanwhile. */
interface PendingRead {
  stale: boolean;
}

/** Counters, for tests and the bench. */
export interface ReadCacheStats {
  /** Whether reads are served from the cache now (channel up and heard from lately). */
  readonly active: boolean;
  /** Records held. */
  readonly entries: number;
  /** Reads answered from the cache. */
  readonly hits: number;
  /** Reads that went to the server while the cache was active. */
  readonly misses: number;
  /** Reads that went to the server because the cache was not active. */
  readonly bypassed: number;
}

/** Time for the heartbeat lease: monotonic, never the session clock (which tests stop). */
const performanceNow = (): number => performance.now();

/** The cache of one store instance. */
export class ReadCache {
  readonly #maxEntries: number;
  readonly #maxSilenceMs: number;
  readonly #clock: Clock;
  readonly #monotonicMs: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Set<PendingRead>>();
  #up = false;
  #freshUntilMs = 0;
  #hits = 0;
  #misses = 0;
  #bypassed = 0;

  /**
   * `clock` judges expiry, as the store's does; `monotonicMs` times the heartbeat lease (tests
   * pass one they move).
   */
  constructor(settings: ReadCacheSettings, clock: Clock, monotonicMs: () => number = performanceNow) {
    this.#maxEntries = settings.maxEntries;
    this.#maxSilenceMs = settings.maxSilenceMs;
    this.#clock = clock;
    this.#monotonicMs = monotonicMs;
  }

  /**
   * The record `id`, from the cache when it holds a live copy, else from `fetchTracked` (a read
   * the channel will report changes to, kept) or, while the cache is not active, `fetchPlain`
   * (not kept). A tracked read that fails falls back to a plain one: the channel is probably
   * down, which bypasses the cache, never the store. A live copy that `options.revalidate`
   * refuses is dropped and read again, tracked (store.ts, GetOptions).
   */
  async get(
    id: string,
    fetchTracked: () => Promise<SessionRecord | null>,
    fetchPlain: () => Promise<SessionRecord | null>,
    options?: GetOptions,
  ): Promise<SessionRecord | null> {
    if (!this.#active()) {
      this.#bypassed++;
      return fetchPlain();
    }
    const entry = this.#entries.get(id);
    if (entry !== undefined) {
      const nowMs = this.#clock.now();
      const live = entry.record.idleExpiresMs > nowMs && entry.record.absoluteExpiresMs > nowMs;
      // A token renewed on another instance a moment ago: its secret is not in this copy yet.
      if (live && options?.revalidate?.(entry.record) !== false) {
        this.#hits++;
        // Map order is insertion order: moving the entry to the end makes it the most recent.
        this.#entries.delete(id);
        this.#entries.set(id, entry);
        return copyOut(entry);
      }
      this.#entries.delete(id);
    }
    this.#misses++;
    const pending: PendingRead = { stale: false };
    let reads = this.#pending.get(id);
    if (reads === undefined) this.#pending.set(id, (reads = new Set()));
    reads.add(pending);
    let record: SessionRecord | null;
    try {
      record = await fetchTracked();
    } catch {
      pending.stale = true;
      return fetchPlain();
    } finally {
      reads.delete(pending);
      if (reads.size === 0 && this.#pending.get(id) === reads) this.#pending.delete(id);
    }
    if (record !== null && !pending.stale && this.#up) this.#keep(record);
    return record;
  }

  /**
   * Run a write of the store, dropping what it may change before it starts and after it ends,
   * failed or not (a write that timed out may still have happened).
   */
  async write<K extends StoreWrite, T>(
    method: K,
    args: Parameters<SessionStore[K]>,
    run: () => Promise<T>,
  ): Promise<T> {
    const scope = (WRITE_SCOPES[method] as (...a: Parameters<SessionStore[K]>) => WriteScope)(...args);
    this.#drop(scope);
    try {
      return await run();
    } finally {
      this.#drop(scope);
    }
  }

  /** The server changed or removed `id`. */
  invalidate(id: string): void {
    this.#entries.delete(id);
    const reads = this.#pending.get(id);
    if (reads !== undefined) for (const read of reads) read.stale = true;
  }

  /** Forget everything, including reads on their way. */
  invalidateAll(): void {
    this.#entries.clear();
    for (const reads of this.#pending.values()) for (const read of reads) read.stale = true;
  }

  /** The channel is lost: empty the cache and bypass it until {@link up}. */
  down(): void {
    this.#up = false;
    this.#freshUntilMs = 0;
    this.invalidateAll();
  }

  /**
   * The channel listens again (or for the first time). What changed while it was away was never
   * reported, so the cache starts empty.
   */
  up(): void {
    this.invalidateAll();
    this.#up = true;
    this.#freshUntilMs = this.#monotonicMs() + this.#maxSilenceMs;
  }

  /**
   * A heartbeat sent at `sentAtMs` (monotonic, {@link now}) was answered on the channel's
   * connection: every report the server queued before it has been handled, so the cache is
   * known to be coherent as of then.
   */
  confirm(sentAtMs: number): void {
    if (this.#up) this.#freshUntilMs = Math.max(this.#freshUntilMs, sentAtMs + this.#maxSilenceMs);
  }

  /** The monotonic time heartbeats are stamped with. */
  now(): number {
    return this.#monotonicMs();
  }

  stats(): ReadCacheStats {
    return {
      active: this.#active(),
      entries: this.#entries.size,
      hits: this.#hits,
      misses: this.#misses,
      bypassed: this.#bypassed,
    };
  }

  #active(): boolean {
    return this.#up && this.#monotonicMs() < this.#freshUntilMs;
  }

  #keep(record: SessionRecord): void {
    const { data, ...rest } = record;
    this.#entries.delete(record.id);
    this.#entries.set(record.id, {
      record: { ...rest, data: {}, meta: { ...record.meta } },
      dataJson: JSON.stringify(data),
    });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  #drop(scope: WriteScope): void {
    if (scope === 'all') {
      this.invalidateAll();
    } else if ('ids' in scope) {
      for (const id of scope.ids) this.invalidate(id);
    } else {
      for (const [id, entry] of this.#entries)
        if (entry.record.userId === scope.userId) this.#entries.delete(id);
      // A read on its way may belong to the user: it is not known until it lands.
      for (const reads of this.#pending.values()) for (const read of reads) read.stale = true;
    }
  }
}

function copyOut(entry: Entry): SessionRecord {
  return {
    ...entry.record,
    data: JSON.parse(entry.dataJson) as SessionRecord['data'],
    meta: { ...entry.record.meta },
  };
}

/**
 * How a store with an optional read cache runs each write: through `cache`, so this instance drops
 * what the write changes (a method missing from {@link WRITE_SCOPES} does not compile), or as it
 * is without one. Other instances hear of the change from the server.
 */
export function writeThrough<K extends StoreWrite, T>(
  cache: ReadCache | null,
  method: K,
  args: Parameters<SessionStore[K]>,
  run: () => Promise<T>,
): Promise<T> {
  return cache === null ? run() : cache.write(method, args, run);
}
