/**
 * The `apply` of a handshake, shared by every adapter: a WebSocket upgrade (an `Upgrade` header,
 * in any framework) or a request of socket.io's engine is loaded read-only
 * (`RequestFacts.readOnly`), since its response carries no cookie back. engine.io answers an
 * upgrade with its own 101 whatever the middleware does, `ws` gives the middleware no response at
 * all, `@fastify/websocket` hijacks the reply, Hono's `upgradeWebSocket` hands the socket to the
 * runtime, and a socket.io client need not keep a cookie its polling responses set. So the token
 * is not renewed there (the old one, kept by the client, would later count as stolen), a bad
 * cookie is not cleared, and what must set a cookie — sign-in, sign-out, a first write — throws
 * `ERR_RESPONSE_SENT` before it writes anything (sign-out ends the session in the store first).
 *
 * @module
 */
import { SesameError } from '../errors.js';
import type { ResponsePlan } from '../http.js';

/** The `apply` of a handshake's load: a cookie change cannot reach the client, so it throws. */
export function refuseHandshakeCookie(_plan: ResponsePlan): never {
  throw new SesameError(
    'ERR_RESPONSE_SENT',
    'sesame: this session belongs to a WebSocket or socket.io handshake, whose response sets no cookie; sign in, sign out or start a session in an HTTP route.',
  );
}
