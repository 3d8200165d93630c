/**
 * The SQLite store on better-sqlite3: the embedded default (docs/architecture.md §4). One file, WAL mode, every
 * operation one prepared statement or one short transaction.
 *
 * better-sqlite3 is synchronous, so each call finishes before another can start in this process;
 * the atomicity that matters across processes sharing the file comes from SQLite itself (single
 * UPDATE statements, and IMMEDIATE transactions that take the write lock up front).
 *
 * @module
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import type {
  CreateResult,
  DeleteByUserOptions,
  SecretRenewal,
  SessionDelta,
  SessionRecord,
  SessionStore,
} from '../../store.js';
import { openDatabase } from './open-database.js';
import { bindingJson, fromValues, toRow } from './row.js';
import type { SessionRow } from './row.js';
import { migrateTable, quoteTableName, schemaSql } from './schema.js';
import { EXPIRED_BATCH_SIZE, prepareStatements } from './statements.js';
import type { Statements } from './statements.js';

/** Options of {@link sqliteStore}: give `path` or `database`, not both. */
export interface SqliteStoreOptions {
  /** Database file to open in WAL mode, created with its directory when missing; `:memory:` for tests. */
  path?: string;
  /** A better-sqlite3 database the app already has; the store leaves its settings and its closing to the app. */
  database?: Database.Database;
  /** Default `sesame_sessions`. Letters, digits and underscores. */
  tableName?: string;
  /** The clock used for expiry checks. Default: the system clock. */
  clock?: Clock;
}

// Bounds the sweep loop (bound every loop): 10 000 batches is ten million rows per call.
const MAX_EXPIRED_BATCHES = 10_000;

/** Run synchronous driver code so that a throw becomes a rejection, as the contract requires. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A {@link SessionStore} in a SQLite table. Create it with {@link sqliteStore}. */
export class SqliteStore implements SessionStore {
  /** An in-memory database lives and dies with this process, so production refuses it (config.ts). */
  readonly processLocal: boolean;
  readonly #db: Database.Database;
  readonly #owned: boolean;
  readonly #clock: Clock;
  readonly #sql: Statements;
  readonly #create: Database.Transaction<(row: SessionRow, now: number) => CreateResult>;
  readonly #replace: Database.Transaction<
    (oldId: string, row: SessionRow, now: number) => CreateResult | null
  >;

  constructor(options: SqliteStoreOptions) {
    const table = quoteTableName(options.tableName ?? 'sesame_sessions');
    const { db, owned } = openDatabase(options);
    try {
      db.exec(schemaSql(table, options.tableName ?? 'sesame_sessions'));
      migrateTable(db, table);
      this.#sql = prepareStatements(db, table);
    } catch (err) {
      if (owned) db.close();
      throw err;
    }
    this.#db = db;
    this.#owned = owned;
    this.#clock = options.clock ?? systemClock;
    this.processLocal = db.memory;
    const sql = this.#sql;
    // The count runs in the write transaction that inserted the row, so it sees that row and no
    // other writer can slip in between; it counts live rows only, so it is exact.
    const insertAndCount = (row: SessionRow, now: number): CreateResult => {
      sql.insert.run(row);
      const userId = row.user_id;
      return { userSessions: userId === null ? 0 : (sql.countByUser.get({ userId, now }) ?? 0) };
    };
    this.#create = db.transaction(insertAndCount);
    this.#replace = db.transaction((oldId: string, row: SessionRow, now: number) => {
      if (sql.deleteLive.run({ id: oldId, now }).changes === 0) return null;
      return insertAndCount(row, now);
    });
  }

  create(record: SessionRecord): Promise<CreateResult> {
    const row = toRow(record);
    // Anonymous: one INSERT, nothing to count. Signed in: the INSERT (row and user_id index entry
    // together) and the count in one IMMEDIATE transaction.
    if (row.user_id !== null) return settle(() => this.#create.immediate(row, this.#clock.now()));
    return settle(() => {
      this.#sql.insert.run(row);
      return { userSessions: 0 };
    });
  }

  get(id: string): Promise<SessionRecord | null> {
    return settle(() => {
      const now = this.#clock.now();
      const values = this.#sql.get.get(id, now, now);
      return values === undefined ? null : fromValues(values);
    });
  }

  applyDelta(id: string, delta: SessionDelta): Promise<boolean> {
    return settle(() => {
      const { meta = {} } = delta;
      const { changes } = this.#sql.applyDelta.run({
        id,
        now: this.#clock.now(),
        set: JSON.stringify(delta.set ?? {}),
        unset: JSON.stringify(delta.unset ?? []),
        hasIp: meta.ip === undefined ? 0 : 1,
        ip: meta.ip ?? null,
        hasUserAgent: meta.userAgent === undefined ? 0 : 1,
        userAgent: meta.userAgent ?? null,
        hasBinding: delta.deviceBinding === undefined ? 0 : 1,
        binding: bindingJson(delta.deviceBinding),
        lastSeenMs: delta.touch?.lastSeenMs ?? null,
        idleExpiresMs: delta.touch?.idleExpiresMs ?? null,
      });
      return changes === 1;
    });
  }

  touch(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<boolean> {
    return settle(
      () => this.#sql.touch.run({ id, now: this.#clock.now(), lastSeenMs, idleExpiresMs }).changes === 1,
    );
  }

  renewSecret(id: string, renewal: SecretRenewal): Promise<boolean> {
    return settle(() => this.#sql.renewSecret.run({ id, now: this.#clock.now(), ...renewal }).changes === 1);
  }

  replace(oldId: string, record: SessionRecord): Promise<CreateResult | null> {
    return settle(() => this.#replace.immediate(oldId, toRow(record), this.#clock.now()));
  }

  delete(id: string): Promise<void> {
    return settle(() => void this.#sql.delete.run({ id }));
  }

  listByUser(userId: string): Promise<SessionRecord[]> {
    return settle(() => this.#sql.listByUser.all({ userId, now: this.#clock.now() }).map(fromValues));
  }

  deleteByUser(userId: string, options: DeleteByUserOptions = {}): Promise<number> {
    return settle(() => {
      // One DELETE (atomic on its own); expired rows go too but are not counted as signed out.
      const deleted = this.#sql.deleteByUser.all({ userId, exceptId: options.exceptId ?? null });
      const nowMs = this.#clock.now();
      return deleted.filter((r) => Math.min(r.idle_expires_ms, r.absolute_expires_ms) > nowMs).length;
    });
  }

  async deleteExpired(nowMs: number): Promise<number> {
    // Batches keep each write transaction short, so requests on this and other processes are never
    // stuck behind one long sweep; the event loop gets a turn between batches.
    let total = 0;
    for (let batch = 0; batch < MAX_EXPIRED_BATCHES; batch++) {
      const { changes } = this.#sql.deleteExpiredBatch.run({ now: nowMs });
      total += changes;
      if (changes < EXPIRED_BATCH_SIZE) break;
      await yieldToEventLoop();
    }
    return total;
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.#owned && this.#db.open) this.#db.close();
    });
  }
}

/**
 * A session store in SQLite (better-sqlite3), the embedded default. Opens `path` in WAL mode, or
 * uses the `database` the app already has; creates its table and indexes when missing.
 *
 * @example
 * import { createSessions } from 'sesame-session';
 * import { sqliteStore } from 'sesame-session/stores/sqlite';
 *
 * const store = sqliteStore({ path: './data/sessions.db' });
 * const sessions = createSessions({
 *   store,
 *   secrets: process.env.SESSION_SECRET,
 *   origin: process.env.PUBLIC_ORIGIN, // e.g. https://app.example.com; required in production
 * });
 * setInterval(() => void store.deleteExpired(Date.now()), 10 * 60_000).unref();
 */
export function sqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
