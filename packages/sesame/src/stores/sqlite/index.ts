/**
 * `sesame-session/stores/sqlite`: sessions in SQLite through better-sqlite3 (an optional peer dependency).
 *
 * @module sesame-session/stores/sqlite
 */
export { SqliteStore, sqliteStore } from './sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
