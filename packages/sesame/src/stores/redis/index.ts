/**
 * `sesame-session/stores/redis`: sessions in Redis or Redis Cluster, on the official `redis` client.
 *
 * @module
 */
export { RedisStore, redisStore } from './redis-store.js';
export type { RedisStoreOptions } from './redis-store.js';
export type { RedisClientLike, RedisClusterClient, RedisNodeClient } from './connection.js';
