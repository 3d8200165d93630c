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
