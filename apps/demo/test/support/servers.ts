/**
 * The real Redis and PostgreSQL servers for the store-mode tests: skip on a developer machine
 * when one is missing, fail in CI so a CI run can never pass by skipping.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** True in CI, where a missing server or browser is a failure rather than a skip. */
export function isCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** `label_<hex>`, unique per call: key prefixes and schema names that never collide. */
export function uniqueName(label: string): string {
  return `${label}_${randomBytes(6).toString('hex')}`;
}

/** Whether `what` answers; in CI a missing server throws instead of skipping. */
export async function serverAvailable(what: string, probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const reason = `${what} is not reachable: ${error instanceof Error ? error.message : String(error)}`;
    if (isCi())
      throw new Error(`${reason}. CI=true: the demo's store modes must run against the real server.`);
    console.warn(`skipping: ${reason}`);
    return false;
  }
}

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
