/**
 * express-session and its stores, loaded through `require` with the few types the bench uses.
 * Importing their type declarations would pull in @types/express-session, whose global
 * `Express.Request.session` clashes with Sesame's in the one program the repo typechecks.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';

const require = createRequire(import.meta.url);

type Callback<T = unknown> = (error?: unknown, value?: T) => void;

/** The part of an express-session Store the bench calls or counts. */
export interface LegacyStore {
  get(sid: string, callback: Callback): unknown;
  set(sid: string, session: object, callback?: Callback): unknown;
  touch?(sid: string, session: object, callback?: Callback): unknown;
  destroy(sid: string, callback?: Callback): unknown;
}

/** `req.session` under express-session, with the bench's two keys. */
export interface LegacySession {
  userId?: string;
  n?: number;
  regenerate(callback: (error?: unknown) => void): void;
  save(callback: (error?: unknown) => void): void;
}

export interface ExpressSessionOptions {
  store: LegacyStore;
  secret: string;
  name: string;
  resave: boolean;
  saveUninitialized: boolean;
  cookie: { maxAge: number; httpOnly: boolean; sameSite: 'lax'; secure: boolean };
}

export type ExpressSessionModule = ((options: ExpressSessionOptions) => unknown) & {
  MemoryStore: new () => LegacyStore;
  Store: unknown;
};

export function loadExpressSession(): ExpressSessionModule {
  return require('express-session') as ExpressSessionModule;
}

type RedisStoreClass = new (options: { client: unknown; prefix: string; ttl?: number }) => LegacyStore;

export function loadConnectRedis(): RedisStoreClass {
  return (require('connect-redis') as { RedisStore: RedisStoreClass }).RedisStore;
}

type PgStoreClass = new (options: {
  pool: Pool;
  schemaName: string;
  tableName: string;
  createTableIfMissing: boolean;
  pruneSessionInterval: false;
}) => LegacyStore & { close(): Promise<void> };

export function loadConnectPgSimple(session: ExpressSessionModule): PgStoreClass {
  return (require('connect-pg-simple') as (session: ExpressSessionModule) => PgStoreClass)(session);
}

type SqliteStoreClass = new (options: {
  client: Database.Database;
  expired: { clear: boolean; intervalMs: number };
}) => LegacyStore;

export function loadBetterSqlite3SessionStore(session: ExpressSessionModule): SqliteStoreClass {
  return (require('better-sqlite3-session-store') as (session: ExpressSessionModule) => SqliteStoreClass)(
    session,
  );
}
