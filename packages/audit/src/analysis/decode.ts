/**
 * Turn collected token strings into the bytes they encode, so the statistics judge the random
 * material and not the alphabet. Tokens are split at characters outside the base64/base64url
 * alphabets (`.`, `:`, `|`, …); each segment position gets the encoding that fits every sample
 * (hex, then base64/base64url, else the text itself).
 *
 * @module
 */

/** Decoded tokens and how they were read. */
export interface DecodedTokens {
  bytes: Buffer[];
  /** E.g. `base64url.base64url` or `hex`. */
  encoding: string;
}

const SEPARATOR = /[^A-Za-z0-9+/=_-]+/;
const HEX_LOWER = /^[0-9a-f]*$/;
const HEX_UPPER = /^[0-9A-F]*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Encoding = 'hex' | 'base64url' | 'base64' | 'text';

function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function encodingOf(segments: readonly string[]): Encoding {
  const evenHex = (s: string): boolean => s.length % 2 === 0 && (HEX_LOWER.test(s) || HEX_UPPER.test(s));
  if (segments.every(evenHex)) return 'hex';
  if (segments.every((s) => BASE64URL.test(s))) return 'base64url';
  if (segments.every((s) => BASE64.test(s))) return 'base64';
  return 'text';
}

function decodeSegment(segment: string, encoding: Encoding): Buffer {
  if (encoding === 'hex') return Buffer.from(segment, 'hex');
  // Node's base64 decoder reads both alphabets (RFC 4648 §4 and §5).
  if (encoding === 'base64url' || encoding === 'base64') return Buffer.from(segment, 'base64');
  return Buffer.from(segment, 'utf8');
}

/**
 * Decode a set of tokens of the same format.
 *
 * @example
 * decodeTokens(['a1b2', 'c3d4']).encoding; // 'hex'
 */
export function decodeTokens(tokens: readonly string[]): DecodedTokens {
  const split = tokens.map((t) =>
    percentDecoded(t)
      .split(SEPARATOR)
      .filter((s) => s !== ''),
  );
  const width = split[0]?.length ?? 0;
  if (width === 0 || split.some((parts) => parts.length !== width)) {
    return { bytes: tokens.map((t) => Buffer.from(percentDecoded(t), 'utf8')), encoding: 'text' };
  }
  const encodings = Array.from({ length: width }, (_, i) => encodingOf(split.map((parts) => parts[i] ?? '')));
  return {
    bytes: split.map((parts) =>
      Buffer.concat(parts.map((part, i) => decodeSegment(part, encodings[i] ?? 'text'))),
    ),
    encoding: encodings.join('.'),
  };
}
