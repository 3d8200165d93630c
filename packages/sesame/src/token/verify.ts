/**
 * The store keeps SHA-256 of the secret; a presented secret is hashed and compared in constant
 * time (docs/architecture.md §1.1). A plain hash is enough: the secret has 256 bits of entropy, so there is
 * nothing to brute-force and no need for a slow or salted hash.
 *
 * @module
 */
import { hash, timingSafeEqual } from 'node:crypto';

/** base64url SHA-256 of a token secret. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'base64url');
}

/** Constant-time check that `secret` matches the stored `secretHash`. */
export function verifySecret(secret: string, secretHash: string): boolean {
  // crypto.hash (Node ≥ 20.12) is the one-shot form: no Hash object per request.
  const presented = hash('sha256', secret, 'buffer');
  const stored = Buffer.from(secretHash, 'base64url');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
