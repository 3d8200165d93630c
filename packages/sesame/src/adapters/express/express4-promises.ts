/**
 * Express 4 ignores the promise an async handler returns, so a store outage thrown from
 * `await req.session.set()` becomes an unhandled rejection that ends the process, where Express 5
 * answers 503 (issue 13). This gives Express 4's router what Express 5's does: a rejected promise
 * from a handler goes to `next(err)`. It changes the Layer class of the app's own copy of Express,
 * once, when `sesame()` first sees a request; Express 5 has no `app._router` and is left alone.
 *
 * @module
 */

type Next = (err?: unknown) => void;
type Handle = (...args: unknown[]) => unknown;
interface LayerPrototype {
  handle_request?: (this: { handle: Handle }, req: unknown, res: unknown, next: Next) => void;
  handle_error?: (this: { handle: Handle }, err: unknown, req: unknown, res: unknown, next: Next) => void;
  [PATCHED]?: true;
}

const PATCHED = Symbol.for('sesame-session.express4-promises');

function forward(result: unknown, next: Next): void {
  if (typeof (result as PromiseLike<unknown> | null)?.then !== 'function') return;
  (result as PromiseLike<unknown>).then(undefined, (err: unknown) =>
    next(err ?? new Error('Rejected promise')),
  );
}

/** Make Express 4's router forward rejected handler promises to `next(err)`, as Express 5 does. */
export function forwardRejectedPromises(app: unknown): void {
  const layer = (app as { _router?: { stack?: readonly object[] } } | undefined)?._router?.stack?.[0];
  if (layer === undefined) return;
  const proto = Object.getPrototypeOf(layer) as LayerPrototype;
  if (typeof proto.handle_request !== 'function' || proto[PATCHED] === true) return;
  // express-async-errors installs an accessor on `handle` that already forwards: twice would call next twice.
  if (Object.getOwnPropertyDescriptor(proto, 'handle')?.set !== undefined) return;
  proto[PATCHED] = true;
  // Same checks and order as Express 4's own lib/router/layer.js, plus the promise.
  proto.handle_request = function handleRequest(req, res, next) {
    const fn = this.handle;
    if (fn.length > 3) return next();
    try {
      forward(fn(req, res, next), next);
    } catch (err) {
      next(err);
    }
  };
  proto.handle_error = function handleError(error, req, res, next) {
    const fn = this.handle;
    if (fn.length !== 4) return next(error);
    try {
      forward(fn(error, req, res, next), next);
    } catch (err) {
      next(err);
    }
  };
}

/**
 * A middleware's hook for {@link forwardRejectedPromises}: called with each request, it patches
 * the router of the first Express request's app, once. A request that is not Express's (a
 * socket.io handshake, often the first after a restart) has no `app` and is passed over.
 */
export function forwardRejectionsOnce(): (req: { app?: unknown }) => void {
  let checked = false;
  return (req) => {
    if (checked || req.app === undefined) return;
    checked = true;
    forwardRejectedPromises(req.app);
  };
}
