/**
 * Hono middleware on the Web-standard entry: `c.get('session')` in every handler, typed through
 * Hono's `Variables`. Loading failures (store down, CSRF refused) are thrown as Hono
 * `HTTPException`s with the 503 / 403 response and the `SesameError` as `cause`, so `app.onError`
 * sees them (whatever response it makes of a 403 still carries a renewed session cookie); a
 * `SesameError` thrown by a handler (`await c.get('session').set(…)` while the store is down)
 * that the app's error handler left as a 500 is answered with its own status.
 *
 * A WebSocket handshake (`upgradeWebSocket`) is judged by its `Sec-Fetch-Site` and `Origin`
 * whatever its method, so another site's gets the 403 and no socket; its session is read-only,
 * since the 101 carries no cookie (../web/facts.ts).
 *
 * @example
 * import { Hono } from 'hono';
 * import { createSessions } from 'sesame-session';
 * import { sesame, type SesameEnv } from 'sesame-session/hono';
 *
 * const app = new Hono<SesameEnv>();
 * app.use(sesame(sessions));
 * app.get('/api/me', (c) => c.json({ userId: c.get('session').userId }));
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { RegisteredData, Sessions } from '../../index.js';
import { isSesameError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import type { LoadedSession, WebSessionOptions } from '../web/index.js';
import { sesameErrorResponse } from '../web/error-response.js';
import { deviceBoundResponse } from '../web/index.js';
import { loadWebSession, plannedBefore } from '../web/load.js';

/** The Hono environment the middleware provides: `new Hono<SesameEnv>()`. */
export interface SesameEnv {
  /** What `c.get()` returns; combine with your own, e.g. `{ Variables: SesameEnv['Variables'] & { user: User } }`. */
  Variables: {
    /** The request's session: `c.get('session')`. */
    session: Session<RegisteredData>;
  };
}

/** Options of {@link sesame}. */
export interface HonoAdapterOptions extends Omit<WebSessionOptions, 'ip'> {
  /** The client's IP address, e.g. `(c) => getConnInfo(c).remote.address ?? null` on Node. */
  ip?: (c: Context) => string | null;
}

/**
 * A `SesameError` (a store outage, 503) as Hono's `HTTPException` carrying Sesame's response, so
 * `app.onError` sees it with the error as `cause`; any other error as it is.
 */
function asHttpException(error: unknown): unknown {
  if (!isSesameError(error)) return error;
  const res = sesameErrorResponse(error);
  return new HTTPException(error.status as ContentfulStatusCode, { res, cause: error });
}

/** The session middleware. Mount it before the routes. */
export function sesame(
  sessions: Sessions<RegisteredData>,
  options: HonoAdapterOptions = {},
): MiddlewareHandler<SesameEnv> {
  const { ip, ...web } = options;
  return async (c, next) => {
    const dbsc = deviceBoundResponse(sessions, c.req.raw, web);
    if (dbsc !== null) {
      // A DBSC registration or refresh: answered here, the routes never run.
      try {
        return await dbsc;
      } catch (error) {
        throw asHttpException(error);
      }
    }
    let loaded: LoadedSession;
    try {
      loaded = await loadWebSession(
        sessions,
        c.req.raw,
        ip === undefined ? web : { ...web, ip: () => ip(c) },
        true,
      );
    } catch (error) {
      // A refusal's response carries what loading planned, a renewal above all (../web/load.ts),
      // whatever response app.onError makes of it: Hono copies the headers of the `c.res` it
      // replaces onto the new one.
      const planned = plannedBefore(error);
      if (planned !== undefined) c.res = planned.writeTo(new Response(null));
      throw asHttpException(error);
    }
    c.set('session', loaded.session);
    await next();
    // Hono has already turned a handler's error into `c.error` and the onError response.
    if (isSesameError(c.error) && c.res.status === 500) c.res = sesameErrorResponse(c.error);
    const applied = loaded.apply(c.res);
    if (applied !== c.res) {
      // Hono's `res` setter copies the old response's headers over a new one: start empty.
      c.res = undefined;
      c.res = applied;
    }
  };
}
