/**
 * `sesame-session/stores/redis`: sessions in Redis or Redis Cluster, on the official `redis` client.
 *
 * @module sesame-session/stores/redis
 */
export { RedisStore, redisStore } from './redis-store.js';
export type { RedisStoreOptions } from './redis-store.js';
export type {
  RedisClientLike,
  RedisClusterClient,
  RedisCommandOptions,
  RedisNodeClient,
} from './connection.js';
export { ConnectionCutter, redisClientOptions } from './client-options.js';
export type { RedisClientOptions, RedisClientSettings } from './client-options.js';
export { watchRedisClient } from './watchdog.js';
export type { RedisDuplicableClient, RedisTrackingClient } from './tracking.js';
export type { ReadCacheOptions } from '../read-cache/options.js';
export type { ReadCacheStats } from '../read-cache/read-cache.js';
export type { RedisWatchSettings, WatchedRedisClient } from './watchdog.js';
