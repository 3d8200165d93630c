/**
 * Fresh session tokens: `<id>.<secret>`, 16 + 32 bytes from the CSPRNG (docs/architecture.md §1.1). The id is
 * the store key; only a hash of the secret is ever stored, so a store dump yields no usable token.
 * 128 bits of id alone already exceed OWASP's 64-bit minimum for session ids.
 *
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { hashSecret } from './verify.js';

export const ID_BYTES = 16;
export const SECRET_BYTES = 32;

/** A token as issued to the client, with the hash the store keeps. */
export interface IssuedToken {
  id: string;
  secret: string;
  secretHash: string;
  /** The cookie value: `<id>.<secret>`. */
  value: string;
}

const TOKEN_BYTES = ID_BYTES + SECRET_BYTES;

/**
 * Entropy for 128 tokens, drawn from the CSPRNG in one call (as Node's own `randomUUID` caches
 * its entropy): a `randomBytes` call per token half cost more than the rest of a sign-in
 * (bench/RESULTS.md). Every byte is used once and zeroed as it is used.
 */
const pool = Buffer.alloc(TOKEN_BYTES * 128);
let poolOffset = pool.length;

/** Generate a new token. */
export function generateToken(): IssuedToken {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += TOKEN_BYTES;
  const id = pool.toString('base64url', start, start + ID_BYTES);
  const secret = pool.toString('base64url', start + ID_BYTES, start + TOKEN_BYTES);
  pool.fill(0, start, start + TOKEN_BYTES);
  return { id, secret, secretHash: hashSecret(secret), value: `${id}.${secret}` };
}
