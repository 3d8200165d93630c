/**
 * Opening the SQLite file: better-sqlite3 loaded on first use (an optional peer), the parent
 * directory created when missing, WAL mode and a memory map. Separate from the store so the
 * store's statements never see a half-opened database.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { SesameError } from '../../errors.js';
import { loadDriver } from './driver.js';

/** Bytes of the file SQLite reads through a memory map (`PRAGMA mmap_size`). */
export const MMAP_BYTES = 256 * 1024 * 1024;

/** Where the store's database comes from: a file it opens, or the app's own database. */
export interface DatabaseSource {
  path?: string;
  database?: Database.Database;
}

/** `:memory:` and `''` (a temporary database) name no file; anything else is a path. */
function isFilePath(path: string): boolean {
  return path !== ':memory:' && path !== '';
}

/**
 * Create the directory the file goes in, so `sqliteStore({ path: 'data/sessions.db' })` works in
 * an empty project; when that fails, say which directory and why (issue 11: SQLite's own message,
 * "the directory does not exist", names no path).
 */
function openFile(path: string): Database.Database {
  const Driver = loadDriver();
  if (!isFilePath(path)) return new Driver(path);
  const file = resolve(path);
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (cause) {
    throw new SesameError(
      'ERR_STORE_UNAVAILABLE',
      `sqliteStore could not create the directory ${dirname(file)} for ${file}: ${String(cause)}`,
      { cause },
    );
  }
  try {
    return new Driver(file);
  } catch (cause) {
    throw new SesameError('ERR_STORE_UNAVAILABLE', `sqliteStore could not open ${file}: ${String(cause)}`, {
      cause,
    });
  }
}

/** @internal Exported for tests: open (or adopt) the database the store runs on. */
export function openDatabase(options: DatabaseSource): { db: Database.Database; owned: boolean } {
  const { path, database } = options;
  if ((path === undefined) === (database === undefined)) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      'sqliteStore needs exactly one of path (a file to open) or database (a better-sqlite3 instance).',
    );
  }
  if (database !== undefined) return { db: database, owned: false };
  const db = openFile(path as string);
  try {
    // WAL lets readers run while one writer writes; NORMAL sync is durable against application
    // crashes and cannot corrupt the file in WAL mode (https://www.sqlite.org/wal.html), at the cost
    // of the last few commits on power loss: for sessions, a re-login at worst.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Reads through a memory map instead of a read() call per page missing from SQLite's own small
    // cache: with 300 000 sessions (92 MB) a lookup took 7.5–9 µs instead of 12–16 µs. The cost,
    // per https://www.sqlite.org/mmap.html: an I/O error on the file arrives as a signal rather
    // than an error. An app that wants otherwise passes its own `database`.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, owned: true };
}
