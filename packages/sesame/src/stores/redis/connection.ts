/**
 * The few things the store needs from a node-redis client, typed by shape so that any client the
 * app built (`createClient` or `createCluster`, redis v5 or v6, with or without modules, RESP2 or
 * RESP3) fits without casts, and so this package never imports `redis` at run time.
 *
 * Commands go through `sendCommand`, whose replies are raw (no per-command transforms), and
 * always to masters: a read from a replica could still show a session that was just signed out
 * (DESIGN §1.5: ended on every instance at once).
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** A standalone client, as made by `createClient()` from `redis`. */
export interface RedisNodeClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A cluster client, as made by `createCluster()` from `redis`. */
export interface RedisClusterClient {
  readonly masters: readonly object[];
  nodeClient(node: object): Promise<RedisNodeClient>;
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>;
}

/** A connected client from the `redis` package: standalone or cluster. */
export type RedisClientLike = RedisNodeClient | RedisClusterClient;

/** A Lua script and its SHA-1, the name EVALSHA knows it by. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Sends commands and scripts to the right node. */
export class Connection {
  readonly isCluster: boolean;
  readonly #client: RedisClientLike;

  constructor(client: RedisClientLike) {
    this.#client = client;
    this.isCluster = isCluster(client);
  }

  /** Send one command about `key` (the key routes it on a cluster). */
  command(key: string, args: string[]): Promise<unknown> {
    const client = this.#client;
    return isCluster(client) ? client.sendCommand(key, false, args) : client.sendCommand(args);
  }

  /**
   * Run a script by its hash, loading it on a NOSCRIPT reply: each node keeps its own script
   * cache, which a restart or failover empties. All `keys` must share one slot on a cluster.
   */
  async script(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const [firstKey = ''] = keys;
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.command(firstKey, ['EVALSHA', script.sha1, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.command(firstKey, ['EVAL', script.source, ...tail]);
    }
  }

  /** One client per master: where SCAN has to run, since each node scans only its own keys. */
  async masterClients(): Promise<RedisNodeClient[]> {
    const client = this.#client;
    if (!isCluster(client)) return [client];
    return Promise.all(client.masters.map((master) => client.nodeClient(master)));
  }
}

function isCluster(client: RedisClientLike): client is RedisClusterClient {
  return 'nodeClient' in client && 'masters' in client;
}

/** A HGETALL reply (RESP2 flat array, or RESP3 map as `Map` or object) as a map of strings. */
export function fieldMap(reply: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) fields.set(text(reply[i]), text(reply[i + 1]));
  } else if (reply instanceof Map) {
    for (const [field, value] of reply) fields.set(text(field), text(value));
  } else if (typeof reply === 'object' && reply !== null) {
    for (const [field, value] of Object.entries(reply)) fields.set(field, text(value));
  }
  return fields;
}

/** A reply element as a string (RESP3 type mappings may hand out Buffers). */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}
