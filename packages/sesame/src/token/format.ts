/**
 * Parsing of the cookie value `<id>.<secret>`. Anything that is not exactly two unpadded,
 * canonically encoded base64url parts of the issued lengths is `null`, before any store call
 * (docs/architecture.md §1.1): hostile input is a value, never an exception.
 *
 * @module
 */
import { ID_BYTES, SECRET_BYTES } from './generate.js';

/** RFC 4648 §5, the base64url alphabet in value order. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The pattern of one unpadded base64url part of `bytes` bytes. Its last character carries
 * `chars * 6 - bytes * 8` bits that must be zero (RFC 4648 §3.5, canonical encoding): 16 bytes →
 * 22 characters with 4 spare bits, so the last is one of A, Q, g, w. Other final characters decode
 * to the same bytes, and accepting them would let one token be spelled several ways.
 */
function partPattern(bytes: number): string {
  const chars = Math.ceil((bytes * 8) / 6);
  const spareBits = chars * 6 - bytes * 8;
  const finals = [...ALPHABET].filter((_, value) => value % 2 ** spareBits === 0).join('');
  return `[A-Za-z0-9_-]{${chars - 1}}[${finals.replace('-', '\\-')}]`;
}

const ID_CHARS = Math.ceil((ID_BYTES * 8) / 6);
const TOKEN_PATTERN = new RegExp(`^${partPattern(ID_BYTES)}\\.${partPattern(SECRET_BYTES)}$`);
const TOKEN_LENGTH = ID_CHARS + 1 + Math.ceil((SECRET_BYTES * 8) / 6);

/** The two halves of a well-formed token. */
export interface ParsedToken {
  id: string;
  secret: string;
}

/** Parse a cookie value; `null` for anything that is not a token Sesame could have issued. */
export function parseToken(value: string | undefined | null): ParsedToken | null {
  // One test without capture groups, then two slices at the fixed offsets: this runs on every
  // request that carries a cookie.
  if (typeof value !== 'string' || value.length !== TOKEN_LENGTH || !TOKEN_PATTERN.test(value)) return null;
  return { id: value.slice(0, ID_CHARS), secret: value.slice(ID_CHARS + 1) };
}
