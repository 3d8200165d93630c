/**
 * Upgrade a session that express-session still holds: a request with a valid legacy cookie and no
 * Sesame session gets a new Sesame session with the legacy data (a Passport user signed in, with a
 * new token), and the legacy session is destroyed in its old store and its cookie expired, so the
 * old cookie works once. A bad signature or an unknown id is no session; a legacy store that fails
 * or does not answer is a 503, never a sign-in (docs/architecture.md §1.8).
 *
 * @module
 */
import type { ResolvedConfig } from '../../config.js';
import type { RegisteredData } from '../../index.js';
import { SesameError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import type { SessionData } from '../../store.js';
import { expireLegacyCookie, readLegacyCookie, verifyLegacyCookie } from './legacy-cookie.js';
import type { LegacyCookiePlace } from './legacy-cookie.js';
import { writable } from './save-changes.js';
import { RESERVED_KEYS } from './snapshot.js';

/** The two methods of an express-session `Store` the upgrade calls (connect-redis, connect-pg-simple, MemoryStore…). */
export interface LegacyStore {
  /** Read the legacy session `sid` (the unsigned id); `null` or no session when unknown. */
  get(sid: string, callback: (err: unknown, session?: object | null) => void): unknown;
  /** Delete the legacy session `sid` once its data moved to Sesame. */
  destroy(sid: string, callback?: (err?: unknown) => void): unknown;
}

/** Option `legacy` of `expressSession()`: where express-session kept the sessions to upgrade. */
export interface LegacyOptions {
  /** The express-session store that still holds the sessions (e.g. the app's connect-redis store). */
  store: LegacyStore;
  /** express-session's `secret`: one, or a list (any of them verifies). */
  secret: string | readonly string[];
  /** express-session's cookie `name`. Default `connect.sid`. */
  name?: string;
  /** `Path` and `Domain` the legacy cookie was set with. Default path `/`, no domain. */
  cookie?: LegacyCookiePlace;
}

/**
 * Refuse, when the middleware is made, legacy options that could never upgrade anyone or would
 * accept a cookie signed with an empty secret: a missing environment variable shows at start-up,
 * not as a 500 on the first request that carries a legacy cookie.
 */
export function checkLegacyOptions(legacy: LegacyOptions): void {
  const invalid = (what: string): SesameError =>
    new SesameError('ERR_CONFIG_INVALID', `expressSession(): option legacy.${what}`);
  const secrets: readonly unknown[] = typeof legacy.secret === 'string' ? [legacy.secret] : legacy.secret;
  if (
    !Array.isArray(secrets) ||
    secrets.length === 0 ||
    secrets.some((secret) => typeof secret !== 'string' || secret.length === 0)
  ) {
    throw invalid("secret must be express-session's secret: a non-empty string, or a list of them.");
  }
  const store = legacy.store as Partial<LegacyStore> | undefined;
  if (typeof store?.get !== 'function' || typeof store.destroy !== 'function') {
    throw invalid('store must be the express-session store that holds the sessions (with get and destroy).');
  }
  if (legacy.name !== undefined && (typeof legacy.name !== 'string' || legacy.name.length === 0)) {
    throw invalid("name must be express-session's cookie name (default connect.sid).");
  }
}

/** What the upgrade needs from the request. */
export interface LegacyRequest {
  cookieHeader: string | null;
  setCookie(line: string): void;
  /** The Sesame session to carry the legacy data into (one that is not stored). */
  session(): Promise<Session<RegisteredData>>;
}

function callStore<T>(
  config: ResolvedConfig,
  what: string,
  run: (done: (err: unknown, value?: T) => void) => unknown,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const fail = (code: 'ERR_STORE_UNAVAILABLE' | 'ERR_STORE_TIMEOUT', cause?: unknown): void => {
      const error = new SesameError(code, `legacy express-session store: ${what} failed.`, { cause });
      config.logger.error(error.message, {
        code,
        cause: cause instanceof Error ? cause.message : String(cause),
      });
      reject(error);
    };
    const timer = setTimeout(() => fail('ERR_STORE_TIMEOUT'), config.storeTimeoutMs);
    timer.unref();
    try {
      run((err, value) => {
        clearTimeout(timer);
        if (err) fail('ERR_STORE_UNAVAILABLE', err);
        else resolve(value);
      });
    } catch (err) {
      clearTimeout(timer);
      fail('ERR_STORE_UNAVAILABLE', err);
    }
  });
}

/**
 * Upgrade the request's legacy session, if it carries a valid one. Resolves the Sesame session
 * that now holds its data, or `null` when there was none to upgrade.
 */
export async function upgradeLegacy(
  config: ResolvedConfig,
  legacy: LegacyOptions,
  userIdOf: (data: Readonly<Record<string, unknown>>) => string | null,
  request: LegacyRequest,
): Promise<Session<RegisteredData> | null> {
  const name = legacy.name ?? 'connect.sid';
  const value = readLegacyCookie(request.cookieHeader, name);
  if (value === null) return null;
  const expire = (): void => request.setCookie(expireLegacyCookie(name, legacy.cookie ?? {}));
  const secrets = typeof legacy.secret === 'string' ? [legacy.secret] : legacy.secret;
  const id = verifyLegacyCookie(value, secrets);
  if (id === null) {
    expire();
    return null;
  }
  const stored = await callStore<object | null>(config, 'get', (done) => legacy.store.get(id, done));
  if (
    stored === undefined ||
    stored === null ||
    typeof stored !== 'object' ||
    isExpired(stored, config.clock.now())
  ) {
    expire();
    return null;
  }
  // Destroyed before anything is created: the legacy cookie is good for one upgrade at most.
  await callStore(config, 'destroy', (done) => legacy.store.destroy(id, done));
  expire();
  const data = Object.create(null) as SessionData;
  for (const [key, item] of Object.entries(stored)) {
    if (!RESERVED_KEYS.has(key) && item !== undefined) data[key] = item as SessionData[string];
  }
  const userId = userIdOf(data);
  const remember = (stored as { cookie?: { expires?: unknown } }).cookie?.expires != null;
  const session = await request.session();
  const sesame = writable(session);
  if (userId !== null) await sesame.login(userId, { keepData: false, remember });
  if (Object.keys(data).length > 0) await sesame.update(data);
  return session;
}

function isExpired(stored: object, nowMs: number): boolean {
  const expires = (stored as { cookie?: { expires?: unknown } }).cookie?.expires;
  if (expires === undefined || expires === null) return false;
  const ms = new Date(expires as string).getTime();
  return !Number.isFinite(ms) || ms <= nowMs;
}
