/**
 * Sesame: secure server-side sessions. Create one {@link Sessions} per app with a store, then
 * mount an adapter (`sesame-session/express`, …).
 *
 * @example
 * import { createSessions } from 'sesame-session';
 * import { sqliteStore } from 'sesame-session/stores/sqlite';
 * import { sesame } from 'sesame-session/express';
 *
 * const sessions = createSessions({
 *   store: sqliteStore({ path: 'data/sessions.db' }),
 *   secrets: process.env.SESSION_SECRET,
 *   origin: process.env.PUBLIC_ORIGIN, // e.g. https://app.example.com; required in production
 * });
 * app.use(express.urlencoded({ extended: false }), sesame(sessions));
 *
 * @module sesame-session
 */
import type { ResolvedConfig, SessionOptions } from './config.js';
import { resolveConfig } from './config.js';
import { debugEnabled, logDecisions, tracedStore } from './debug.js';
import type { DeviceBoundAnswer } from './device-bound/answer.js';
import type { SesameError } from './errors.js';
import { SealedStore } from './seal/sealed-store.js';
import { Engine } from './session/engine.js';
import type { AfterResponse, ApplyPlan, RequestFacts } from './http.js';
import type { Session } from './session/session.js';
import type { SessionData } from './store.js';

export type {
  CookieOptions,
  CsrfOptions,
  Logger,
  Preset,
  PresetTimeouts,
  ResolvedConfig,
  SessionOptions,
} from './config.js';
export { PRESETS } from './config.js';
export type { DeviceBoundOptions, ResolvedDeviceBound } from './device-bound/options.js';
export type { ResolvedRenewal } from './config/renewal.js';
export type { DeviceBoundAnswer } from './device-bound/answer.js';
export type { ObjectFirstLogger } from './logger.js';
export { objectFirstLogger } from './logger.js';
export type { Clock, ManualClock } from './clock.js';
export { manualClock, systemClock } from './clock.js';
export type { Duration } from './duration.js';
export { parseDuration } from './duration.js';
export type { SesameErrorCode } from './errors.js';
export type { EncryptionOptions, SealKey, SealKeyInput } from './seal/keys.js';
export { SesameError, isSesameError, statusForCode } from './errors.js';
export type { EventHandler, SessionEvent, SessionEventType } from './session/events.js';
export type {
  AfterResponse,
  ApplyPlan,
  PlannedCookie,
  PlannedCookieOptions,
  RequestFacts,
  ResponsePlan,
} from './http.js';
export type { EndedReason } from './session/ended-reason.js';
export type { LoginOptions, RotateOptions } from './session/options.js';
export type { SessionInfo } from './session/user-sessions.js';
export { Session } from './session/session.js';
export type {
  CreateResult,
  DeleteByUserOptions,
  DeviceBinding,
  GetOptions,
  JsonValue,
  SecretRenewal,
  SessionData,
  SessionDelta,
  SessionMeta,
  SessionRecord,
  SessionStore,
  SessionTouch,
} from './store.js';

/**
 * Augment this interface to type session data everywhere (`req.session.get('cart')`):
 *
 * @example
 * declare module 'sesame-session' {
 *   interface Register { data: { cart: string[]; theme: 'light' | 'dark' } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Register {}

/** The session data type registered through {@link Register}, or any JSON object. */
export type RegisteredData = Register extends {
  /** The session data type, registered by augmenting {@link Register}. */
  data: infer D extends SessionData;
}
  ? D
  : SessionData;

/** A configured session manager: what adapters mount. */
export interface Sessions<T extends SessionData = RegisteredData> {
  /** The validated configuration. */
  readonly config: ResolvedConfig;
  /**
   * Load the session for a request. `apply` receives cookie changes the moment they happen.
   * With `afterResponse`, a due touch rides on the request's first write, or is written once the
   * response is sent; without it, while loading. Rejects only with `ERR_STORE_UNAVAILABLE` /
   * `ERR_STORE_TIMEOUT` (answer 503).
   */
  load(facts: RequestFacts, apply: ApplyPlan, afterResponse?: AfterResponse): Promise<Session<T>>;
  /**
   * The CSRF verdict for a loaded request: `null` to go on, else the error to answer (403).
   * `readToken` returns the submitted synchronizer token; it is called only when Fetch Metadata
   * and Origin leave the decision to the token.
   */
  checkCsrf(facts: RequestFacts, session: Session<T>, readToken: () => unknown): SesameError | null;
  /**
   * The answer to a Device Bound Session Credentials registration or refresh request (the
   * `deviceBound` option), to be sent as it is instead of running the application; `null`,
   * decided synchronously from the method and `facts.path`, for every other request. Adapters
   * call it first.
   *
   * @example
   * const answer = sessions.deviceBoundEndpoint(facts);
   * if (answer !== null) return send(await answer); // status, headers, setCookies, body
   */
  deviceBoundEndpoint(facts: RequestFacts): Promise<DeviceBoundAnswer> | null;
  /**
   * Delete expired sessions from the store now. Expired sessions are refused on load either way;
   * this frees their space. Schedule it for SQLite and PostgreSQL; Redis expires keys itself.
   *
   * @returns How many sessions were deleted.
   * @example
   * setInterval(() => sessions.sweep().catch(console.error), 10 * 60_000).unref();
   */
  sweep(): Promise<number>;
  /** Close what the store opened itself (not a client or pool the app passed in). */
  close(): Promise<void>;
}

/** Records listed by user that do not open belong to no one request. */
const NO_REQUEST = Object.freeze({ ip: null });

/**
 * Validate options and create the session manager. Throws `ERR_CONFIG_INVALID` /
 * `ERR_CONFIG_INSECURE` at startup with a message that says what to change. Run the process with
 * `NODE_DEBUG=sesame` to see on stderr what it decides for each request, and why.
 *
 * @example
 * const sessions = createSessions({
 *   store: sqliteStore({ path: 'data/sessions.db' }),
 *   secrets: [process.env.SESSION_SECRET, process.env.SESSION_SECRET_OLD],
 *   origin: 'https://app.example.com',
 *   preset: 'aal2',
 * });
 */
export function createSessions<T extends SessionData = RegisteredData>(options: SessionOptions): Sessions<T> {
  const config = resolveConfig(options);
  // The engine reads and writes plaintext; only what crosses into the store is sealed (issue 15).
  // It opens what `get` returns itself, after the secret check (engine.ts); records listed by
  // user are opened here, and those that do not open are reported from here.
  const keys = config.encryption;
  const sealed =
    keys === null
      ? null
      : new SealedStore(
          config.store,
          keys,
          (id, userId, reason) => engine.emit('unreadable', id, userId, NO_REQUEST, reason),
          { openOnGet: false },
        );
  const inner = sealed ?? config.store;
  const store = debugEnabled ? tracedStore(inner, config.secrets) : inner;
  const engine = new Engine(
    store === config.store ? config : { ...config, store },
    sealed === null ? null : (record) => sealed.openRecord(record),
  );
  const sessions: Sessions<T> = {
    config,
    load: (facts, apply, afterResponse) => engine.load<T>(facts, apply, afterResponse),
    checkCsrf: (facts, session, readToken) => engine.checkCsrf(facts, session, readToken),
    deviceBoundEndpoint: (facts) => engine.deviceBoundEndpoint(facts),
    sweep: () => engine.store('deleteExpired', (s) => s.deleteExpired(config.clock.now())),
    close: () => config.store.close(),
  };
  return debugEnabled ? logDecisions(sessions) : sessions;
}
