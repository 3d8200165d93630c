/**
 * Express 5 (and 4) adapter: translates the request into facts, loads the session onto
 * `req.session`, applies cookie changes the moment they happen, and passes refusals to `next(err)`
 * as {@link "sesame-session"!SesameError}s whose `status` Express uses (503 store down, 403 CSRF, 401 gone).
 *
 * @example
 * import express from 'express';
 * import { createSessions } from 'sesame-session';
 * import { sesame } from 'sesame-session/express';
 * import { sqliteStore } from 'sesame-session/stores/sqlite';
 *
 * const sessions = createSessions({
 *   store: sqliteStore({ path: 'data/sessions.db' }),
 *   secrets: process.env.SESSION_SECRET,
 *   origin: process.env.PUBLIC_ORIGIN, // e.g. https://app.example.com; required in production
 * });
 * const app = express();
 * app.use(express.urlencoded({ extended: false, limit: '10kb' })); // before sesame(): forms carry _csrf
 * app.use(sesame(sessions));
 * app.get('/api/me', (req, res) => res.json({ userId: req.session.userId }));
 *
 * @module sesame-session/express
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RegisteredData, Sessions } from '../../index.js';
import type { ResponsePlan } from '../../http.js';
import type { Session } from '../../session/session.js';
import { afterNodeResponse } from '../after-response.js';
import { sendDeviceBoundAnswer } from '../device-bound-answer.js';
import { replaceSetCookies, setCookieLines } from '../set-cookie.js';
import { forwardRejectionsOnce } from './express4-promises.js';
import { factsFromExpress } from './facts.js';
import { ownShape } from './own-shape.js';
import { warnLateWrite } from './late-write.js';
import { defaultCsrfToken } from './csrf-token.js';
import { refuseHandshakeCookie } from '../handshake.js';
import { SesameError } from '../../errors.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- declaration merging is how Express types req.
  namespace Express {
    interface Request {
      /** The Sesame session of this request. */
      session: Session<RegisteredData>;
    }
  }
}

/** Options of {@link sesame}. */
export interface ExpressAdapterOptions {
  /** Where the synchronizer token is read from. Default: `x-csrf-token` header, then `req.body._csrf`. */
  csrfToken?: (req: Request) => unknown;
  /** Requests exempt from the CSRF check (e.g. a webhook that verifies its own signature). */
  skipCsrf?: (req: Request) => boolean;
}

/** Apply a plan: each cookie replaces an earlier line for the same name (see ResponsePlan). */
function applyPlan(res: Response, plan: ResponsePlan): void {
  if (res.headersSent) {
    throw new SesameError(
      'ERR_RESPONSE_SENT',
      'sesame: the session changed after the response was sent; call login()/logout()/set() before responding.',
    );
  }
  if (plan.cacheControl !== null) res.setHeader('Cache-Control', plan.cacheControl);
  for (const [name, value] of Object.entries(plan.headers ?? {})) res.setHeader(name, value);
  if (plan.setCookies.length === 0) return;
  res.setHeader(
    'Set-Cookie',
    replaceSetCookies(setCookieLines(res.getHeader('Set-Cookie')), plan.setCookies),
  );
}

/**
 * The session middleware. Mount it after the body parser (forms send `_csrf` in the body) and
 * before the routes. On Express 4 it also makes the router pass a rejected async handler to
 * `next(err)`, as Express 5 does, so a store outage inside a route answers 503 instead of ending
 * the process.
 * A refused CSRF check or a store failure reaches your error handler as a
 * `SesameError` whose `status` says what to answer; without a handler, Express answers with its
 * own HTML error page.
 *
 * @example
 * app.use(express.urlencoded({ extended: false, limit: '10kb' }), sesame(sessions));
 * // … routes …
 * app.use(((err, _req, res, next) => {
 *   if (res.headersSent) return next(err);
 *   const status = isSesameError(err) ? err.status : 500; // 403 CSRF, 401 session ended, 503 store down
 *   res.status(status).type('text/plain').send(STATUS_CODES[status]);
 * }) satisfies ErrorRequestHandler);
 */
export function sesame(
  sessions: Sessions<RegisteredData>,
  options: ExpressAdapterOptions = {},
): RequestHandler {
  const readToken = options.csrfToken ?? defaultCsrfToken;
  const { skipCsrf } = options;
  const forwardRejections = forwardRejectionsOnce();
  return (req: Request, res: Response, next: NextFunction): void => {
    forwardRejections(req);
    ownShape(req, res);
    const facts = factsFromExpress(req);
    // A handshake's response carries no cookie (facts.ts): what would set one is refused.
    const handshake = facts.readOnly === true;
    // Device Bound Session Credentials registration or refresh: answered here, before the
    // routes and the CSRF check (the proof is what authorises it).
    const answer = sessions.deviceBoundEndpoint(facts);
    if (answer !== null) {
      answer.then((reply) => sendDeviceBoundAnswer(res, reply), next);
      return;
    }
    sessions
      .load(
        facts,
        handshake
          ? refuseHandshakeCookie
          : (plan) => {
              if (res.headersSent) warnLateWrite(sessions.config.logger, req, res);
              applyPlan(res, plan);
            },
        // An upgraded connection's 'close' may come hours later: a due touch is written now.
        handshake ? undefined : afterNodeResponse(res),
      )
      .then((session) => {
        req.session = session;
        const refused =
          skipCsrf?.(req) === true ? null : sessions.checkCsrf(facts, session, () => readToken(req));
        // A `ws` 'upgrade' handler that ignored `err` must not find the user on a refused
        // handshake. Express's router sends a refused HTTP request to error handlers only.
        if (refused !== null && handshake) delete (req as Partial<Request>).session;
        return refused;
      })
      // One catch for the load and the checks: a throwing skipCsrf or csrfToken hook is an error
      // response, not a request left hanging.
      .then((refused) => next(refused ?? undefined), next);
  };
}
