/**
 * The runner's own Redis connection: `INFO commandstats` before and after each run (commands per
 * request), `MEMORY USAGE` of the keys a store wrote (bytes per session), and removing every key
 * under the run's prefix at the end.
 *
 * @module
 */
import { createClient } from 'redis';

function newClient(url: string) {
  return createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
}

type Client = ReturnType<typeof newClient>;

/** `cmdstat_<name>:calls=N,…` lines → `{ name: N }`. */
export function parseCommandStats(info: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    counts[match[1] as string] = Number(match[2]);
  }
  return counts;
}

/** Commands our own bookkeeping sends, left out of the per-request figure. */
export const ADMIN_COMMANDS = new Set(['info', 'ping', 'hello', 'client|setinfo', 'client', 'select']);

export class RedisAdmin {
  readonly #client: Client;

  private constructor(client: Client) {
    this.#client = client;
  }

  /** Connect, or `null` when Redis is not reachable (its variants are then "not available"). */
  static async connect(url: string): Promise<RedisAdmin | null> {
    const client = newClient(url);
    client.on('error', () => undefined);
    try {
      await client.connect();
      return new RedisAdmin(client);
    } catch {
      return null;
    }
  }

  async serverVersion(): Promise<string> {
    return /redis_version:(\S+)/.exec(await this.#client.info('server'))?.[1] ?? 'unknown';
  }

  async commandStats(): Promise<Record<string, number>> {
    return parseCommandStats(await this.#client.info('commandstats'));
  }

  /** Up to `limit` keys under `prefix` (SCAN, bounded). */
  async keys(prefix: string, limit: number): Promise<string[]> {
    const found: string[] = [];
    for await (const batch of this.#client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      found.push(...batch);
      if (found.length >= limit) break;
    }
    return found.slice(0, limit);
  }

  /** Median `MEMORY USAGE` (bytes) of up to 200 keys under `prefix`, grouped by Redis type. */
  async memoryByType(prefix: string): Promise<Record<string, { keys: number; medianBytes: number }>> {
    const byType: Record<string, number[]> = {};
    for (const key of await this.keys(prefix, 200)) {
      const type = await this.#client.type(key);
      const bytes = await this.#client.memoryUsage(key);
      if (bytes === null) continue;
      (byType[type] ??= []).push(bytes);
    }
    const result: Record<string, { keys: number; medianBytes: number }> = {};
    for (const [type, sizes] of Object.entries(byType)) {
      sizes.sort((a, b) => a - b);
      result[type] = { keys: sizes.length, medianBytes: sizes[Math.floor(sizes.length / 2)] as number };
    }
    return result;
  }

  /** Delete every key under `prefix`; bounded to 10 million keys. Returns how many. */
  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    for await (const batch of this.#client.scanIterator({ MATCH: `${prefix}*`, COUNT: 5000 })) {
      if (batch.length > 0) deleted += await this.#client.unlink(batch);
      if (deleted > 10_000_000) break;
    }
    return deleted;
  }

  async close(): Promise<void> {
    await this.#client.quit();
  }
}
