/**
 * Bytes per session in Redis, measured with `MEMORY USAGE` on the keys scenario (a) left behind.
 *
 * @module
 */
import { redisPrefix, type RunContext } from './context.js';

export type TypeSizes = Record<string, { keys: number; medianBytes: number }>;

export interface RedisMemory {
  sesame: TypeSizes | null;
  connectRedis: TypeSizes | null;
}

export async function measureRedisMemory(context: RunContext, tag: string): Promise<RedisMemory | null> {
  const redis = context.redis;
  if (redis === null) return null;
  const prefix = redisPrefix(context, tag);
  const sesame = await redis.memoryByType(`${prefix}sesame:`);
  const connectRedis = await redis.memoryByType(`${prefix}es:`);
  return {
    sesame: Object.keys(sesame).length === 0 ? null : sesame,
    connectRedis: Object.keys(connectRedis).length === 0 ? null : connectRedis,
  };
}
