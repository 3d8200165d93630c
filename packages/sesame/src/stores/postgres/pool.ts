/**
 * The few things the store needs from a `pg` Pool, typed by shape so this package never imports
 * `pg` at run time.
 *
 * @module
 */

/** What a `pg` query resolves to, as far as the store reads it. */
export interface PgResult {
  rows: unknown[];
  rowCount: number | null;
}

/**
 * A query in `pg`'s config form. With a `name`, `pg` prepares the statement once per connection
 * and afterwards sends only its name and values (PostgreSQL docs, "Extended Query").
 */
export interface PgQuery {
  text: string;
  values?: unknown[];
  name?: string;
}

/** A client checked out of a pool. */
export interface PgPoolClient {
  query(query: PgQuery): Promise<PgResult>;
  release(error?: Error | boolean): void;
}

/** A `pg` Pool (or anything with the same `query` and `connect`). */
export interface PgPool {
  query(query: PgQuery): Promise<PgResult>;
  connect(): Promise<PgPoolClient>;
}
