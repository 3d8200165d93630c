/**
 * express-session compatibility: `req.session` behaves as express-session's (plain properties,
 * `regenerate`, `destroy`, `save`, `reload`, `cookie`), so Passport, connect-flash and existing
 * handlers run unchanged on Sesame's store, tokens, timeouts and CSRF check. Sesame's own session
 * is `req.sesame`, so no property name an app already uses is taken. See
 * docs/migrating-from-express-session.md.
 *
 * @example
 * import express from 'express';
 * import passport from 'passport';
 * import { createSessions } from 'sesame-session';
 * import { expressSession } from 'sesame-session/express-session';
 * import { redisStore } from 'sesame-session/stores/redis';
 *
 * const sessions = createSessions({
 *   store: redisStore({ client }),
 *   secrets: process.env.SESSION_SECRET,
 *   origin: process.env.PUBLIC_ORIGIN, // e.g. https://app.example.com; required in production
 * });
 * app.use(express.urlencoded({ extended: false }));
 * app.use(expressSession(sessions)); // was: app.use(session({ secret, store, resave: false, … }))
 * app.use(passport.session());
 * app.post('/logout-everywhere', async (req, res) => { await req.sesame.logoutEverywhere(); res.redirect('/'); });
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RegisteredData, Sessions } from '../../index.js';
import { cookieWriter } from '../../cookie/serialize.js';
import { isSesameError } from '../../errors.js';
import type { RequestFacts } from '../../http.js';
import type { Session } from '../../session/session.js';
import { sendDeviceBoundAnswer } from '../device-bound-answer.js';
import { afterNodeResponse } from '../after-response.js';
import { forwardRejectionsOnce } from '../express/express4-promises.js';
import { factsFromExpress } from '../express/facts.js';
import { ownShape } from '../express/own-shape.js';
import type { LegacyOptions } from './legacy-upgrade.js';
import { checkLegacyOptions, upgradeLegacy } from './legacy-upgrade.js';
import { loadAgain } from './load-again.js';
import { PlanApplier } from './plan.js';
import { RequestSession } from './request-session.js';
import type { LayerContext } from './request-session.js';
import { holdFirstOutput } from './response-gate.js';
import { passportUserId, type UserIdOf } from './user-id.js';
import { defaultCsrfToken } from '../express/csrf-token.js';

export type { LegacyOptions, LegacyStore } from './legacy-upgrade.js';
export type { UserIdOf } from './user-id.js';
export { passportUserId } from './user-id.js';
export { ExpressSessionObject } from './session-object.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- declaration merging is how Express types req.
  namespace Express {
    interface Request {
      /** Sesame's session for this request: `login`, `logoutEverywhere`, `list`, `csrfToken`, … */
      sesame: Session<RegisteredData>;
      /** Stable for the life of the session; neither the token nor the stored id. */
      sessionID: string;
    }
  }
}

/** Options of {@link expressSession}. */
export interface ExpressSessionOptions {
  /** Who is signed in, from the session data. Default: `req.session.passport.user`. */
  userId?: UserIdOf;
  /** Sessions express-session still holds, upgraded on their next request. */
  legacy?: LegacyOptions;
  /** Where the synchronizer token is read from. Default: `x-csrf-token` header, then `req.body._csrf`. */
  csrfToken?: (req: Request) => unknown;
  /** Requests exempt from the CSRF check (e.g. a webhook that verifies its own signature). */
  skipCsrf?: (req: Request) => boolean;
}

/**
 * The middleware, in place of `session({...})`: mount it after the body parser and before
 * `passport.session()` and the routes.
 *
 * @example
 * app.use(expressSession(sessions, {
 *   userId: (session) => (typeof session.userId === 'string' ? session.userId : null), // not Passport
 *   legacy: { store: oldRedisStore, secret: oldSecret }, // express-session's: keeps users signed in
 * }));
 */
export function expressSession(
  sessions: Sessions<RegisteredData>,
  options: ExpressSessionOptions = {},
): RequestHandler {
  const { config } = sessions;
  const layer: LayerContext = {
    sessions,
    userIdOf: options.userId ?? passportUserId,
    cookies: cookieWriter(config.cookie),
  };
  const readToken = options.csrfToken ?? defaultCsrfToken;
  const { skipCsrf, legacy } = options;
  if (legacy !== undefined) checkLegacyOptions(legacy);
  const failed = (err: unknown): { status: number; text: string } | null => {
    if (isSesameError(err, 'ERR_SESSION_GONE')) return null;
    if (!isSesameError(err) || !err.code.startsWith('ERR_STORE_')) {
      config.logger.error('sesame: saving req.session failed', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return isSesameError(err) && err.status === 503
      ? { status: 503, text: 'Service Unavailable' }
      : { status: 500, text: 'Internal Server Error' };
  };

  const upgrade = async (facts: RequestFacts, plan: PlanApplier, loaded: Session): Promise<Session> => {
    if (legacy === undefined) return loaded;
    const upgraded = await upgradeLegacy(config, legacy, layer.userIdOf, {
      cookieHeader: facts.cookieHeader,
      setCookie: (line) => plan.setCookies([line]),
      // A Sesame cookie whose session ended is no session: the upgrade starts a new one.
      session: async () =>
        loaded.endedReason === null ? loaded : loadAgain(sessions, facts, plan.apply, null),
    });
    return upgraded ?? loaded;
  };

  // Express 4: a rejected async handler goes to next(err), as on Express 5, not to an
  // unhandled rejection that ends the process (a store outage in `await req.sesame.list()`).
  const forwardRejections = forwardRejectionsOnce();
  // No async function per request: most requests are a load, a CSRF verdict and the session
  // object, and each await would add a promise and a turn of the microtask queue.
  return (req: Request, res: Response, next: NextFunction): void => {
    forwardRejections(req);
    // Before the properties this layer adds: see own-shape.ts.
    ownShape(req, res);
    const facts = factsFromExpress(req);
    // A DBSC registration or refresh: answered here, before the routes and the CSRF check.
    const answer = sessions.deviceBoundEndpoint(facts);
    if (answer !== null) {
      answer.then((reply) => sendDeviceBoundAnswer(res, reply), next);
      return;
    }
    // A WebSocket or socket.io handshake (../handshake.ts) sets no cookie, and its
    // response is engine.io's (a 101 that leaves whatever writeHead does, or none with `ws`): its
    // changes are saved by req.session.save() alone, on every transport alike.
    const handshake = facts.readOnly === true;
    const plan = new PlanApplier(req, res, config.cookie.name, config.logger, handshake);
    const begin = (sesame: Session): void => {
      const state = new RequestSession(layer, req, facts, plan, sesame);
      if (!handshake) holdFirstOutput(res, state, failed);
    };
    sessions
      .load(facts, plan.apply, handshake ? undefined : afterNodeResponse(res))
      .then((sesame) => {
        // Before the legacy upgrade: a refused request writes nothing.
        if (skipCsrf?.(req) !== true) {
          const refused = sessions.checkCsrf(facts, sesame, () => readToken(req));
          if (refused !== null) throw refused;
        }
        // The upgrade destroys the legacy session before it sets the new cookie, which a
        // handshake cannot: the next page request upgrades it.
        if (legacy === undefined || sesame.isStored || handshake) return begin(sesame);
        return upgrade(facts, plan, sesame).then(begin);
      })
      .then(() => next(), next);
  };
}
