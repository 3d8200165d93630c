/**
 * `req.sessionID` as a getter of the request itself, like express-session's own property: a getter
 * on the app's request prototype would be lost in a mounted sub-app, where Express swaps the
 * request's prototype for the sub-app's.
 *
 * @module
 */
import type { Request } from 'express';

/** Make `req.sessionID` read `source.id`. */
export function exposeSessionId(req: Request, source: { readonly id: string }): void {
  Object.defineProperty(req, 'sessionID', {
    get: () => source.id,
    // express-session, if a router still mounts it, assigns its own.
    set: (value: unknown) =>
      Object.defineProperty(req, 'sessionID', {
        value,
        writable: true,
        configurable: true,
        enumerable: true,
      }),
    configurable: true,
    enumerable: true,
  });
}
