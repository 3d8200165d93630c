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

/** SHA-256 of a presented secret, to compare with one or more stored hashes. */
export function presentedHash(secret: string): Buffer {
  // crypto.hash (Node ≥ 20.12) is the one-shot form: no Hash object per request.
  return hash('sha256', secret, 'buffer');
}

/** Constant-time check that a {@link presentedHash} matches a stored `secretHash`. */
export function hashMatches(presented: Buffer, secretHash: string): boolean {
  const stored = Buffer.from(secretHash, 'base64url');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** Constant-time check that `secret` matches the stored `secretHash`. */
export function verifySecret(secret: string, secretHash: string): boolean {
  return hashMatches(presentedHash(secret), secretHash);
}
