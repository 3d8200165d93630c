/**
 * The real Redis and PostgreSQL servers for the store-mode tests: skip on a developer machine
 * when one is missing, fail in CI so a CI run can never pass by skipping.
 *
 * @module
 */
import { createClient } from 'redis';
// One definition of where the servers are and of skip-locally / fail-in-CI, shared with the
// library's store tests.
import {
  databaseUrl,
  isCi,
  redisUrl,
  requireServer,
  uniqueName,
} from '../../../../packages/sesame/test/support/servers.js';

export { isCi, uniqueName };
export const REDIS_URL = redisUrl();
export const DATABASE_URL = databaseUrl();

/** Whether `what` answers; in CI a missing server throws instead of skipping. */
export const serverAvailable = requireServer;

function redisClient() {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  return client;
}

/** Run `work` with a connected Redis client that gives up at once when Redis is not there. */
export async function withRedis<T>(work: (client: ReturnType<typeof redisClient>) => Promise<T>): Promise<T> {
  const client = redisClient();
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

/** Delete every key under `prefix` (bounded: a test run writes far fewer). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  await withRedis(async (client) => {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      keys.push(...batch);
      if (keys.length > 100_000) throw new Error(`refusing to delete more than 100000 keys under ${prefix}`);
    }
    if (keys.length > 0) await client.del(keys);
  });
}
