/**
 * A keyed hash of a session id: what events, logs and the "your sessions" list show instead of
 * the id. It cannot be turned back into the id or the token (docs/architecture.md §1.10).
 *
 * @module
 */
import { createHmac } from 'node:crypto';

const CONTEXT = 'sesame-handle-v1\0';

/** 16 bytes of HMAC-SHA256(newest secret, id), base64url (22 characters). */
export function sessionHandle(secrets: readonly Buffer[], id: string): string {
  const newest = secrets[0];
  if (newest === undefined) throw new TypeError('sessionHandle: no secret configured');
  return createHmac('sha256', newest)
    .update(CONTEXT + id)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
