/**
 * The Web-standard entry: sessions for any fetch-style server (`Request` in, `Response` out) —
 * Next.js App Router route handlers, SvelteKit `handle`, Bun.serve, Deno.serve, Hono. Load the
 * session for a request, use it, and pass the response through `apply` so cookie changes reach
 * the browser. CSRF is checked while loading. A WebSocket handshake (a `Request` with an `Upgrade`
 * header) is judged by its `Sec-Fetch-Site` and `Origin` whatever its method, and its session is
 * read-only: the runtime's 101 carries no cookie (facts.ts).
 *
 * @example
 * // Next.js: app/api/me/route.ts
 * import { withSession } from 'sesame-session/web';
 * import { sessions } from '@/lib/sessions';
 *
 * export const GET = withSession(sessions, (_request, session) => Response.json({ userId: session.userId }));
 *
 * @example
 * // Bun
 * Bun.serve({ fetch: withSession(sessions, (request, session) => new Response(session.userId ?? 'anonymous')) });
 *
 * A Next.js Server Action, which has no `Request`, uses {@link actionSession}; a server component,
 * which cannot set cookies, {@link readSession}.
 *
 * @module
 */
import type { RegisteredData, Sessions } from '../../index.js';
import { isSesameError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import type { WebFactsOptions } from './facts.js';
import { factsFromRequest } from './facts.js';
import { sesameErrorResponse } from './error-response.js';
import type { LoadedSession, WebSessionOptions } from './load.js';
import { loadWebSession, plannedBefore } from './load.js';

export type { LoadedSession, WebFactsOptions, WebSessionOptions };
export { readSession } from './read.js';
export type { HeadersLike } from './facts.js';
export { actionError, actionSession } from './action.js';
export type { ActionCookies, ActionError, ActionRequest, ActionSessionOptions } from './action.js';

/**
 * The response to a Device Bound Session Credentials registration or refresh request (the
 * `deviceBound` option), or `null` for every other request. {@link withSession} and the Hono
 * middleware call it first; call it before {@link loadSession} when you use that directly.
 *
 * @example
 * // SvelteKit: src/hooks.server.ts, before loadSession
 * const dbsc = deviceBoundResponse(sessions, event.request);
 * if (dbsc !== null) return dbsc;
 */
export function deviceBoundResponse(
  sessions: Sessions<RegisteredData>,
  request: Request,
  options: WebFactsOptions = {},
): Promise<Response> | null {
  const answer = sessions.deviceBoundEndpoint(factsFromRequest(request, options));
  if (answer === null) return null;
  return answer.then(({ status, headers, setCookies, body }) => {
    const response = new Response(body === '' ? null : body, { status, headers });
    for (const line of setCookies) response.headers.append('set-cookie', line);
    return response;
  });
}

/**
 * Load the session of `request` and check CSRF. Throws a `SesameError` to answer with its
 * `status` (503 store down, 403 CSRF refused); {@link errorResponse} turns it into a `Response`,
 * a 403 with the cookie changes loading planned (a renewed token), which a 403 built by hand
 * would lose.
 *
 * @example
 * // SvelteKit: src/hooks.server.ts
 * export const handle: Handle = async ({ event, resolve }) => {
 *   try {
 *     const { session, apply } = await loadSession(sessions, event.request);
 *     event.locals.session = session;
 *     return apply(await resolve(event));
 *   } catch (error) {
 *     return errorResponse(error) ?? Promise.reject(error);
 *   }
 * };
 */
export function loadSession(
  sessions: Sessions<RegisteredData>,
  request: Request,
  options: WebSessionOptions = {},
): Promise<LoadedSession> {
  return loadWebSession(sessions, request, options, false);
}

/**
 * The response for a `SesameError` (`{ error: code }` with its status), or `null` for any other
 * value. The response to a refused CSRF check carries the cookie changes loading planned (a
 * renewed token above all: see load.ts).
 */
export function errorResponse(error: unknown): Response | null {
  if (!isSesameError(error)) return null;
  const response = sesameErrorResponse(error);
  return plannedBefore(error)?.writeTo(response) ?? response;
}

/**
 * Wrap a fetch-style handler: the session is loaded (and CSRF checked) before it runs, its cookie
 * changes are applied to the response it returns, and `SesameError`s — from loading or thrown by
 * the handler — become their 401 / 403 / 503 response. Other errors are rethrown.
 */
export function withSession<Args extends unknown[]>(
  sessions: Sessions<RegisteredData>,
  handler: (
    request: Request,
    session: Session<RegisteredData>,
    ...rest: Args
  ) => Response | Promise<Response>,
  options: WebSessionOptions = {},
): (request: Request, ...rest: Args) => Promise<Response> {
  return async (request, ...rest) => {
    let loaded: LoadedSession | undefined;
    try {
      const dbsc = deviceBoundResponse(sessions, request, options);
      if (dbsc !== null) return await dbsc;
      loaded = await loadWebSession(sessions, request, options, true);
      return loaded.apply(await handler(request, loaded.session, ...rest));
    } catch (error) {
      const response = errorResponse(error);
      if (response === null) throw error;
      // A write that found its session ended clears the cookie: that must reach the browser too.
      return loaded === undefined ? response : loaded.apply(response);
    }
  };
}
