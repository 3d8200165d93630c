/**
 * Fastify 5 plugin: loads the session onto `request.session` (`onRequest`), checks CSRF, and sets
 * cookie changes on the reply the moment they happen. Refusals are {@link "sesame-session"!SesameError}s thrown
 * into Fastify's error handling, which answers their `status` (503 store down, 403 CSRF, 401
 * gone); `setErrorHandler` customises the body as for any error.
 *
 * CSRF is decided in `onRequest` when the headers decide it, so a cross-site request is refused
 * before its body is parsed; when neither `Sec-Fetch-Site` nor `Origin` is sent, the decision
 * waits for `preValidation`, where a form body (`@fastify/formbody`) has been parsed and its
 * `_csrf` field is readable.
 *
 * A WebSocket handshake (`@fastify/websocket`'s `{ websocket: true }` routes) is judged by its
 * `Sec-Fetch-Site` and `Origin` whatever its method, so another site's is refused with the 403
 * before the upgrade, and its session is read-only: the 101 carries no cookie (facts.ts).
 *
 * @example
 * import Fastify from 'fastify';
 * import formbody from '@fastify/formbody';
 * import { createSessions } from 'sesame-session';
 * import { sesame } from 'sesame-session/fastify';
 * import { sqliteStore } from 'sesame-session/stores/sqlite';
 *
 * const sessions = createSessions({
 *   store: sqliteStore({ path: 'data/sessions.db' }),
 *   secrets: process.env.SESSION_SECRET,
 *   origin: process.env.PUBLIC_ORIGIN, // e.g. https://app.example.com; required in production
 * });
 * const app = Fastify({ trustProxy: false });
 * await app.register(formbody);
 * await app.register(sesame, { sessions });
 * app.get('/api/me', async (request) => ({ userId: request.session.userId }));
 *
 * @module
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RegisteredData, Sessions } from '../../index.js';
import type { ResponsePlan } from '../../http.js';
import type { Session } from '../../session/session.js';
import { afterNodeResponse } from '../after-response.js';
import { replaceSetCookies, setCookieLines } from '../set-cookie.js';
import { refuseHandshakeCookie } from '../handshake.js';
import { factsFromFastify } from './facts.js';
import { SesameError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Sesame session of this request. */
    session: Session<RegisteredData>;
  }
}

/** Options of the {@link sesame} plugin. */
export interface FastifyAdapterOptions {
  /** The sessions from `createSessions`, shared by every request of the app. */
  sessions: Sessions<RegisteredData>;
  /** Where the synchronizer token is read from. Default: `x-csrf-token` header, then the body's `_csrf`. */
  csrfToken?: (request: FastifyRequest) => unknown;
  /** Requests exempt from the CSRF check (e.g. a webhook that verifies its own signature). */
  skipCsrf?: (request: FastifyRequest) => boolean;
}

function defaultCsrfToken(request: FastifyRequest): unknown {
  const fromHeader = request.headers['x-csrf-token'];
  if (typeof fromHeader === 'string') return fromHeader;
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['_csrf'] : undefined;
}

/** Apply a plan: replace our Set-Cookie (a login then a logout in one request sends only the last). */
function applyPlan(reply: FastifyReply, plan: ResponsePlan): void {
  if (reply.sent || reply.raw.headersSent) {
    throw new SesameError(
      'ERR_RESPONSE_SENT',
      'sesame: the session changed after the reply was sent; call login()/logout()/set() before replying.',
    );
  }
  if (plan.cacheControl !== null) reply.header('cache-control', plan.cacheControl);
  for (const [name, value] of Object.entries(plan.headers ?? {})) reply.header(name, value);
  if (plan.setCookies.length === 0) return;
  const lines = replaceSetCookies(setCookieLines(reply.getHeader('set-cookie')), plan.setCookies);
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', lines);
}

/** Requests whose CSRF decision waits for the parsed body. */
const awaitingBody = new WeakSet<FastifyRequest>();

const plugin: FastifyPluginAsync<FastifyAdapterOptions> = (fastify, options) => {
  const { sessions, skipCsrf } = options;
  const readToken = options.csrfToken ?? defaultCsrfToken;
  fastify.decorateRequest('session', null as unknown as Session<RegisteredData>);

  fastify.addHook('onRequest', async (request, reply) => {
    const facts = factsFromFastify(request);
    // A DBSC registration or refresh: answered here, before the routes and the CSRF check.
    const answer = sessions.deviceBoundEndpoint(facts);
    if (answer !== null) {
      const { status, headers, setCookies, body } = await answer;
      reply.code(status).headers(headers);
      if (setCookies.length > 0) reply.header('set-cookie', [...setCookies]);
      return reply.send(body);
    }
    // A handshake's reply is hijacked for the 101, whose socket may stay open for hours: nothing
    // sets a cookie on it, and a due touch is written now.
    request.session = await (facts.readOnly === true
      ? sessions.load(facts, refuseHandshakeCookie)
      : sessions.load(facts, (plan) => applyPlan(reply, plan), afterNodeResponse(reply.raw)));
    if (skipCsrf?.(request) === true) return;
    let needsBody = false;
    const refused = sessions.checkCsrf(facts, request.session, () => {
      needsBody = true;
      return undefined;
    });
    if (needsBody) awaitingBody.add(request);
    else if (refused !== null) throw refused;
  });

  fastify.addHook('preValidation', (request) => {
    if (!awaitingBody.has(request)) return Promise.resolve();
    const refused = sessions.checkCsrf(factsFromFastify(request), request.session, () => readToken(request));
    return refused === null ? Promise.resolve() : Promise.reject(refused);
  });
  return Promise.resolve();
};

/**
 * The session plugin. Register `@fastify/formbody` (or another body parser) as well when forms
 * post `_csrf`; the order does not matter.
 */
export const sesame = fp(plugin, { fastify: '5.x', name: 'sesame-session' });
