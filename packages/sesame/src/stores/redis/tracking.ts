/**
 * The invalidation channel of the Redis store's read cache (issue 15): server-assisted client-side
 * caching (Redis docs, "Client-side caching", default mode). The store opens one connection of its
 * own, a duplicate of the app's client speaking RESP3 with `CLIENT TRACKING ON` sent in every
 * handshake (node-redis's `emitInvalidate`, so a reconnect tracks again before it is ready).
 * Reads the cache keeps go over that connection, so Redis remembers that this connection read the
 * key and pushes an `invalidate` message on it when anyone changes, deletes or expires the key
 * afterwards: a write of another instance, of this one, a `redis-cli` DEL, a FLUSHALL (a `null`
 * key: everything). Replies and pushes share the connection, so a change made after a read
 * is reported after that read's reply; read-cache.ts drops a read that an invalidation overtook
 * on its way to the caller.
 *
 * Fail closed: when the connection errs, ends or reconnects, the cache is emptied and bypassed
 * (read-cache.ts `down`); node-redis's `ready` after a reconnect means tracking is on again, and
 * the cache starts over empty (`up`). A PING every `heartbeatIntervalMs` renews its lease.
 *
 * Standalone Redis only: on a Cluster, tracking lives on each master's connection and a slot
 * that moves takes its keys' tracking with it; the store refuses `cache` there (redis-store.ts).
 *
 * @module
 */
import { SesameError } from '../../errors.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import { startHeartbeat } from '../read-cache/heartbeat.js';
import type { ReadCacheSettings } from '../read-cache/options.js';
import type { RedisClientLike, RedisCommandOptions, RedisNodeClient } from './connection.js';
import { text } from './connection.js';
import type { KeyLayout } from './keys.js';

/** The connection the store opens for tracking: a node-redis client made by `duplicate()`. */
export interface RedisTrackingClient {
  /** Open the connection (it reconnects by the app client's strategy afterwards). */
  connect(): Promise<unknown>;
  /** Send one raw command. */
  sendCommand(args: string[], options?: RedisCommandOptions): Promise<unknown>;
  /** node-redis events: `invalidate`, `ready`, `error`, `end`, `reconnecting`. */
  on(event: string, listener: (...args: never[]) => void): unknown;
  /** Close at once, without reconnecting. */
  destroy(): void;
  /** Connected, handshake done. */
  readonly isReady: boolean;
}

/** A standalone node-redis client that can open another connection like itself. */
export interface RedisDuplicableClient extends RedisNodeClient {
  /** A new client with the same settings and `overrides`, not yet connected. */
  duplicate(overrides: object): RedisTrackingClient;
}

const COMMAND_OPTIONS: RedisCommandOptions = Object.freeze({ timeout: 0 });

/** The tracking connection of one store. */
export class RedisTracking {
  readonly #client: RedisTrackingClient;
  readonly #stopHeartbeat: () => void;
  #closed = false;

  constructor(appClient: RedisClientLike, keys: KeyLayout, cache: ReadCache, settings: ReadCacheSettings) {
    if (!('duplicate' in appClient) || typeof appClient.duplicate !== 'function' || 'masters' in appClient) {
      throw new SesameError(
        'ERR_CONFIG_INVALID',
        'redisStore option cache needs a standalone client from createClient() (node-redis 6.3 or later); on a Redis Cluster, leave cache out.',
      );
    }
    this.#client = (appClient as RedisDuplicableClient).duplicate({
      RESP: 3,
      emitInvalidate: true,
      clientSideCache: undefined,
      disableOfflineQueue: true,
    });
    const lost = (error?: unknown): void => {
      cache.down();
      if (error !== undefined && !this.#closed) settings.onChannelError(error);
    };
    this.#client.on('invalidate', (key: unknown) => {
      if (key === null) return cache.invalidateAll();
      const id = keys.idOf(text(key));
      if (id !== null) cache.invalidate(id);
    });
    this.#client.on('error', (error: unknown) => lost(error));
    this.#client.on('end', () => lost());
    this.#client.on('reconnecting', () => lost());
    this.#client.on('ready', () => {
      if (!this.#closed) cache.up();
    });
    this.#client.connect().catch((error: unknown) => lost(error));
    this.#stopHeartbeat = startHeartbeat(cache, settings.heartbeatIntervalMs, () =>
      this.#client.isReady ? this.#client.sendCommand(['PING'], COMMAND_OPTIONS) : null,
    );
  }

  /** `HGETALL key` on the tracking connection, so Redis reports the next change to it. */
  read(key: string): Promise<unknown> {
    if (!this.#client.isReady) return Promise.reject(new Error('redisStore: tracking connection not ready'));
    return this.#client.sendCommand(['HGETALL', key], COMMAND_OPTIONS);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHeartbeat();
    this.#client.destroy();
  }
}
