/**
 * The memory store: for tests and development only. It is bounded, expires records like the real
 * stores, and never shares an object with its callers, so nobody can change stored state through
 * an object they hold (docs/architecture.md §4): the record's scalar fields are copied in and out, and its data,
 * the only nested part, is kept as a JSON string. Reads and touches then cost a copy of a dozen
 * fields instead of a JSON round trip of the whole record (bench/RESULTS.md, CPU profile). Production refuses it (`processLocal`, see config.ts): sessions
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
  SecretRenewal,
  SessionData,
  SessionDelta,
  SessionRecord,
  SessionStore,
} from '../../store.js';
import type { Entry } from './entry.js';
import { defineKey, toEntry, toRecord } from './entry.js';
import { ExpiryHeap } from './expiry-heap.js';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most records kept. At the limit an expired record goes first, then the anonymous one that
   * expires soonest, and only when no anonymous record is left the signed-in one that expires
   * soonest: a flood of anonymous visitors cannot sign users out (issue 10). Default 10 000.
   */
  maxSessions?: number;
  /** The clock used for expiry checks. Default: the system clock. */
  clock?: Clock;
}

/** Run the synchronous work so that a throw (say, data that is not JSON) becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** A {@link SessionStore} that lives in this process. Create it with {@link memoryStore}. */
export class MemoryStore implements SessionStore {
  /** Marks the store as unfit for production (config.ts `isProcessLocal`). */
  readonly processLocal = true;
  readonly #maxSessions: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #byUser = new Map<string, Set<string>>();
  /** Eviction order, one heap per kind: anonymous records are evicted before signed-in ones. */
  readonly #anonymous = new ExpiryHeap<Entry>();
  readonly #signedIn = new ExpiryHeap<Entry>();

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
    return settle(() => this.#insert(toEntry(record)));
  }

  get(id: string): Promise<SessionRecord | null> {
    const entry = this.#live(id);
    return Promise.resolve(entry === undefined ? null : toRecord(entry));
  }

  applyDelta(id: string, delta: SessionDelta): Promise<boolean> {
    return settle(() => this.#applyDelta(id, delta));
  }

  #applyDelta(id: string, delta: SessionDelta): boolean {
    const entry = this.#live(id);
    if (entry === undefined) return false;
    const { set, unset, meta, deviceBinding, touch } = delta;
    if (set !== undefined || unset !== undefined) {
      const data = JSON.parse(entry.dataJson) as SessionData;
      for (const key of unset ?? []) delete data[key];
      for (const [key, value] of Object.entries(set ?? {})) defineKey(data, key, value);
      // Stringified before anything is assigned: data that is not JSON changes nothing.
      entry.dataJson = JSON.stringify(data);
    }
    if (meta?.ip !== undefined) entry.ip = meta.ip;
    if (meta?.userAgent !== undefined) entry.userAgent = meta.userAgent;
    if (deviceBinding !== undefined) entry.bindingJson = deviceBinding && JSON.stringify(deviceBinding);
    if (touch !== undefined) this.#touch(entry, touch.lastSeenMs, touch.idleExpiresMs);
    return true;
  }

  touch(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<boolean> {
    const entry = this.#live(id);
    if (entry === undefined) return Promise.resolve(false);
    this.#touch(entry, lastSeenMs, idleExpiresMs);
    return Promise.resolve(true);
  }

  #touch(entry: Entry, lastSeenMs: number, idleExpiresMs: number): void {
    entry.lastSeenMs = lastSeenMs;
    entry.idleExpiresMs = Math.min(idleExpiresMs, entry.absoluteExpiresMs);
    entry.expiresMs = entry.idleExpiresMs;
    this.#heapOf(entry).update(entry);
  }

  renewSecret(id: string, renewal: SecretRenewal): Promise<boolean> {
    // Check and swap in one synchronous step: nothing can interleave within this process.
    const entry = this.#live(id);
    if (entry === undefined || entry.secretHash !== renewal.expectedSecretHash) return Promise.resolve(false);
    entry.previousSecretHash = entry.secretHash;
    entry.previousSecretExpiresMs = renewal.previousSecretExpiresMs;
    entry.secretHash = renewal.secretHash;
    entry.rotatedMs = renewal.rotatedMs;
    return Promise.resolve(true);
  }

  replace(oldId: string, record: SessionRecord): Promise<CreateResult | null> {
    // Synchronous from check to insert, so nothing can interleave: atomic within this process.
    // The new record is copied in before the old one is removed, so bad data loses nothing.
    return settle(() => {
      if (this.#live(oldId) === undefined) return null;
      const entry = toEntry(record);
      this.#remove(oldId);
      return this.#insert(entry);
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
      if (entry !== undefined) records.push(toRecord(entry));
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
    for (const heap of [this.#anonymous, this.#signedIn]) {
      for (let entry = heap.peek(); entry !== undefined && entry.expiresMs <= nowMs; entry = heap.peek()) {
        this.#remove(entry.id);
        count++;
      }
    }
    return Promise.resolve(count);
  }

  close(): Promise<void> {
    this.#entries.clear();
    this.#byUser.clear();
    this.#anonymous.clear();
    this.#signedIn.clear();
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
  #insert(entry: Entry): CreateResult {
    this.#remove(entry.id);
    while (this.#entries.size >= this.#maxSessions) {
      const victim = this.#evictionCandidate();
      if (victim === undefined) break;
      this.#remove(victim.id);
    }
    this.#entries.set(entry.id, entry);
    this.#heapOf(entry).push(entry);
    if (entry.userId === null) return { userSessions: 0 };
    let ids = this.#byUser.get(entry.userId);
    if (ids === undefined) this.#byUser.set(entry.userId, (ids = new Set()));
    ids.add(entry.id);
    return { userSessions: ids.size };
  }

  #heapOf(entry: Entry): ExpiryHeap<Entry> {
    return entry.userId === null ? this.#anonymous : this.#signedIn;
  }

  /** An expired record of either kind, else the soonest anonymous one, else the soonest signed-in. */
  #evictionCandidate(): Entry | undefined {
    const anonymous = this.#anonymous.peek();
    const signedIn = this.#signedIn.peek();
    if (signedIn !== undefined && signedIn.expiresMs <= this.#clock.now()) return signedIn;
    return anonymous ?? signedIn;
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#heapOf(entry).remove(entry);
    if (entry.userId === null) return;
    const ids = this.#byUser.get(entry.userId);
    ids?.delete(id);
    if (ids?.size === 0) this.#byUser.delete(entry.userId);
  }
}

/**
 * A bounded in-process session store for tests and local development. Records are kept as JSON
 * strings and expire like in the real stores; at `maxSessions` anonymous records are evicted
 * before signed-in ones, each kind soonest-expiring first (min-heaps on expiry keep that
 * O(log n)). Refused in production.
 *
 * @example
 * import { createSessions } from 'sesame-session';
 * import { memoryStore } from 'sesame-session/stores/memory';
 *
 * const sessions = createSessions({ store: memoryStore({ maxSessions: 1_000 }) });
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  return new MemoryStore(options);
}
