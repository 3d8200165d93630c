/**
 * The users database: SQLite under `DATA_DIR`, whatever the session store is, so accounts survive
 * restarts with nothing to set up. WAL lets the login throttle and page reads run beside writes.
 *
 * @module
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id                  TEXT PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE,
  password_hash       TEXT NOT NULL,
  created_ms          INTEGER NOT NULL,
  password_changed_ms INTEGER NOT NULL
) STRICT;
`;

/**
 * Open (and create if needed) `<dataDir>/users.db`; the directory must exist.
 *
 * @example
 * const db = openUsersDatabase('./data');
 */
export function openUsersDatabase(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'users.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}
