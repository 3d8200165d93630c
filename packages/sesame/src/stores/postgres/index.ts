/**
 * `sesame-session/stores/postgres`: sessions in PostgreSQL, on a `pg` Pool.
 *
 * @module sesame-session/stores/postgres
 */
export { PostgresStore, postgresStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export type { PgPool, PgPoolClient, PgQuery, PgResult } from './pool.js';
export type { ReadCacheOptions } from '../read-cache/options.js';
export type { ReadCacheStats } from '../read-cache/read-cache.js';
