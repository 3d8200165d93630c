/**
 * `sesame-session/stores/redis`: sessions in Redis or Redis Cluster, on the official `redis` client.
 *
 * @module
 */
export { RedisStore, redisStore } from './redis-store.js';
export type { RedisStoreOptions } from './redis-store.js';
export type { RedisClientLike, RedisClusterClient, RedisNodeClient } from './connection.js';
export { ConnectionCutter, redisClientOptions } from './client-options.js';
export type { RedisClientOptions, RedisClientSettings } from './client-options.js';
export { watchRedisClient } from './watchdog.js';
export type { RedisWatchSettings, WatchedRedisClient } from './watchdog.js';
