/**
 * A session write that finishes after the response was sent cannot set its cookie: the habit of
 * express-session apps (`req.session.set(…)` without `await`, then `res.redirect(…)`) would leave
 * a new visitor with no session and no clue (issue 12). Say so once per response, naming the
 * request, so the missing `await` is found in the log rather than by users.
 *
 * @module
 */
import type { Request, Response } from 'express';
import type { Logger } from '../../config.js';

const warned = new WeakSet<Response>();

/** Log that a write on `req` came after its response was sent (once per response). */
export function warnLateWrite(logger: Logger, req: Request, res: Response): void {
  if (warned.has(res)) return;
  warned.add(res);
  // The path without its query, which may carry tokens of its own.
  const path = req.originalUrl.split('?')[0];
  logger.warn(
    `sesame: ${req.method} ${path}: the session was written after the response was sent, so the browser got no session cookie. Await session writes (await req.session.set(…)) before res.redirect() / res.send().`,
  );
}
