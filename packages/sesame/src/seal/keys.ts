/**
 * The `encryption.keys` option: 32-byte keys for sealing session data at rest, newest first,
 * validated once at startup (CONTRIBUTING.md §6) with messages that say what to change. A key is
 * never printed, not even in an error.
 *
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import { SesameError } from '../errors.js';
import type { Logger } from '../logger.js';

/** One key as configured: a string in base64, base64url or hex, or the 32 bytes themselves. */
export type SealKeyInput = string | Uint8Array;

/** The `encryption` option of `createSessions()`. */
export interface EncryptionOptions {
  /**
   * 32-byte keys, newest first, read from the environment: each a string in base64, base64url
   * (43 characters, or 44 with `=`) or hex (64 characters), or a `Buffer`. New values are sealed
   * with the first; every key in the list still opens what it sealed, so a key rotates by putting
   * the new one first and dropping the old one an absolute timeout later (docs/sealing.md in
   * the repository). Empty and `undefined` entries are skipped, so
   * `[process.env.SESSION_KEY, process.env.SESSION_KEY_OLD]` works with the second one unset.
   */
  keys: SealKeyInput | undefined | readonly (SealKeyInput | undefined)[];
}

/** A validated sealing key. */
export interface SealKey {
  /** 8 base64url characters naming the key in each sealed value (an HMAC of a constant under it). */
  readonly id: string;
  /** The 32 key bytes. */
  readonly bytes: Buffer;
}

const KEY_BYTES = 32;
/** 32 uniformly random bytes hold about 30 distinct values; fewer than 16 is a pattern, not a key. */
const MIN_DISTINCT_BYTES = 16;
const HEX = /^[0-9A-Fa-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;
/** Printable ASCII: a key whose 32 bytes all fall here is text (odds for random bytes: 1 in 10^14). */
const TEXT_BYTE = (byte: number): boolean => byte >= 0x20 && byte <= 0x7e;

export const MAKE_KEY = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`;

function invalid(message: string): SesameError {
  return new SesameError('ERR_CONFIG_INVALID', message);
}

function insecure(message: string): SesameError {
  return new SesameError('ERR_CONFIG_INSECURE', message);
}

/** The key's id: HMAC-SHA256 of a constant under it, 6 bytes, so the id reveals nothing of the key. */
export function sealKeyId(bytes: Buffer): string {
  return createHmac('sha256', bytes)
    .update('sesame-seal key id v1')
    .digest()
    .subarray(0, 6)
    .toString('base64url');
}

/** The 32 bytes a configured string or buffer stands for, or an error that says what is wrong. */
function decodeKey(input: unknown, name: string): Buffer {
  if (input instanceof Uint8Array) {
    if (input.length !== KEY_BYTES)
      throw invalid(
        `${name} has ${input.length} bytes; it must have exactly ${KEY_BYTES}. Make one with: ${MAKE_KEY}`,
      );
    return Buffer.from(input); // a copy: the caller's buffer may be reused
  }
  if (typeof input !== 'string') {
    throw invalid(`${name} must be a string (base64, base64url or hex) or a Buffer; got ${typeof input}.`);
  }
  if (HEX.test(input)) return Buffer.from(input, 'hex');
  if (BASE64.test(input)) {
    const bytes = Buffer.from(input, 'base64');
    // Node decodes both alphabets under 'base64'; a final character with stray low bits is a typo.
    const canonical = input.replace(/=$/, '').replaceAll('+', '-').replaceAll('/', '_');
    if (bytes.length === KEY_BYTES && bytes.toString('base64url') === canonical) return bytes;
  }
  throw invalid(
    `${name} must be ${KEY_BYTES} bytes written as base64 or base64url (43 characters, or 44 ending in "="), or hex (64 characters); got a string of ${input.length} characters. Make one with: ${MAKE_KEY}`,
  );
}

/** Refuse bytes that cannot have come from a random generator (the checks `secrets` gets). */
function assertRandomLooking(bytes: Buffer, name: string): void {
  if (new Set(bytes).size < MIN_DISTINCT_BYTES) {
    throw insecure(`${name} repeats too few byte values to be random. Make one with: ${MAKE_KEY}`);
  }
  if (bytes.every(TEXT_BYTE)) {
    throw insecure(
      `${name} is text (a password or a phrase), not 32 random bytes; pass it encoded as base64url or hex. Make one with: ${MAKE_KEY}`,
    );
  }
}

/**
 * Validate `encryption` and return its keys, newest first; `null` when the option is absent.
 * Without any key, production refuses to start and development seals with a random key for this
 * process (sessions then end with it), as `secrets` does. A key equal to one of `secrets` is
 * refused: one value must not key both the CSRF MAC and the data's cipher.
 */
export function resolveSealKeys(
  option: EncryptionOptions | undefined,
  secrets: readonly Buffer[],
  production: boolean,
  logger: Logger,
): SealKey[] | null {
  if (option === undefined) return null;
  if (typeof option !== 'object' || option === null) {
    throw invalid('Option encryption must be an object: { keys: [process.env.SESSION_KEY] }.');
  }
  const given = option.keys;
  const list: unknown[] = Array.isArray(given) ? [...(given as unknown[])] : [given];
  const present = list.filter((key) => key !== undefined && key !== '');
  if (present.length === 0) {
    if (production) {
      throw insecure(`Option encryption.keys is empty (set SESSION_KEY). Make a key with: ${MAKE_KEY}`);
    }
    logger.warn(
      'sesame: encryption.keys is empty; sealing with a random key for this process (sessions end on restart).',
    );
    const bytes = randomBytes(KEY_BYTES);
    return [{ id: sealKeyId(bytes), bytes }];
  }
  const keys = present.map((input, index): SealKey => {
    const name = `Option encryption.keys[${index}]`;
    if (typeof input === 'string' && secrets.some((secret) => secret.equals(Buffer.from(input, 'utf8')))) {
      throw insecure(
        `${name} is also one of secrets; give sealing a key of its own. Make one with: ${MAKE_KEY}`,
      );
    }
    const bytes = decodeKey(input, name);
    assertRandomLooking(bytes, name);
    return { id: sealKeyId(bytes), bytes };
  });
  keys.forEach((key, index) => {
    const earlier = keys.findIndex((other) => other.id === key.id);
    if (earlier !== index) {
      throw invalid(`Option encryption.keys[${index}] is the same key as encryption.keys[${earlier}].`);
    }
  });
  return keys;
}
