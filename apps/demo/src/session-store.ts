/**
 * The one place that picks the session store (`SESSION_STORE`). Each store is imported only when
 * chosen, so the SQLite default never loads the Redis or PostgreSQL client. Redis and PostgreSQL
 * must answer within five seconds at startup, or the server does not start.
 *
 * @module
 */
import { join } from 'node:path';
import type { Clock, Logger, SessionStore } from 'sesame-session';
import type { AppConfig } from './config.js';
import { ConfigError } from './config.js';

/** A store plus what must be released after it on shutdown (a client the store did not open). */
export interface OpenedStore {
  store: SessionStore;
  /** Close the store and its client. */
  close(): Promise<void>;
}

/**
 * Open the session store `config.sessionStore` names.
 *
 * @example
 * const { store, close } = await openSessionStore(config, systemClock);
 */
export async function openSessionStore(
  config: Pick<
    AppConfig,
    'sessionStore' | 'dataDir' | 'redisUrl' | 'redisPrefix' | 'databaseUrl' | 'storeTimeoutMs'
  >,
  clock: Clock,
  logger: Logger,
): Promise<OpenedStore> {
  switch (config.sessionStore) {
    case 'memory': {
      const { memoryStore } = await import('sesame-session/stores/memory');
      const store = memoryStore({ maxSessions: 10_000, clock });
      return { store, close: () => store.close() };
    }
    case 'sqlite': {
      const { sqliteStore } = await import('sesame-session/stores/sqlite');
      const store = sqliteStore({ path: join(config.dataDir, 'sessions.db'), clock });
      return { store, close: () => store.close() };
    }
    case 'redis':
      return openRedis(config.redisUrl, config.redisPrefix, clock, logger);
    case 'postgres':
      return openPostgres(config.databaseUrl, config.storeTimeoutMs, clock, logger);
  }
}

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Wait for a connection at startup, or fail with a message for the person starting the server
 * (the host only: the URL may hold a password).
 */
async function within<T>(connecting: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConfigError(`${what} did not answer within ${CONNECT_TIMEOUT_MS} ms.`)),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([connecting, deadline]);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot use ${what}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured URL';
  }
}

async function openRedis(url: string, prefix: string, clock: Clock, logger: Logger): Promise<OpenedStore> {
  const [{ createClient }, { redisClientOptions, redisStore, watchRedisClient }] = await Promise.all([
    import('redis'),
    import('sesame-session/stores/redis'),
  ]);
  // The options Sesame ships (docs/scaling.md, "Redis client settings"): fail fast while Redis is
  // away, reconnect after every failure (a socket timeout included: node-redis's default strategy
  // gives up for good there, issue 10), cut a connection silent for 5 s; the watchdog cuts one that
  // stops answering even while requests keep it busy.
  const client = createClient({ url, ...redisClientOptions() });
  // node-redis emits 'error' on every failed reconnect; log the first of each outage only, and
  // none before the first connection (startup reports that itself).
  let failing = true;
  client.on('error', (error: Error) => {
    if (!failing) logger.warn(`redis: ${error.message} (sessions answer 503 until it is back)`);
    failing = true;
  });
  client.on('ready', () => {
    failing = false;
  });
  try {
    await within(client.connect(), `Redis at ${hostOf(url)}`);
  } catch (error) {
    client.destroy();
    throw error;
  }
  const stopWatching = watchRedisClient(client);
  const store = redisStore({ client, prefix, clock });
  return {
    store,
    async close() {
      stopWatching();
      await store.close();
      await client.close();
    },
  };
}

async function openPostgres(
  url: string,
  storeTimeoutMs: number,
  clock: Clock,
  logger: Logger,
): Promise<OpenedStore> {
  const [{ default: pg }, { postgresStore }] = await Promise.all([
    import('pg'),
    import('sesame-session/stores/postgres'),
  ]);
  // A query that outlives the store timeout has already been answered with a 503; cancel it on
  // the server soon after, so hung queries (a lock, a stalled disk) cannot hold every pool
  // connection. (migrate() at startup is a few quick statements and fits well inside it.)
  const queryLimitMs = storeTimeoutMs * 2;
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: queryLimitMs,
    query_timeout: queryLimitMs + 1_000,
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener it crashes.
  pool.on('error', (error) =>
    logger.warn(`postgres: ${error.message} (sessions answer 503 until it is back)`),
  );
  const store = postgresStore({ pool, clock });
  try {
    await within(store.migrate(), `PostgreSQL at ${hostOf(url)}`);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    store,
    async close() {
      await store.close();
      await pool.end();
    },
  };
}
