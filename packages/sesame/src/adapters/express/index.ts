/**
 * Express 5 (and 4) adapter: translates the request into facts, loads the session onto
 * `req.session`, applies cookie changes the moment they happen, and passes refusals to `next(err)`
 * as {@link SesameError}s whose `status` Express uses (503 store down, 403 CSRF, 401 gone).
 *
 * @example
 * import express from 'express';
 * import { createSessions } from 'sesame-session';
 * import { sesame } from 'sesame-session/express';
 * import { sqliteStore } from 'sesame-session/stores/sqlite';
 *
 * const sessions = createSessions({ store: sqliteStore({ path: 'data/sessions.db' }), secrets: process.env.SESSION_SECRET });
 * const app = express();
 * app.use(express.urlencoded({ extended: false, limit: '10kb' })); // before sesame(): forms carry _csrf
 * app.use(sesame(sessions));
 * app.get('/api/me', (req, res) => res.json({ userId: req.session.userId }));
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RegisteredData, Sessions } from '../../index.js';
import type { ResponsePlan } from '../../session/facts.js';
import type { Session } from '../../session/session.js';
import { factsFromExpress } from './facts.js';

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

function defaultCsrfToken(req: Request): unknown {
  const fromHeader = req.headers['x-csrf-token'];
  if (typeof fromHeader === 'string') return fromHeader;
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['_csrf'] : undefined;
}

/** Apply a plan: replace our Set-Cookie (a login then a logout in one request sends only the last). */
function applyPlan(res: Response, cookieName: string, plan: ResponsePlan): void {
  if (res.headersSent) {
    throw new Error(
      'sesame: the session changed after the response was sent; call login()/logout()/set() before responding.',
    );
  }
  if (plan.cacheControl !== null) res.setHeader('Cache-Control', plan.cacheControl);
  if (plan.setCookie === null) return;
  const previous = res.getHeader('Set-Cookie');
  const list = Array.isArray(previous) ? previous : typeof previous === 'string' ? [previous] : [];
  const prefix = `${cookieName}=`;
  res.setHeader('Set-Cookie', [...list.filter((cookie) => !cookie.startsWith(prefix)), plan.setCookie]);
}

/**
 * The session middleware. Mount it after the body parser (forms send `_csrf` in the body) and
 * before the routes.
 */
export function sesame(
  sessions: Sessions<RegisteredData>,
  options: ExpressAdapterOptions = {},
): RequestHandler {
  const cookieName = sessions.config.cookie.name;
  const readToken = options.csrfToken ?? defaultCsrfToken;
  const { skipCsrf } = options;
  return (req: Request, res: Response, next: NextFunction): void => {
    const facts = factsFromExpress(req);
    sessions
      .load(facts, (plan) => applyPlan(res, cookieName, plan))
      .then((session) => {
        req.session = session;
        return skipCsrf?.(req) === true ? null : sessions.checkCsrf(facts, session, () => readToken(req));
      })
      // One catch for the load and the checks: a throwing skipCsrf or csrfToken hook is an error
      // response, not a request left hanging.
      .then((refused) => next(refused ?? undefined), next);
  };
}
