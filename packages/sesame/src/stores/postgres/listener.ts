/**
 * The invalidation channel of the PostgreSQL store's read cache (issue 15): one connection taken
 * from the app's pool and kept, which LISTENs on the table's channel (notify.ts). Each
 * notification names a session id that a committed transaction changed or removed (`*`: all).
 *
 * Fail closed: when the connection errs or ends (a server restart, `pg_terminate_backend`, a
 * network cut), the cache is emptied and bypassed (read-cache.ts `down`), the connection is
 * discarded and a new one taken, with a backoff. Only once the new one LISTENs, and the trigger
 * that sends the notifications is there and enabled, does the cache start again, empty (`up`):
 * changes made while nobody listened were never heard. The trigger check, repeated every
 * `heartbeatIntervalMs` on the listening connection, renews the cache's lease (PostgreSQL sends a
 * listening session the notifications that committed before a query ends ahead of its result)
 * and stops the cache when the trigger is gone.
 *
 * @module
 */
import { SesameError } from '../../errors.js';
import type { ReadCache } from '../read-cache/read-cache.js';
import { startHeartbeat } from '../read-cache/heartbeat.js';
import type { ReadCacheSettings } from '../read-cache/options.js';
import type { NotifySetup } from './notify.js';
import type { PgPool, PgPoolClient } from './pool.js';

/** A pool client that emits events, as every `pg` client does. */
interface ListeningClient extends PgPoolClient {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeAllListeners(event: string): unknown;
}

/** Reconnect backoff: from 50 ms, doubling, at most 1 s. */
const retryDelayMs = (attempt: number): number => Math.min(50 * 2 ** Math.min(attempt, 5), 1_000);

/** The listening connection of one store. */
export class PostgresListener {
  readonly #pool: PgPool;
  readonly #notify: NotifySetup;
  readonly #cache: ReadCache;
  readonly #settings: ReadCacheSettings;
  readonly #stopHeartbeat: () => void;
  #client: ListeningClient | null = null;
  #listening = false;
  #attempt = 0;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(pool: PgPool, notify: NotifySetup, cache: ReadCache, settings: ReadCacheSettings) {
    this.#pool = pool;
    this.#notify = notify;
    this.#cache = cache;
    this.#settings = settings;
    this.#stopHeartbeat = startHeartbeat(cache, settings.heartbeatIntervalMs, () => {
      const client = this.#client;
      if (!this.#listening || client === null) return null;
      // The heartbeat is the trigger check itself: a trigger dropped or disabled later (ALTER
      // TABLE … DISABLE TRIGGER) stops the cache within one beat, as a lost connection does.
      return this.#checkTrigger(client).catch((error: unknown) => {
        this.#lost(client, error);
        throw error;
      });
    });
    void this.#connect();
  }

  async #connect(): Promise<void> {
    let client: ListeningClient | null = null;
    try {
      client = (await this.#pool.connect()) as ListeningClient;
      if (this.#closed) return client.release(true);
      this.#client = client;
      const current = client;
      client.on('notification', (message: { channel: string; payload?: string }) => {
        if (this.#client !== current || message.channel !== this.#notify.channel) return;
        if (message.payload === '*' || message.payload === undefined) this.#cache.invalidateAll();
        else this.#cache.invalidate(message.payload);
      });
      client.on('error', (error: unknown) => this.#lost(current, error));
      client.on('end', () => this.#lost(current, new Error('postgresStore: listening connection ended')));
      // Named, so an operator (or a test) can find it in pg_stat_activity. The connection is never
      // given back to the pool for reuse: #lost discards it.
      await client.query({ text: `SET application_name = 'sesame-cache ${this.#notify.channel}'` });
      await client.query({ text: `LISTEN "${this.#notify.channel}"` });
      await this.#checkTrigger(client);
      if (this.#client !== current || this.#closed) return;
      this.#attempt = 0;
      this.#listening = true;
      this.#cache.up();
    } catch (error) {
      if (client !== null) this.#lost(client, error);
      else this.#schedule(error);
    }
  }

  /** Throws unless both notify triggers are on the table and enabled. */
  async #checkTrigger(client: ListeningClient): Promise<void> {
    const { rows } = await client.query({
      text: `SELECT count(*)::int AS n FROM pg_trigger
              WHERE tgrelid = to_regclass($1) AND tgname = ANY($2::text[]) AND tgenabled <> 'D'`,
      values: [this.#notify.table, [...this.#notify.triggers]],
    });
    if ((rows[0] as { n: number } | undefined)?.n !== this.#notify.triggers.length) {
      throw new SesameError(
        'ERR_CONFIG_INVALID',
        `postgresStore option cache needs the notify triggers on ${this.#notify.table}, enabled: run migrate() of a store made with cache, or the SQL in docs/scaling.md. Reads bypass the cache until then.`,
      );
    }
  }

  #lost(client: ListeningClient, error: unknown): void {
    if (this.#client !== client) return;
    this.#client = null;
    this.#listening = false;
    this.#cache.down();
    client.removeAllListeners('notification');
    // Keep an 'error' listener: a late error on a discarded client must not crash the process.
    client.removeAllListeners('end');
    try {
      client.release(error instanceof Error ? error : true);
    } catch {
      // Released already: pg throws on a second release.
    }
    this.#schedule(error);
  }

  #schedule(error: unknown): void {
    if (this.#closed) return;
    this.#settings.onChannelError(error);
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.#connect(), retryDelayMs(this.#attempt++));
    this.#retry.unref();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHeartbeat();
    clearTimeout(this.#retry);
    const client = this.#client;
    if (client !== null) this.#lost(client, new Error('postgresStore: closed'));
  }
}
