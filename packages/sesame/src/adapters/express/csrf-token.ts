/**
 * Where both Express middlewares (`sesame-session/express` and `sesame-session/express-session`)
 * read the synchronizer token by default: the `x-csrf-token` header for scripts, then the form's
 * `_csrf` field (docs/architecture.md §1.9).
 *
 * @module
 */
import type { Request } from 'express';

/** The submitted CSRF token: `x-csrf-token`, else `req.body._csrf`, else `undefined`. */
export function defaultCsrfToken(req: Request): unknown {
  const fromHeader = req.headers['x-csrf-token'];
  if (typeof fromHeader === 'string') return fromHeader;
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['_csrf'] : undefined;
}
