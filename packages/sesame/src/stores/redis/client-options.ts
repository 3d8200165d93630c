/**
 * The node-redis client settings Sesame needs (issue 10: a demo whose Redis froze for 7 s never
 * recovered until restarted, and under load a frozen Redis was never cut off). Returned as plain
 * `createClient` options, so this package still never imports `redis` at run time.
 *
 * @module
 */
import { SesameError } from '../../errors.js';

/** Settings of {@link redisClientOptions}; every one has a default. */
export interface RedisClientSettings {
  /** Bound on opening a TCP connection. Default 2 000 ms. */
  connectTimeoutMs?: number;
  /**
   * Close a socket on which nothing was read or written for this long, then reconnect. Default
   * 5 000 ms. Bounds a reconnect to a server that accepts the TCP connection but never answers
   * the handshake (a frozen process). On its own it does not cut a busy connection: every write
   * counts as activity; {@link watchRedisClient} does that.
   */
  socketTimeoutMs?: number;
  /** A PING this often keeps a quiet, healthy connection from reaching `socketTimeoutMs`. Default 1 000 ms. */
  pingIntervalMs?: number;
  /** Longest wait between reconnect attempts (they back off from 50 ms). Default 500 ms. */
  maxReconnectDelayMs?: number;
}

/** Listeners kept: node-redis keeps one socket per client, and Node adds two per socket. */
const MAX_LISTENERS = 8;

type AbortListener = ((event: Event) => void) | { handleEvent(event: Event): void };

/**
 * An AbortSignal-shaped trigger that {@link watchRedisClient} fires to cut the connection. Node
 * adds 'abort' listeners for each socket made with it and removes only some when the socket
 * closes, so only the newest few are kept: older ones belong to sockets already gone, and an
 * EventTarget would keep them, and their sockets, for the life of the client.
 */
export class ConnectionCutter {
  /** Never true: each new socket registers again, so one cut ends only the sockets open now. */
  readonly aborted = false;
  readonly reason: unknown = undefined;
  #listeners: AbortListener[] = [];

  addEventListener(type: string, listener: AbortListener | null): void {
    if (type !== 'abort' || listener === null) return;
    this.#listeners.push(listener);
    if (this.#listeners.length > MAX_LISTENERS) this.#listeners.shift();
  }

  removeEventListener(type: string, listener: AbortListener | null): void {
    if (type === 'abort') this.#listeners = this.#listeners.filter((l) => l !== listener);
  }

  /** Destroy the sockets made with these options that are open now; node-redis then reconnects. */
  cut(): void {
    const listeners = this.#listeners;
    this.#listeners = [];
    const event = new Event('abort');
    for (const listener of listeners) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  }

  throwIfAborted(): void {}

  /** @internal For tests: how many listeners are kept. */
  get listenerCount(): number {
    return this.#listeners.length;
  }
}

/** The `createClient` options {@link redisClientOptions} returns. */
export interface RedisClientOptions {
  disableOfflineQueue: true;
  pingInterval: number;
  socket: {
    connectTimeout: number;
    socketTimeout: number;
    reconnectStrategy: (retries: number, cause: Error) => number;
    /**
     * A {@link ConnectionCutter}, typed as the AbortSignal `net.createConnection` takes: node-redis
     * passes it on, and Node destroys the socket when it fires 'abort'.
     */
    signal: AbortSignal;
  };
}

function positive(name: keyof RedisClientSettings, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (!Number.isSafeInteger(ms) || ms < 1) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      `redisClientOptions setting ${name} must be a whole number of milliseconds of at least 1; got ${String(ms)}.`,
    );
  }
  return ms;
}

/**
 * Options for `createClient` (node-redis 5 or 6) as Sesame needs them:
 *
 * - `disableOfflineQueue`: while disconnected a command fails at once (the request gets its 503
 *   now) instead of waiting in a queue for the whole `storeTimeout`.
 * - `socket.reconnectStrategy`: reconnect after every failure, with a backoff capped at
 *   `maxReconnectDelayMs`. node-redis's default strategy gives up for good after a socket
 *   timeout, which left the demo answering 503 until it was restarted (issue 10).
 * - `socket.socketTimeout` and `pingInterval`: a connection silent for `socketTimeoutMs` is cut;
 *   the pings keep a healthy one from counting as silent.
 * - `socket.signal`: lets {@link watchRedisClient} cut a connection that stops answering while
 *   requests keep it busy, which a socket timeout never does.
 *
 * @example
 * import { createClient } from 'redis';
 * import { redisClientOptions, redisStore, watchRedisClient } from 'sesame-session/stores/redis';
 *
 * const client = createClient({ url: process.env.REDIS_URL, ...redisClientOptions() });
 * client.on('error', (err) => logger.warn('redis', err)); // without a listener, a lost connection crashes
 * await client.connect();
 * const stopWatching = watchRedisClient(client); // call it before client.close()
 * const store = redisStore({ client });
 */
export function redisClientOptions(settings: RedisClientSettings = {}): RedisClientOptions {
  const maxDelayMs = positive('maxReconnectDelayMs', settings.maxReconnectDelayMs, 500);
  return {
    disableOfflineQueue: true,
    pingInterval: positive('pingIntervalMs', settings.pingIntervalMs, 1_000),
    socket: {
      connectTimeout: positive('connectTimeoutMs', settings.connectTimeoutMs, 2_000),
      socketTimeout: positive('socketTimeoutMs', settings.socketTimeoutMs, 5_000),
      reconnectStrategy: (retries) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelayMs),
      signal: new ConnectionCutter() as unknown as AbortSignal,
    },
  };
}
