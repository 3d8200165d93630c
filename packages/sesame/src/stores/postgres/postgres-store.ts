/**
 * The PostgreSQL store, on a `pg` Pool the app owns. One table (schema.ts), every operation one
 * statement, so each is atomic on its own (PostgreSQL docs, "Transactions": a statement outside
 * BEGIN is its own transaction) and costs one round trip:
 *
 * - applyDelta: `(data - unset) || set` on the jsonb column, with the liveness check in the WHERE,
 *   so parallel requests that change different keys both persist, and a deleted or expired
 *   session matches no row and is never written again (docs/architecture.md §1.6).
 * - replace: a DELETE of the live old row feeding an INSERT … SELECT in one statement; when the
 *   old row is gone or expired the INSERT gets no row, and of parallel rotations the row lock lets
 *   exactly one through.
 * - create and replace of a signed-in record count the user's live rows in the same statement
 *   (the outer SELECT of a CTE). Every part of a statement reads one snapshot, taken before it
 *   ran (PostgreSQL docs, "Data-Modifying Statements in WITH"), so the count sees neither the row
 *   just inserted nor the deletion of the old one: it adds the one and subtracts the other.
 * - The user "index" is the user_id column and its index, so the docs/architecture.md §4 invariant holds by
 *   construction: a row is in the index the moment it exists.
 * - deleteByUser is the one operation that is a transaction of several statements: it takes a
 *   per-user advisory lock that a signed-in replace also takes, so it never misses the row of a
 *   rotation committing meanwhile (issue 10). get, touch, applyDelta, delete and create take no
 *   lock; a replace waits only while a deleteByUser of its user runs.
 * - deleteExpired deletes in batches by sweep_after_ms, a lower bound of the expiry (schema.ts),
 *   not by the expiry itself, so touch and applyDelta change no indexed column and stay HOT.
 * - Statements (statements.ts) go as named prepared statements unless `preparedStatements` is
 *   false: the server parses and plans each once per connection instead of on every call, which
 *   took about two thirds off the server's CPU time per get, applyDelta and create (issue 5).
 *
 * Outages: the store rejects when `pg` does. A Pool emits 'error' when an idle connection dies
 * (server restart, pg_terminate_backend), and an EventEmitter without an 'error' listener crashes
 * the process: attach `pool.on('error', …)`. The pool replaces dead connections by itself. Bound
 * waits with the Pool's `connectionTimeoutMillis` and `query_timeout` (the engine's
 * `storeTimeout` bounds them for requests either way).
 *
 * @module
 */
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { SesameError } from '../../errors.js';
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
import { deleteByUserLocked, migrateTable } from './advisory-lock.js';
import { applyDelta } from './apply-delta.js';
import { PostgresListener } from './listener.js';
import type { NotifySetup } from './notify.js';
import { notifySetup } from './notify.js';
import type { PgPool } from './pool.js';
import type { SessionRow } from './row.js';
import { readCount, readRow, rowValues } from './row.js';
import type { TableNames } from './schema.js';
import { tableNames } from './schema.js';
import type { RunStatement, StatementConfig, Statements } from './statements.js';
import { storeStatements } from './statements.js';
import { deleteExpiredInBatches } from './sweep.js';

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** A `pg` Pool; the app owns it and ends it. Attach `pool.on('error', …)`. */
  pool: PgPool;
  /** Default `sesame_sessions`. Letters, digits and `_`. */
  tableName?: string;
  /** The schema the table lives in (it must exist). Default: the connection's search_path. */
  schema?: string;
  /** The clock used for expiry checks. Default: the system clock. */
  clock?: Clock;
  /** Rows deleted per statement by deleteExpired. Default 1 000. */
  deleteBatchSize?: number;
  /**
   * Send the store's statements as named prepared statements, parsed and planned once per
   * connection. Default true. Set false behind a pooler that hands one client's statements to
   * several server connections: PgBouncer in transaction or statement mode before 1.21, or
   * later with `max_prepared_statements = 0`.
   */
  preparedStatements?: boolean;
  /**
   * Keep recently read sessions in this process, kept coherent by `LISTEN`/`NOTIFY`: a trigger
   * that `migrate()` installs notifies every change to the table, and the store keeps one pool
   * connection listening (listener.ts). Off by default. See docs/scaling.md, "Read cache".
   */
  cache?: ReadCacheOptions;
}

/** A {@link SessionStore} on PostgreSQL. Create it with {@link postgresStore}. */
export class PostgresStore implements SessionStore {
  readonly #pool: PgPool;
  readonly #names: TableNames;
  readonly #sql: Statements;
  readonly #prepared: boolean;
  readonly #clock: Clock;
  readonly #batchSize: number;
  readonly #notify: NotifySetup;
  readonly #cache: ReadCache | null = null;
  readonly #listener: PostgresListener | null = null;
  /** Sends a statement through the pool, shaped by `#config`. */
  readonly #query: RunStatement = (statement, values) => this.#pool.query(this.#config(statement, values));
  /** A statement's query config: named (prepared) unless `preparedStatements` is false. */
  readonly #config: StatementConfig = (statement, values) => {
    const { name, text } = statement;
    return this.#prepared && name !== undefined ? { name, text, values } : { text, values };
  };

  constructor(options: PostgresStoreOptions) {
    this.#pool = options.pool;
    const tableName = options.tableName ?? 'sesame_sessions';
    this.#names = tableNames(tableName, options.schema);
    this.#notify = notifySetup(tableName, options.schema, this.#names.qualified);
    this.#sql = storeStatements(this.#names.qualified);
    this.#prepared = options.preparedStatements ?? true;
    if (typeof this.#prepared !== 'boolean') {
      throw new SesameError(
        'ERR_CONFIG_INVALID',
        `postgresStore option preparedStatements must be true or false; got ${String(this.#prepared)}.`,
      );
    }
    this.#clock = options.clock ?? systemClock;
    const batchSize = options.deleteBatchSize ?? 1_000;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new SesameError(
        'ERR_CONFIG_INVALID',
        `postgresStore option deleteBatchSize must be a whole number of at least 1; got ${String(batchSize)}.`,
      );
    }
    this.#batchSize = batchSize;
    if (options.cache !== undefined) {
      const settings = readCacheSettings('postgresStore', options.cache);
      this.#cache = new ReadCache(settings, this.#clock);
      this.#listener = new PostgresListener(this.#pool, this.#notify, this.#cache, settings);
    }
  }

  /** The read cache's counters, or `null` without the `cache` option. */
  cacheStats(): ReadCacheStats | null {
    return this.#cache?.stats() ?? null;
  }

  /**
   * Create the table and its indexes if they are missing. Idempotent, and safe when several app
   * instances start at once: a transaction-scoped advisory lock runs them one after another.
   */
  migrate(): Promise<void> {
    return migrateTable(this.#pool, this.#names, this.#cache === null ? null : this.#notify.statements);
  }

  create(record: SessionRecord): Promise<CreateResult> {
    return writeThrough(this.#cache, 'create', [record], async () => {
      if (record.userId === null) {
        await this.#query(this.#sql.createAnonymous, rowValues(record));
        return { userSessions: 0 };
      }
      const { rows } = await this.#query(this.#sql.createSignedIn, [this.#clock.now(), ...rowValues(record)]);
      return readCount(rows);
    });
  }

  get(id: string, options?: GetOptions): Promise<SessionRecord | null> {
    // A read through the pool is tracked as it is: the trigger reports every change, whichever
    // connection read the row (issue 15).
    const read = async (): Promise<SessionRecord | null> => {
      const { rows } = await this.#query(this.#sql.get, [id, this.#clock.now()]);
      const [row] = rows as SessionRow[];
      return row === undefined ? null : readRow(row);
    };
    return this.#cache === null ? read() : this.#cache.get(id, read, read, options);
  }

  applyDelta(id: string, delta: SessionDelta): Promise<boolean> {
    return writeThrough(this.#cache, 'applyDelta', [id, delta], () =>
      applyDelta(this.#query, this.#sql, this.#clock, id, delta),
    );
  }

  touch(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<boolean> {
    // Dropped here and, through the trigger, on every instance: the next read fetches the new
    // idle expiry, so no instance judges the session by the one from before (issue 15).
    return writeThrough(this.#cache, 'touch', [id, lastSeenMs, idleExpiresMs], async () => {
      const { rowCount } = await this.#query(this.#sql.touch, [
        id,
        this.#clock.now(),
        lastSeenMs,
        idleExpiresMs,
      ]);
      return rowCount === 1;
    });
  }

  replace(oldId: string, record: SessionRecord): Promise<CreateResult | null> {
    return writeThrough(this.#cache, 'replace', [oldId, record], async () => {
      const { rows } = await this.#query(this.#sql.replace, [oldId, this.#clock.now(), ...rowValues(record)]);
      return rows.length === 0 ? null : readCount(rows);
    });
  }

  renewSecret(id: string, renewal: SecretRenewal): Promise<boolean> {
    return writeThrough(this.#cache, 'renewSecret', [id, renewal], async () => {
      const { expectedSecretHash, secretHash, previousSecretExpiresMs, rotatedMs } = renewal;
      const { rowCount } = await this.#query(this.#sql.renewSecret, [
        id,
        this.#clock.now(),
        expectedSecretHash,
        secretHash,
        previousSecretExpiresMs,
        rotatedMs,
      ]);
      return rowCount === 1;
    });
  }

  delete(id: string): Promise<void> {
    return writeThrough(this.#cache, 'delete', [id], async () => {
      await this.#query(this.#sql.delete, [id]);
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const { rows } = await this.#query(this.#sql.listByUser, [userId, this.#clock.now()]);
    return (rows as SessionRow[]).map(readRow);
  }

  /**
   * Under READ COMMITTED a lone `DELETE … WHERE user_id` reads a snapshot taken when it starts,
   * so it missed the row of a rotation committing meanwhile (issue 10: 8 of 50 rotating sessions
   * survived "sign out everywhere"). The user's advisory lock, which replace takes too, makes the
   * DELETE start after every rotation of the user in flight has committed; its snapshot then has
   * their rows. Four round trips instead of one, on a rare call.
   */
  deleteByUser(userId: string, options: DeleteByUserOptions = {}): Promise<number> {
    return writeThrough(this.#cache, 'deleteByUser', [userId, options], () =>
      deleteByUserLocked(this.#pool, this.#config, this.#sql, this.#clock, userId, options),
    );
  }

  deleteExpired(nowMs: number): Promise<number> {
    return writeThrough(this.#cache, 'deleteExpired', [nowMs], () =>
      deleteExpiredInBatches(this.#query, this.#sql.deleteExpired, nowMs, this.#batchSize),
    );
  }

  /** Gives back the read cache's listening connection, if any; the pool belongs to the app, which ends it. */
  close(): Promise<void> {
    this.#listener?.close();
    this.#cache?.down();
    return Promise.resolve();
  }
}

/**
 * A session store on PostgreSQL through a `pg` Pool. Run `await store.migrate()` once at startup
 * (or apply schema.sql with your own migrations).
 *
 * @example
 * import pg from 'pg';
 * import { postgresStore } from 'sesame-session/stores/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2_000 });
 * pool.on('error', (err) => logger.warn('postgres', err)); // without a listener a dropped connection crashes
 * const store = postgresStore({ pool });
 * await store.migrate();
 * const sessions = createSessions({
 *   store,
 *   secrets: process.env.SESSION_SECRET,
 *   origin: process.env.PUBLIC_ORIGIN, // e.g. https://app.example.com; required in production
 * });
 */
export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  return new PostgresStore(options);
}
