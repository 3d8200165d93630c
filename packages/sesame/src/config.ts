/**
 * Options, defaults, presets and the validation that refuses insecure production setups.
 * Everything is parsed once here; the request path only reads the resolved numbers. The secrets,
 * cookie and CSRF options are parsed in files of their own under `config/`.
 *
 * @module
 */
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Duration } from './duration.js';
import type { Logger } from './logger.js';
import { toLogger } from './logger.js';
import type { Preset } from './presets.js';
import { PRESETS } from './presets.js';
import { resolvePublicOrigins } from './csrf/origin-config.js';
import type { CookieOptions } from './config/cookie.js';
import { resolveCookie } from './config/cookie.js';
import type { CsrfOptions } from './config/csrf.js';
import { resolveCsrf } from './config/csrf.js';
import { duration, insecure, invalid } from './config/option-errors.js';
import type { ResolvedRenewal } from './config/renewal.js';
import { resolveRenewal } from './config/renewal.js';
import { resolveSecrets } from './config/secrets.js';
import type { DeviceBoundOptions, ResolvedDeviceBound } from './device-bound/options.js';
import { resolveDeviceBound } from './device-bound/options.js';
import type { EventHandler } from './session/events.js';
import type { RequestFacts } from './http.js';
import type { SessionStore } from './store.js';
import type { EncryptionOptions, SealKey } from './seal/keys.js';
import { resolveSealKeys } from './seal/keys.js';

export { PRESETS } from './presets.js';
export type { Preset, PresetTimeouts } from './presets.js';
export type { Logger } from './logger.js';
export type { CookieOptions, CsrfOptions };

/** Options of {@link createSessions}. */
export interface SessionOptions {
  /**
   * Where sessions live: `sqliteStore()`, `redisStore()`, `postgresStore()` (each from its own
   * subpath), `memoryStore()` for tests, or your own {@link SessionStore}.
   */
  store: SessionStore;
  /**
   * Keys for the CSRF token MAC and event hashes, newest first; older ones still verify, so
   * secrets rotate without signing anyone out. Each at least 32 bytes. Required in production.
   */
  secrets?: string | readonly string[] | undefined;
  /** Timeout preset; explicit `idleTimeout` / `absoluteTimeout` override it. Default `asvs-l2`. */
  preset?: Preset;
  /** Inactivity limit. Default 30 minutes. */
  idleTimeout?: Duration;
  /** Lifetime limit from creation, never extended. Default 12 hours. */
  absoluteTimeout?: Duration;
  /**
   * Periodic renewal (docs/architecture.md §1.13 in the repository): a request on a session whose
   * token is older than this gets a new token, the same session. Off by default. Must be shorter
   * than `absoluteTimeout`, which renewal never extends.
   *
   * @example
   * renewAfter: '15m',
   */
  renewAfter?: Duration;
  /**
   * How long the token a renewal replaced still works, for requests already on their way and
   * other tabs. Default 30 s; at least 1 s and shorter than `renewAfter`. Shown after it, that
   * token ends the session (a copied token: docs/architecture.md §1.13).
   */
  renewalGrace?: Duration;
  /**
   * Write `lastSeen` at most this often per session (docs/architecture.md §1.7 in the
   * repository). Default 1 minute, and never more than a tenth of `idleTimeout`.
   */
  touchInterval?: Duration;
  /**
   * Most sessions one user may hold; at sign-in past it, the sessions with the oldest activity
   * are ended. Default 20. `Infinity` for no limit.
   */
  maxSessionsPerUser?: number;
  /** Longest a store call may take before the request fails closed with a 503. Default 2 s, at most 60 s. */
  storeTimeout?: Duration;
  /** The session cookie's name and SameSite; the secure attributes are fixed. */
  cookie?: CookieOptions;
  /** Origins allowed besides this one, or (outside production) no CSRF check at all. */
  csrf?: CsrfOptions;
  /** Receives every lifecycle event (created, login, rotated, …) for audit logs and metrics. */
  onEvent?: EventHandler;
  /**
   * Where warnings and store errors go. Default `console`. pino loggers are recognised and given
   * `(details, message)`; winston's and console's `(message, details)` work as they are.
   */
  logger?: Logger;
  /** The time source. Default the system clock; tests pass `manualClock()`. */
  clock?: Clock;
  /**
   * The public origin(s) users open the app at (`https://app.example.com`, or a list), against
   * which `Origin` is judged when there is no Fetch Metadata. Required in production, and never
   * derived from `Host` or `X-Forwarded-Host`, which the client writes (issue 10; SECURITY.md).
   * In production each must be `https://` (or plain HTTP on loopback): the cookie is `Secure`, and
   * browsers would not keep it for a plain-HTTP site. In development, without it, the request's
   * own host stands in.
   */
  origin?: string | readonly string[] | undefined;
  /**
   * Asked before a write stores a session for a visitor who is not signed in (never at sign-in);
   * `false` refuses it with `ERR_SESSION_LIMITED` (429). For a per-client rate limit, say.
   */
  beforeAnonymousCreate?: (facts: RequestFacts) => boolean | Promise<boolean>;
  /**
   * Device Bound Session Credentials (docs/device-bound-sessions.md in the repository): a signed-in
   * session in a browser that holds an unexportable key (Chrome 145+ on Windows) also needs a
   * short-lived cookie only that key renews, so a copied cookie jar stops working. Off by default;
   * `{}` turns it on with the defaults. Browsers without DBSC are unaffected.
   */
  deviceBound?: DeviceBoundOptions;
  /** Default: `process.env.NODE_ENV === 'production'`. Production refuses every weakening option. */
  production?: boolean;
  /**
   * Seal session data and the request metadata (IP address, user agent) at rest with AES-256-GCM,
   * so a dump or backup of the store shows none of it (docs/sealing.md in the repository). Off by
   * default.
   *
   * @example
   * encryption: { keys: [process.env.SESSION_KEY, process.env.SESSION_KEY_OLD] },
   */
  encryption?: EncryptionOptions | undefined;
}

/** The validated, resolved configuration the engine runs on. */
export interface ResolvedConfig {
  /** The store, as given. */
  store: SessionStore;
  /** The secrets as bytes, newest first (a random one when none was given outside production). */
  secrets: readonly Buffer[];
  /** Inactivity limit. */
  idleTimeoutMs: number;
  /** Lifetime limit from creation. */
  absoluteTimeoutMs: number;
  /** Least time between two `lastSeen` writes of one session. */
  touchIntervalMs: number;
  /** Periodic renewal, or `null` when off. */
  renewal: ResolvedRenewal | null;
  /** Most sessions one user may hold (`Infinity` for no limit). */
  maxSessionsPerUser: number;
  /** Longest a store call may take. */
  storeTimeoutMs: number;
  /** The session cookie as issued. */
  cookie: {
    /** Full name, prefix included (`__Host-sid`). */
    name: string;
    /** False only with `dangerouslyAllowInsecureCookie`. */
    secure: boolean;
    /** The SameSite attribute. */
    sameSite: 'lax' | 'strict' | 'none';
  };
  /** The CSRF check. */
  csrf: {
    /** False only with `dangerouslyDisable`. */
    enabled: boolean;
    /** Normalized extra origins (`https://app.example.com`). */
    allowedOrigins: ReadonlySet<string>;
    /** The configured public origins; `null` (development only) means the request's host. */
    publicOrigins: ReadonlySet<string> | null;
    /** Name of the anonymous CSRF nonce cookie (`__Host-sid-csrf` by default). */
    cookieName: string;
  };
  /** Device Bound Session Credentials, or `null` when off. */
  deviceBound: ResolvedDeviceBound | null;
  /** The hook that may refuse storing a new anonymous session, if any. */
  beforeAnonymousCreate: ((facts: RequestFacts) => boolean | Promise<boolean>) | undefined;
  /** The event handler, if any. */
  onEvent: EventHandler | undefined;
  /** The logger, adapted to `(message, details)`. */
  logger: Logger;
  /** The time source. */
  clock: Clock;
  /** Whether production rules were applied. */
  production: boolean;
  /** The keys that seal data at rest, newest first; `null` when `encryption` is off. */
  encryption: readonly SealKey[] | null;
}

/** A store that takes longer than this is down; and Node's timers cannot wait past 2^31-1 ms. */
const MAX_STORE_TIMEOUT_MS = 60_000;

/**
 * Validate options and apply defaults. Throws {@link SesameError} `ERR_CONFIG_INVALID` for a
 * malformed option and `ERR_CONFIG_INSECURE` for a weakening that production refuses.
 */
export function resolveConfig(options: SessionOptions): ResolvedConfig {
  if (typeof options !== 'object' || options === null)
    throw invalid('createSessions() needs an options object with a store.');
  const { store } = options;
  if (typeof store?.get !== 'function' || typeof store.create !== 'function') {
    throw invalid(
      'Option store must be a SessionStore (for example sqliteStore() from "sesame-session/stores/sqlite").',
    );
  }
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const logger = toLogger(options.logger ?? console);

  if (production && isProcessLocal(store)) {
    throw insecure(
      'The memory store loses every session on restart and is not shared between instances; use the SQLite, Redis or PostgreSQL store in production.',
    );
  }

  const preset = options.preset ?? 'asvs-l2';
  const presetValues = PRESETS[preset];
  if (presetValues === undefined)
    throw invalid(
      `Option preset must be one of ${Object.keys(PRESETS).join(', ')}; got ${JSON.stringify(preset)}.`,
    );
  const idleTimeoutMs = duration('idleTimeout', options.idleTimeout, presetValues.idleTimeoutMs);
  const absoluteTimeoutMs = duration(
    'absoluteTimeout',
    options.absoluteTimeout,
    presetValues.absoluteTimeoutMs,
  );
  if (idleTimeoutMs > absoluteTimeoutMs) {
    throw invalid(
      `Option idleTimeout (${idleTimeoutMs} ms) must not exceed absoluteTimeout (${absoluteTimeoutMs} ms).`,
    );
  }
  // A request that comes before its touch is due leaves the idle expiry where the last touch put
  // it: with touchInterval near idleTimeout ("90s" against the 1-minute default) a user active
  // every 50 s was signed out. Capped at a tenth, any gap under 90% of idleTimeout is kept.
  const touchIntervalMs = Math.min(
    duration('touchInterval', options.touchInterval, 60_000),
    Math.max(1, Math.floor(idleTimeoutMs / 10)),
  );
  const storeTimeoutMs = duration('storeTimeout', options.storeTimeout, 2_000);
  // A store that takes longer than this is down; and Node's timers cannot wait past 2^31-1 ms.
  if (storeTimeoutMs > MAX_STORE_TIMEOUT_MS) {
    throw invalid(`Option storeTimeout must be at most 60s; got ${storeTimeoutMs} ms.`);
  }

  const maxSessionsPerUser = options.maxSessionsPerUser ?? 20;
  if (
    !(maxSessionsPerUser >= 1) ||
    (!Number.isInteger(maxSessionsPerUser) && maxSessionsPerUser !== Infinity)
  ) {
    throw invalid(
      `Option maxSessionsPerUser must be a whole number of at least 1, or Infinity; got ${String(maxSessionsPerUser)}.`,
    );
  }

  const cookie = resolveCookie(options.cookie ?? {}, production);

  const csrf = resolveCsrf(options.csrf ?? {}, production);
  const secrets = resolveSecrets(options.secrets, production, logger);
  const publicOrigins = resolvePublicOrigins(options.origin, production);

  return {
    store,
    secrets,
    idleTimeoutMs,
    absoluteTimeoutMs,
    touchIntervalMs,
    renewal: resolveRenewal(options, absoluteTimeoutMs),
    maxSessionsPerUser,
    storeTimeoutMs,
    cookie: { name: cookie.name, secure: cookie.secure, sameSite: cookie.sameSite },
    csrf: { ...csrf, publicOrigins, cookieName: cookie.csrfCookieName },
    deviceBound: resolveDeviceBound(
      options.deviceBound,
      cookie.secure ? '__Host-' : '',
      options.cookie?.name ?? 'sid',
    ),
    beforeAnonymousCreate: options.beforeAnonymousCreate,
    onEvent: options.onEvent,
    logger,
    clock: options.clock ?? systemClock,
    production,
    encryption: resolveSealKeys(options.encryption, secrets, production, logger),
  };
}

/** Stores that keep sessions in this process only mark themselves so production can refuse them. */
export function isProcessLocal(store: SessionStore): boolean {
  return (store as { processLocal?: unknown }).processLocal === true;
}
