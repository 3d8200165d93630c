/**
 * The sessions table. Created when missing, never altered behind the app's back.
 *
 * @module
 */
import { SesameError } from '../../errors.js';

// A plain identifier, so the name can be spliced into SQL without any quoting question.
const TABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The table name as a quoted SQL identifier, or `ERR_CONFIG_INVALID`. */
export function quoteTableName(tableName: string): string {
  if (typeof tableName !== 'string' || !TABLE_NAME_PATTERN.test(tableName)) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `sqliteStore option tableName must be letters, digits and underscores (not starting with a digit, at most 63); got ${JSON.stringify(tableName)}.`,
    );
  }
  return `"${tableName}"`;
}

/**
 * DDL for the table and its indexes. `secret_hash` is SHA-256 of the token secret: the token itself
 * never reaches the store (docs/architecture.md §1.1). The expiry index is on the expression the sweep filters
 * by, so `deleteExpired` walks only expired rows; the user index is partial because anonymous
 * sessions (most of them, on a public site) are never looked up by user.
 */
export function schemaSql(table: string, tableName: string): string {
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      id TEXT PRIMARY KEY NOT NULL,
      secret_hash TEXT NOT NULL,
      user_id TEXT,
      data TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      last_seen_ms INTEGER NOT NULL,
      idle_expires_ms INTEGER NOT NULL,
      absolute_expires_ms INTEGER NOT NULL,
      authenticated_ms INTEGER,
      rotated_ms INTEGER NOT NULL,
      persistent INTEGER NOT NULL,
      ip TEXT,
      user_agent TEXT,
      device_binding TEXT,
      previous_secret_hash TEXT,
      previous_secret_expires_ms INTEGER
    );
    CREATE INDEX IF NOT EXISTS "${tableName}_user_id" ON ${table} (user_id) WHERE user_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS "${tableName}_expires_ms" ON ${table} (min(idle_expires_ms, absolute_expires_ms));
  `;
}

/**
 * Columns added after the first release, each with its type: a table created by an older version
 * gets them on open (SQLite's ADD COLUMN of a nullable column is instant, the rows keep NULL).
 */
const ADDED_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  // Device Bound Session Credentials, issue 16 (docs/device-bound-sessions.md).
  ['device_binding', 'TEXT'],
  // Periodic renewal's previous secret (docs/architecture.md §1.13).
  ['previous_secret_hash', 'TEXT'],
  ['previous_secret_expires_ms', 'INTEGER'],
];

/** Bring a table made by an earlier version up to {@link schemaSql}: add the missing columns. */
export function migrateTable(
  db: { prepare(sql: string): { all(): unknown[] }; exec(sql: string): unknown },
  table: string,
): void {
  const present = new Set(
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name),
  );
  for (const [name, type] of ADDED_COLUMNS) {
    if (!present.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  }
}
