/**
 * The response a `SesameError` becomes in the Web-standard adapters (Web and Hono): its status
 * (401, 403, 503) and `{ error: code }`, never cached.
 *
 * @module
 */
import type { SesameError } from '../../errors.js';

/** The response for `error`. */
export function sesameErrorResponse(error: SesameError): Response {
  return Response.json(
    { error: error.code },
    { status: error.status, headers: { 'cache-control': 'no-store' } },
  );
}
