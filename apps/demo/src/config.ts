/**
 * The demo's configuration, read once from the environment at startup. Everything a person writes
 * by hand (durations, booleans, store names) is validated here, with messages that say what to
 * change; the rest of the app only reads the resolved {@link AppConfig}.
 *
 * @module
 */
import { parseDuration } from 'sesame-session';

/** Where sessions live. Users always live in SQLite under `dataDir` (see README). */
export type SessionStoreKind = 'memory' | 'sqlite' | 'redis' | 'postgres';

/** Express's `trust proxy` setting: false, true, a hop count, or a list of addresses/names. */
export type TrustProxy = boolean | number | string;

/** The resolved configuration {@link createApp} runs on. */
export interface AppConfig {
  port: number;
  /** Address to listen on; `undefined` is Node's default (every interface). */
  host: string | undefined;
  dataDir: string;
  sessionStore: SessionStoreKind;
  redisUrl: string;
  /** Prepended to every Redis key, so several apps (or test runs) can share one Redis. */
  redisPrefix: string;
  databaseUrl: string;
  /** `undefined` in development means "generate one and warn" (Sesame does both). */
  sessionSecret: string | undefined;
  /**
   * `SESSION_KEYS`: keys that seal session data at rest, newest first (issue 15; Sesame checks
   * them at startup). Empty: data is stored unsealed.
   */
  sessionKeys: string[];
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  /** Longest a session store call may take before the request fails closed with a 503. */
  storeTimeoutMs: number;
  trustProxy: TrustProxy;
  /**
   * `PUBLIC_ORIGIN`: the address(es) people open the app at, for the same-origin check. Required
   * in production; empty in development, where the request's own host stands in.
   */
  publicOrigins: string[];
  production: boolean;
}

/** A configuration problem, with a message meant for the person starting the server. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const STORE_KINDS: readonly SessionStoreKind[] = ['memory', 'sqlite', 'redis', 'postgres'];

export const MAKE_SECRET_COMMAND = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`;

function durationMs(env: NodeJS.ProcessEnv, name: string, fallback: string): number {
  const raw = env[name]?.trim() || fallback;
  const ms = parseDuration(raw);
  if (ms === null)
    throw new ConfigError(`${name} must be a duration like 90s, 30m or 12h; got ${JSON.stringify(raw)}.`);
  return ms;
}

function port(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535; got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/**
 * `TRUST_PROXY`: `true`/`false`, a hop count (`1`), or what Express accepts as a list
 * (`loopback`, `10.0.0.0/8, 127.0.0.1`). Only trust a proxy you run: it decides the client IP
 * used for throttling and whether a request counts as HTTPS.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function storeKind(raw: string | undefined): SessionStoreKind {
  const value = (raw?.trim() || 'sqlite') as SessionStoreKind;
  if (!STORE_KINDS.includes(value)) {
    throw new ConfigError(
      `SESSION_STORE must be one of ${STORE_KINDS.join(', ')}; got ${JSON.stringify(raw)}.`,
    );
  }
  return value;
}

/**
 * Resolve the configuration from environment variables. Throws {@link ConfigError} for a bad value
 * and, in production, for a missing `SESSION_SECRET`.
 *
 * @example
 * const config = loadConfig(process.env);
 * const { app } = await createApp(config);
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const production = env['NODE_ENV'] === 'production';
  const sessionSecret = env['SESSION_SECRET']?.trim() || undefined;
  if (production && sessionSecret === undefined) {
    throw new ConfigError(
      `SESSION_SECRET is required when NODE_ENV=production. Make one with:\n  ${MAKE_SECRET_COMMAND}\nand set it in the environment or in .env (SESSION_SECRET=...).`,
    );
  }
  const publicOrigins = (env['PUBLIC_ORIGIN'] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (production && publicOrigins.length === 0) {
    throw new ConfigError(
      'PUBLIC_ORIGIN is required when NODE_ENV=production: the address people open the app at, e.g. PUBLIC_ORIGIN=https://sesame.example.com (several separated by commas). Cross-site form posts are judged against it, never against the Host header a client sends.',
    );
  }
  const idleTimeoutMs = durationMs(env, 'SESSION_IDLE_TIMEOUT', '30m');
  const absoluteTimeoutMs = durationMs(env, 'SESSION_ABSOLUTE_TIMEOUT', '12h');
  if (idleTimeoutMs > absoluteTimeoutMs) {
    throw new ConfigError('SESSION_IDLE_TIMEOUT must not be longer than SESSION_ABSOLUTE_TIMEOUT.');
  }
  return {
    port: port(env['PORT']),
    host: env['HOST']?.trim() || undefined,
    dataDir: env['DATA_DIR']?.trim() || './data',
    sessionStore: storeKind(env['SESSION_STORE']),
    redisUrl: env['REDIS_URL']?.trim() || 'redis://127.0.0.1:6379',
    redisPrefix: env['REDIS_PREFIX']?.trim() || 'sesame-demo:',
    databaseUrl: env['DATABASE_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres',
    sessionSecret,
    sessionKeys: (env['SESSION_KEYS'] ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
    idleTimeoutMs,
    absoluteTimeoutMs,
    // Sesame's own default (2 s); shorter fails faster when the store hangs, longer rides out
    // slow moments (docs/architecture.md §1.8).
    storeTimeoutMs: durationMs(env, 'SESSION_STORE_TIMEOUT', '2s'),
    trustProxy: parseTrustProxy(env['TRUST_PROXY']),
    publicOrigins,
    production,
  };
}
