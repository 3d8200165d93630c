/**
 * `req.sessionID` as a getter of the request itself, like express-session's own property: a getter
 * on the app's request prototype would be lost in a mounted sub-app, where Express swaps the
 * request's prototype for the sub-app's. The getter and setter are shared by every request (the
 * request's source is kept on it under a private symbol): a per-request closure in a property
 * descriptor would allocate three objects per request and give V8 no shared accessor to cache.
 *
 * @module
 */
import type { Request } from 'express';

const SOURCE = Symbol('sesame.sessionIdSource');

interface Sourced {
  [SOURCE]?: { readonly id: string };
}

function getSessionId(this: Sourced): string | undefined {
  return this[SOURCE]?.id;
}

// express-session, if a router still mounts it, assigns its own.
function setSessionId(this: object, value: unknown): void {
  Object.defineProperty(this, 'sessionID', { value, writable: true, configurable: true, enumerable: true });
}

const ACCESSOR: PropertyDescriptor = Object.freeze({
  get: getSessionId,
  set: setSessionId,
  configurable: true,
  enumerable: true,
});

/** Make `req.sessionID` read `source.id`. */
export function exposeSessionId(req: Request, source: { readonly id: string }): void {
  (req as Sourced)[SOURCE] = source;
  Object.defineProperty(req, 'sessionID', ACCESSOR);
}
