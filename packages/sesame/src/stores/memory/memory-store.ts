/**
 * The memory store: for tests and development only. It is bounded, expires records like the real
 * stores, and keeps each record as a JSON string so callers can never change stored state through
 * an object they hold (DESIGN §4). Production refuses it (`processLocal`, see config.ts): sessions
 * would vanish on restart and differ between instances.
 *
 * @module
 */
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { SesameError } from '../../errors.js';
import type {
  CreateResult,
  DeleteByUserOptions,
  SessionData,
  SessionDelta,
  SessionRecord,
  SessionStore,
} from '../../store.js';
import type { HeapItem } from './expiry-heap.js';
import { ExpiryHeap } from './expiry-heap.js';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Most records kept; at the limit, the one that expires soonest is evicted. Default 10 000. */
  maxSessions?: number;
  /** The clock used for expiry checks. Default: the system clock. */
  clock?: Clock;
}

interface Entry extends HeapItem {
  id: string;
  userId: string | null;
  /** The record as JSON, the only copy of its state. */
  json: string;
}

/** Run the synchronous work so that a throw (say, data that is not JSON) becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** Set `key` as an own data property even when it is "__proto__" (plain assignment would not). */
function defineKey(target: SessionData, key: string, value: SessionData[string]): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A {@link SessionStore} that lives in this process. Create it with {@link memoryStore}. */
export class MemoryStore implements SessionStore {
  /** Marks the store as unfit for production (config.ts `isProcessLocal`). */
  readonly processLocal = true;
  readonly #maxSessions: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #byUser = new Map<string, Set<string>>();
  readonly #byExpiry = new ExpiryHeap<Entry>();

  constructor(options: MemoryStoreOptions = {}) {
    const maxSessions = options.maxSessions ?? 10_000;
    if (!Number.isSafeInteger(maxSessions) || maxSessions < 1) {
      throw new SesameError(
        'ERR_CONFIG_INVALID',
        `memoryStore option maxSessions must be a whole number of at least 1; got ${String(maxSessions)}.`,
      );
    }
    this.#maxSessions = maxSessions;
    this.#clock = options.clock ?? systemClock;
  }

  /** How many records are held, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size;
  }

  create(record: SessionRecord): Promise<CreateResult> {
    return settle(() => this.#insert(record));
  }

  get(id: string): Promise<SessionRecord | null> {
    const entry = this.#live(id);
    return Promise.resolve(entry === undefined ? null : (JSON.parse(entry.json) as SessionRecord));
  }

  applyDelta(id: string, delta: SessionDelta): Promise<boolean> {
    return settle(() => this.#applyDelta(id, delta));
  }

  #applyDelta(id: string, delta: SessionDelta): boolean {
    const entry = this.#live(id);
    if (entry === undefined) return false;
    const record = JSON.parse(entry.json) as SessionRecord;
    for (const key of delta.unset ?? []) delete record.data[key];
    for (const [key, value] of Object.entries(delta.set ?? {})) defineKey(record.data, key, value);
    const { ip, userAgent } = delta.meta ?? {};
    if (ip !== undefined) record.meta.ip = ip;
    if (userAgent !== undefined) record.meta.userAgent = userAgent;
    entry.json = JSON.stringify(record);
    return true;
  }

  touch(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<boolean> {
    const entry = this.#live(id);
    if (entry === undefined) return Promise.resolve(false);
    const record = JSON.parse(entry.json) as SessionRecord;
    record.lastSeenMs = lastSeenMs;
    record.idleExpiresMs = Math.min(idleExpiresMs, record.absoluteExpiresMs);
    entry.json = JSON.stringify(record);
    entry.expiresMs = record.idleExpiresMs;
    this.#byExpiry.update(entry);
    return Promise.resolve(true);
  }

  replace(oldId: string, record: SessionRecord): Promise<CreateResult | null> {
    // Synchronous from check to insert, so nothing can interleave: atomic within this process.
    // The new record is serialized before the old one is removed, so bad data loses nothing.
    return settle(() => {
      if (this.#live(oldId) === undefined) return null;
      const json = JSON.stringify(record);
      this.#remove(oldId);
      return this.#insert(record, json);
    });
  }

  delete(id: string): Promise<void> {
    this.#remove(id);
    return Promise.resolve();
  }

  listByUser(userId: string): Promise<SessionRecord[]> {
    const records: SessionRecord[] = [];
    for (const id of [...(this.#byUser.get(userId) ?? [])]) {
      const entry = this.#live(id);
      if (entry !== undefined) records.push(JSON.parse(entry.json) as SessionRecord);
    }
    return Promise.resolve(records);
  }

  deleteByUser(userId: string, options: DeleteByUserOptions = {}): Promise<number> {
    let count = 0;
    for (const id of [...(this.#byUser.get(userId) ?? [])]) {
      if (id === options.exceptId) continue;
      if (this.#live(id) !== undefined) count++;
      this.#remove(id);
    }
    return Promise.resolve(count);
  }

  deleteExpired(nowMs: number): Promise<number> {
    let count = 0;
    for (let entry = this.#byExpiry.peek(); entry !== undefined && entry.expiresMs <= nowMs;) {
      this.#remove(entry.id);
      count++;
      entry = this.#byExpiry.peek();
    }
    return Promise.resolve(count);
  }

  close(): Promise<void> {
    this.#entries.clear();
    this.#byUser.clear();
    this.#byExpiry.clear();
    return Promise.resolve();
  }

  /** The entry if it exists and has not expired; an expired one is removed on the way (lazy expiry). */
  #live(id: string): Entry | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresMs <= this.#clock.now()) {
      this.#remove(id);
      return undefined;
    }
    return entry;
  }

  /**
   * Store the record. The user's count is the size of their id set, which still holds expired
   * entries that no read or sweep has met yet: an over-count, as store.ts allows.
   */
  #insert(record: SessionRecord, json: string = JSON.stringify(record)): CreateResult {
    this.#remove(record.id);
    while (this.#entries.size >= this.#maxSessions) {
      const soonest = this.#byExpiry.peek();
      if (soonest === undefined) break;
      this.#remove(soonest.id);
    }
    const entry: Entry = {
      id: record.id,
      userId: record.userId,
      expiresMs: Math.min(record.idleExpiresMs, record.absoluteExpiresMs),
      heapIndex: -1,
      json,
    };
    this.#entries.set(record.id, entry);
    this.#byExpiry.push(entry);
    if (record.userId === null) return { userSessions: 0 };
    let ids = this.#byUser.get(record.userId);
    if (ids === undefined) this.#byUser.set(record.userId, (ids = new Set()));
    ids.add(record.id);
    return { userSessions: ids.size };
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#byExpiry.remove(entry);
    if (entry.userId === null) return;
    const ids = this.#byUser.get(entry.userId);
    ids?.delete(id);
    if (ids?.size === 0) this.#byUser.delete(entry.userId);
  }
}

/**
 * A bounded in-process session store for tests and local development. Records are kept as JSON
 * strings and expire like in the real stores; at `maxSessions` the record that expires soonest is
 * evicted (a min-heap on expiry keeps that O(log n)). Refused in production.
 *
 * @example
 * import { createSessions } from 'sesame';
 * import { memoryStore } from 'sesame/stores/memory';
 *
 * const sessions = createSessions({ store: memoryStore({ maxSessions: 1_000 }) });
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryStore(options);
}
