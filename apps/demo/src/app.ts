/**
 * `createApp(config)`: the whole demo as an Express app, separate from the server that listens,
 * so tests start it in-process on port 0 with a temporary data directory.
 *
 * @module
 */
import type Database from 'better-sqlite3';
import express from 'express';
import type { Express } from 'express';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Clock, Logger, SessionEvent, SessionStore } from 'sesame-session';
import { createSessions, systemClock } from 'sesame-session';
import { sesame } from 'sesame-session/express';
import type { AppConfig } from './config.js';
import { MAKE_SECRET_COMMAND } from './config.js';
import type { AppContext } from './context.js';
import { errorHandler, notFound } from './error-handler.js';
import { accountRoutes } from './routes/account-routes.js';
import { apiRoutes } from './routes/api-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { homeRoutes } from './routes/home-routes.js';
import { sessionsRoutes } from './routes/sessions-routes.js';
import { securityHeaders } from './security-headers.js';
import { openSessionStore } from './session-store.js';
import { clientKey } from './client-key.js';
import type { LoginThrottle, ThrottleLimits } from './throttle.js';
import { DEFAULT_THROTTLE_LIMITS, loginThrottle } from './throttle.js';
import { openUsersDatabase } from './users/database.js';
import { userRepository } from './users/repository.js';

/** Hooks for tests; a real server passes none. */
export interface AppOptions {
  /** Move time in tests instead of sleeping (shared by Sesame and the session store). */
  clock?: Clock;
  /** Use this session store instead of the one `config.sessionStore` names. */
  store?: SessionStore;
  throttleLimits?: Partial<ThrottleLimits>;
  logger?: Logger;
  onEvent?: (event: SessionEvent) => void;
}

/** The app and the one call that releases everything it opened. */
export interface DemoApp {
  app: Express;
  close(): Promise<void>;
}

/** Forms here hold a few short fields; anything bigger is refused with 413 before any work. */
const FORM_BODY_LIMIT = '8kb';
const FORM_FIELD_LIMIT = 16;
const SWEEP_INTERVAL_MS = 10 * 60_000;
const STATIC_DIR = fileURLToPath(new URL('../static', import.meta.url));

function sessionSecret(config: AppConfig, logger: Logger): string {
  if (config.sessionSecret !== undefined) return config.sessionSecret;
  logger.warn(
    `SESSION_SECRET is not set: using a random one for this run (forms open across a restart will need a reload). Make one with: ${MAKE_SECRET_COMMAND}`,
  );
  return randomBytes(32).toString('base64url');
}

/** The Express app on an assembled context: middleware order matters and is explained inline. */
function buildApp(context: AppContext, logger: Logger): Express {
  const app = express();
  app.set('trust proxy', context.config.trustProxy);
  app.use(securityHeaders());
  // Before the session middleware: the stylesheet needs no session and costs no store read.
  app.use('/static', express.static(STATIC_DIR, { index: false, fallthrough: false, maxAge: '1h' }));
  // Before the session middleware too: forms carry _csrf in the body, which the CSRF check reads.
  app.use(express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT, parameterLimit: FORM_FIELD_LIMIT }));
  app.use(sesame(context.sessions));
  // Every dynamic page holds a CSRF token or account data: never store it (ASVS 5.0 V14.3.2).
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(
    homeRoutes(context),
    authRoutes(context),
    accountRoutes(context),
    sessionsRoutes(context),
    apiRoutes(context),
  );
  app.use(notFound(context.users), errorHandler(logger, context.users));
  return app;
}

/**
 * Build the demo app. Opens the session store and the users database; `close()` releases both.
 * A configuration Sesame refuses (say, the memory store in production) rejects with its
 * `ERR_CONFIG_*` error after closing whatever was already open.
 *
 * @example
 * const { app, close } = await createApp(loadConfig(process.env));
 * const server = app.listen(3000);
 */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<DemoApp> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? console;
  mkdirSync(config.dataDir, { recursive: true });
  const { store } = options;
  const opened = store
    ? { store, close: () => store.close() }
    : await openSessionStore(config, clock, logger);
  let db: Database.Database | undefined;
  let throttle: LoginThrottle | undefined;
  try {
    const users = openUsersDatabase(config.dataDir);
    db = users;
    const limits = await loginThrottle(users, { ...DEFAULT_THROTTLE_LIMITS, ...options.throttleLimits });
    throttle = limits;
    const sessions = createSessions({
      store: opened.store,
      secrets: sessionSecret(config, logger),
      idleTimeout: config.idleTimeoutMs,
      absoluteTimeout: config.absoluteTimeoutMs,
      storeTimeout: config.storeTimeoutMs,
      ...(config.publicOrigins.length > 0 ? { origin: config.publicOrigins } : {}),
      ...(config.sessionKeys.length > 0 ? { encryption: { keys: config.sessionKeys } } : {}),
      // The demo stores nothing for anonymous visitors; should a page ever write for one, each
      // client gets a bounded number of such sessions (issue 10).
      beforeAnonymousCreate: async (facts) =>
        (await limits.anonymousSession(clientKey(facts.ip ?? undefined))) === null,
      production: config.production,
      // Device Bound Session Credentials (issue 16): browsers that hold an unexportable key (Chrome
      // on Windows) renew a 10-minute bound cookie by signing a challenge, so a copied cookie jar
      // stops working; other browsers are unaffected.
      deviceBound: {},
      clock,
      logger,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    const app = buildApp({ config, clock, sessions, users: userRepository(users), throttle: limits }, logger);
    // Expired sessions are already refused on load; this only reclaims their rows (SQLite and
    // PostgreSQL keep them until deleted; Redis expires keys itself).
    const sweep = setInterval(() => {
      sessions.sweep().catch((error: unknown) => logger.warn(`session sweep failed: ${String(error)}`));
    }, SWEEP_INTERVAL_MS);
    sweep.unref();
    return {
      app,
      async close() {
        clearInterval(sweep);
        limits.close();
        await opened.close();
        users.close();
      },
    };
  } catch (error) {
    throttle?.close();
    db?.close();
    await opened.close();
    throw error;
  }
}
