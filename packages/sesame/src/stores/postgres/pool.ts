/**
 * The few things the store needs from a `pg` Pool, typed by shape so this package never imports
 * `pg` at run time.
 *
 * @module
 */

/** What a `pg` query resolves to, as far as the store reads it. */
export interface PgResult {
  /** The rows returned. */
  rows: unknown[];
  /** Rows affected (or returned). */
  rowCount: number | null;
}

/**
 * A query in `pg`'s config form. With a `name`, `pg` prepares the statement once per connection
 * and afterwards sends only its name and values (PostgreSQL docs, "Extended Query").
 */
export interface PgQuery {
  /** The SQL, with `$1`, `$2`, … placeholders. */
  text: string;
  /** The placeholders' values. */
  values?: unknown[];
  /** The prepared statement's name. */
  name?: string;
}

/** A client checked out of a pool. */
export interface PgPoolClient {
  /** Run one query on this connection. */
  query(query: PgQuery): Promise<PgResult>;
  /** Give the connection back to the pool; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
}

/** A `pg` Pool (or anything with the same `query` and `connect`). */
export interface PgPool {
  /** Run one query on any connection. */
  query(query: PgQuery): Promise<PgResult>;
  /** Check out a connection (for a transaction). */
  connect(): Promise<PgPoolClient>;
}
