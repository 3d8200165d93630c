/**
 * Fresh session tokens: `<id>.<secret>`, 16 + 32 bytes from the CSPRNG (DESIGN §1.1). The id is
 * the store key; only a hash of the secret is ever stored, so a store dump yields no usable token.
 * 128 bits of id alone already exceed OWASP's 64-bit minimum for session ids.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
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

/** Generate a new token. */
export function generateToken(): IssuedToken {
  const id = randomBytes(ID_BYTES).toString('base64url');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { id, secret, secretHash: hashSecret(secret), value: `${id}.${secret}` };
}
