/**
 * The `cache` option of the Redis and PostgreSQL stores (issue 15), parsed once when the store is
 * made (CONTRIBUTING.md §6).
 *
 * @module
 */
import { SesameError } from '../../errors.js';

/**
 * The `cache` option of `redisStore` and `postgresStore`: keep recently read sessions in this
 * process, coherent through the server's invalidation channel (Redis `CLIENT TRACKING`,
 * PostgreSQL `LISTEN`/`NOTIFY`). Every change to a session on any instance drops the copies;
 * while the channel is lost, the cache is emptied and bypassed. See docs/scaling.md.
 *
 * @example
 * const store = redisStore({ client, cache: { maxEntries: 10_000 } });
 */
export interface ReadCacheOptions {
  /** Most sessions kept; the least recently used goes first. Default 10 000. */
  maxEntries?: number;
  /** Milliseconds between heartbeats on the channel's connection. Default 250. */
  heartbeatIntervalMs?: number;
  /**
   * With no heartbeat answered for this long, the connection may be dead without having said
   * so, and reads bypass the cache until one is. Default 1 000; more than `heartbeatIntervalMs`.
   */
  maxSilenceMs?: number;
  /**
   * Called when the channel fails (lost connection, or a PostgreSQL table without the notify
   * trigger); the cache is bypassed meanwhile. Default: ignore (the store reconnects by itself).
   */
  onChannelError?: (error: unknown) => void;
}

/** {@link ReadCacheOptions} with defaults applied. */
export interface ReadCacheSettings {
  readonly maxEntries: number;
  readonly heartbeatIntervalMs: number;
  readonly maxSilenceMs: number;
  readonly onChannelError: (error: unknown) => void;
}

function whole(store: string, name: string, value: unknown, fallback: number, min: number): number {
  const n = value ?? fallback;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `${store} option cache.${name} must be a whole number of at least ${min}; got ${JSON.stringify(n)}.`,
    );
  }
  return n;
}

/** Validate `options` (the store's `cache` option) for `store` (its factory's name). */
export function readCacheSettings(store: string, options: ReadCacheOptions): ReadCacheSettings {
  if (typeof options !== 'object' || options === null) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `${store} option cache must be an object such as { maxEntries: 10_000 }; got ${String(options)}.`,
    );
  }
  const heartbeatIntervalMs = whole(store, 'heartbeatIntervalMs', options.heartbeatIntervalMs, 250, 1);
  const maxSilenceMs = whole(store, 'maxSilenceMs', options.maxSilenceMs, 1_000, heartbeatIntervalMs + 1);
  const onChannelError = options.onChannelError ?? (() => undefined);
  if (typeof onChannelError !== 'function') {
    throw new SesameError('ERR_CONFIG_INVALID', `${store} option cache.onChannelError must be a function.`);
  }
  return {
    maxEntries: whole(store, 'maxEntries', options.maxEntries, 10_000, 1),
    heartbeatIntervalMs,
    maxSilenceMs,
    onChannelError,
  };
}
