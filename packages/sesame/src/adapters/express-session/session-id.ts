/**
 * `req.sessionID` as a getter on the app's request prototype, defined once, reading the request's
 * state through a symbol: a getter defined on every request would cost a property definition per
 * request (bench/RESULTS.md: the layer is measured against express-session on the hot path).
 *
 * @module
 */
import type { Request } from 'express';

const SOURCE = Symbol('sesame.sessionId');
const prototypes = new WeakSet<object>();

interface WithSource {
  [SOURCE]?: { readonly id: string };
}

/** Make `req.sessionID` read `source.id`. */
export function exposeSessionId(req: Request, source: { readonly id: string }): void {
  (req as WithSource)[SOURCE] = source;
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === null || prototypes.has(proto)) return;
  prototypes.add(proto);
  Object.defineProperty(proto, 'sessionID', {
    get(this: WithSource): string | undefined {
      return this[SOURCE]?.id;
    },
    // express-session, if a router still mounts it, assigns its own: let it shadow this getter.
    set(this: object, value: unknown) {
      Object.defineProperty(this, 'sessionID', {
        value,
        writable: true,
        configurable: true,
        enumerable: true,
      });
    },
    configurable: true,
  });
}
