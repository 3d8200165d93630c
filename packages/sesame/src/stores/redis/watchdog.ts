/**
 * A health check that cuts a Redis connection that stops answering, busy or not (issue 10: under
 * load a frozen Redis was never cut off, and every request waited the whole store timeout).
 * A socket timeout cannot see this: requests keep writing to the socket, and every write counts
 * as activity until the kernel's buffers fill, minutes later.
 *
 * @module
 */
import { SesameError } from '../../errors.js';
import { ConnectionCutter } from './client-options.js';

/** The part of a node-redis client the watchdog uses. */
export interface WatchedRedisClient {
  /** Whether the client is connected and ready: the watchdog PINGs only then. */
  readonly isReady: boolean;
  /** The options the client was made with; the watchdog finds its {@link ConnectionCutter} there. */
  readonly options?:
    | {
        /** The `socket` options from {@link redisClientOptions}, whose `signal` is the cutter. */
        readonly socket?: unknown;
      }
    | undefined;
  /** Send a raw command (the watchdog sends `['PING']`). */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Settings of {@link watchRedisClient}. */
export interface RedisWatchSettings {
  /** How often to PING. Default 500 ms. */
  intervalMs?: number;
  /** A PING unanswered this long cuts the connection. Default 1 500 ms. */
  unansweredMs?: number;
}

/**
 * PING the client every `intervalMs` while it is ready; when a PING goes `unansweredMs` without
 * an answer, cut the connection. The commands waiting on it then fail at once (a 503 each),
 * node-redis reconnects, and with the offline queue off every request fails fast until Redis
 * answers again. Needs a client made with {@link redisClientOptions} (standalone `createClient`;
 * on a Cluster one cut would end every node's connection). Returns a function that stops it.
 *
 * @example
 * const stopWatching = watchRedisClient(client);
 * // on shutdown
 * stopWatching();
 * await client.close();
 */
export function watchRedisClient(client: WatchedRedisClient, settings: RedisWatchSettings = {}): () => void {
  const socket = client.options?.socket;
  const cutter =
    typeof socket === 'object' && socket !== null && 'signal' in socket ? socket.signal : undefined;
  if (!(cutter instanceof ConnectionCutter)) {
    throw new SesameError(
      'ERR_CONFIG_INVALID',
      'watchRedisClient: make the client with createClient({ ...redisClientOptions() }), which lets the watchdog cut its connection.',
    );
  }
  const intervalMs = settings.intervalMs ?? 500;
  const unansweredMs = settings.unansweredMs ?? 1_500;
  let waitingSinceMs: number | null = null;
  const timer = setInterval(
    () => {
      if (waitingSinceMs !== null) {
        if (Date.now() - waitingSinceMs < unansweredMs) return;
        waitingSinceMs = null;
        cutter.cut();
        return;
      }
      if (!client.isReady) return;
      const sentMs = Date.now();
      waitingSinceMs = sentMs;
      client.sendCommand(['PING']).then(
        () => {
          if (waitingSinceMs === sentMs) waitingSinceMs = null;
        },
        () => {
          // A failed PING means the connection is already gone; node-redis reconnects by itself.
          if (waitingSinceMs === sentMs) waitingSinceMs = null;
        },
      );
    },
    Math.min(intervalMs, unansweredMs),
  );
  timer.unref();
  return () => clearInterval(timer);
}
