/**
 * Parsing of the cookie value `<id>.<secret>`. Anything that is not exactly two unpadded
 * base64url parts of the issued lengths is `null`, before any store call (DESIGN §1.1): hostile
 * input is a value, never an exception.
 *
 * @module
 */
import { ID_BYTES, SECRET_BYTES } from './generate.js';

/** base64url without padding has ceil(4n/3) characters for n bytes. */
const ID_CHARS = Math.ceil((ID_BYTES * 4) / 3);
const SECRET_CHARS = Math.ceil((SECRET_BYTES * 4) / 3);
// RFC 4648 §5 alphabet. The last character of each part may only carry as many bits as are left
// (16 bytes -> 22 chars, 4 spare bits; 32 bytes -> 43 chars, 2 spare bits): the canonical-encoding
// check below rejects tokens that decode to the same bytes but differ in text.
const TOKEN_PATTERN = new RegExp(`^([A-Za-z0-9_-]{${ID_CHARS}})\\.([A-Za-z0-9_-]{${SECRET_CHARS}})$`);

/** The two halves of a well-formed token. */
export interface ParsedToken {
  id: string;
  secret: string;
}

function isCanonical(part: string, bytes: number): boolean {
  const decoded = Buffer.from(part, 'base64url');
  return decoded.length === bytes && decoded.toString('base64url') === part;
}

/** Parse a cookie value; `null` for anything that is not a token Sesame could have issued. */
export function parseToken(value: string | undefined | null): ParsedToken | null {
  if (typeof value !== 'string' || value.length !== ID_CHARS + 1 + SECRET_CHARS) return null;
  const match = TOKEN_PATTERN.exec(value);
  if (!match) return null;
  const [, id, secret] = match;
  if (id === undefined || secret === undefined) return null;
  if (!isCanonical(id, ID_BYTES) || !isCanonical(secret, SECRET_BYTES)) return null;
  return { id, secret };
}

/** True when `id` has the shape of a record id (for ids that arrive outside a cookie). */
export function isTokenId(id: unknown): id is string {
  return (
    typeof id === 'string' &&
    id.length === ID_CHARS &&
    /^[A-Za-z0-9_-]+$/.test(id) &&
    isCanonical(id, ID_BYTES)
  );
}
