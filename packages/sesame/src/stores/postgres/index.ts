/**
 * `sesame/stores/postgres`: sessions in PostgreSQL, on a `pg` Pool.
 *
 * @module
 */
export { PostgresStore, postgresStore } from './postgres-store.js';
export type { PgPool, PgPoolClient, PgResult, PostgresStoreOptions } from './postgres-store.js';
