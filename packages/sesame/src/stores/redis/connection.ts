/**
 * The few things the store needs from a node-redis client, typed by shape so that any client the
 * app built (`createClient` or `createCluster`, redis v5 or v6, with or without modules, RESP2 or
 * RESP3) fits without casts, and so this package never imports `redis` at run time.
 *
 * Commands go through `sendCommand`, whose replies are raw (no per-command transforms), and
 * always to masters: a read from a replica could still show a session that was just signed out
 * (docs/architecture.md §1.5: ended on every instance at once).
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** The per-command options of node-redis that the store sets (its `CommandOptions`). */
export interface RedisCommandOptions {
  /** node-redis's per-command timeout; the store sends 0 (none: `storeTimeout` bounds calls). */
  timeout?: number;
}

/** A standalone client, as made by `createClient()` from `redis`. */
export interface RedisNodeClient {
  /** Send one raw command. */
  sendCommand(args: string[], options?: RedisCommandOptions): Promise<unknown>;
}

/** A cluster client, as made by `createCluster()` from `redis`. */
export interface RedisClusterClient {
  /** The cluster's master nodes (SCAN runs on each). */
  readonly masters: readonly object[];
  /** The client of one node. */
  nodeClient(node: object): Promise<RedisNodeClient>;
  /** Send one raw command, routed by `firstKey`. */
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
    options?: RedisCommandOptions,
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

/**
 * Sent with every command: no node-redis timer per command. node-redis 6 arms one by default
 * (`commandOptions.timeout`, 5 s), an `AbortSignal.timeout` with listeners on each command, which
 * cost about 12 µs of client CPU per command in a loop against a local Redis (issue 5): more than
 * the rest of a `get`. The engine already bounds every store call with `storeTimeout` (2 s by
 * default, so before the client's 5 s), through one timer for all calls (session/store-call.ts).
 * Only `timeout` is overridden: the app's other command options, such as type mappings, still apply.
 */
const COMMAND_OPTIONS: RedisCommandOptions = Object.freeze({ timeout: 0 });

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
    return isCluster(client)
      ? client.sendCommand(key, false, args, COMMAND_OPTIONS)
      : client.sendCommand(args, COMMAND_OPTIONS);
  }

  /**
   * Run a script by its hash, loading it on a NOSCRIPT reply: each node keeps its own script
   * cache, which a restart or failover empties. All `keys` must share one slot on a cluster.
   */
  async script(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const [firstKey = ''] = keys;
    const command = ['EVALSHA', script.sha1, String(keys.length), ...keys, ...args];
    try {
      return await this.command(firstKey, command);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.command(firstKey, ['EVAL', script.source, ...command.slice(2)]);
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

/** A reply element as a string (RESP3 type mappings may hand out Buffers). */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}
