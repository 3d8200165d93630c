/**
 * Sealing one value: AES-256-GCM under a key derived for the write that sealed it, with the
 * session id and the value's name as associated data, so a sealed value opens only where it was
 * written.
 *
 * A sealed value is the string `sl1.<key id>.<base64url(salt ‖ iv ‖ ciphertext ‖ tag)>`.
 * The cipher key is HMAC-SHA256(key, salt) for a random 16-byte salt drawn for each write: with
 * random 96-bit IVs under one key, NIST SP 800-38D §8.3 allows at most 2^32 encryptions, which a
 * busy site sealing every value it writes could reach within days; a fresh cipher key per write
 * (its few values each with their own random IV) lifts that bound to the salt's (2^48 writes at
 * the same risk) and needs no counter shared between instances.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';
import type { SealKey } from './keys.js';

const VERSION = 'sl1';
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^sl1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]+)$/;

/**
 * Salts and IVs, drawn from the CSPRNG 4 KiB at a time, as token/generate.ts draws tokens: a
 * `randomBytes` call costs more than the AES-GCM of a small value (measured: 6 µs against 4).
 * Every byte is handed out once.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function random(bytes: number): Buffer {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + bytes));
  pool.fill(0, poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return out;
}

/** Why a stored value did not open; what the `unreadable` event reports. */
export type UnsealFailure = 'not-sealed' | 'unknown-key' | 'tampered';

/** What {@link openValue} found. */
export type Opened = { ok: true; text: string } | { ok: false; reason: UnsealFailure };

/**
 * The associated data of one value: the session id and the value's place in the record. The id
 * goes before the name, and neither a base64url id nor the version holds a NUL byte, so two
 * different places never give the same bytes.
 */
export function sealContext(sessionId: string, place: string): Buffer {
  return Buffer.from(`sesame-seal v1\0${sessionId}\0${place}`, 'utf8');
}

function cipherKey(key: SealKey, salt: Buffer): Buffer {
  return createHmac('sha256', key.bytes).update(salt).digest();
}

/**
 * Seals the values of one write: one salt and cipher key for all of them (each value still gets
 * its own random IV), so a write or a read of a record costs one key derivation, not one per value.
 */
export class WriteSealer {
  readonly #key: SealKey;
  readonly #salt = random(SALT_BYTES);
  #cipherKey: Buffer | null = null;

  constructor(key: SealKey) {
    this.#key = key;
  }

  /** Seal `text` bound to `context` ({@link sealContext}). */
  seal(context: Buffer, text: string): string {
    this.#cipherKey ??= cipherKey(this.#key, this.#salt);
    const iv = random(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#cipherKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(context);
    const body = Buffer.concat([
      this.#salt,
      iv,
      cipher.update(text, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${VERSION}.${this.#key.id}.${body.toString('base64url')}`;
  }
}

/** Seal one value under `key`, bound to `context` ({@link sealContext}). */
export function sealValue(key: SealKey, context: Buffer, text: string): string {
  return new WriteSealer(key).seal(context, text);
}

/** Cipher keys already derived while opening one record, by key id and salt. */
export type DerivedKeys = Map<string, Buffer>;

/**
 * Open a stored value with whichever of `keys` sealed it. Never throws: anything that is not a
 * value sealed by one of these keys for this `context` is a failure with its reason.
 */
export function openValue(
  keys: readonly SealKey[],
  context: Buffer,
  stored: unknown,
  derived: DerivedKeys = new Map(),
): Opened {
  const match = typeof stored === 'string' ? SEALED.exec(stored) : null;
  if (match === null) return { ok: false, reason: 'not-sealed' };
  const key = keys.find((k) => k.id === match[1]);
  if (key === undefined) return { ok: false, reason: 'unknown-key' };
  const bytes = Buffer.from(match[2] as string, 'base64url');
  if (bytes.length < SALT_BYTES + IV_BYTES + TAG_BYTES) return { ok: false, reason: 'tampered' };
  const tagStart = bytes.length - TAG_BYTES;
  try {
    const salt = bytes.subarray(0, SALT_BYTES);
    const known = `${key.id}.${salt.toString('base64url')}`;
    let derivedKey = derived.get(known);
    if (derivedKey === undefined) derived.set(known, (derivedKey = cipherKey(key, salt)));
    const decipher = createDecipheriv(
      'aes-256-gcm',
      derivedKey,
      bytes.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES),
      { authTagLength: TAG_BYTES },
    );
    decipher.setAAD(context);
    decipher.setAuthTag(bytes.subarray(tagStart));
    const text = Buffer.concat([
      decipher.update(bytes.subarray(SALT_BYTES + IV_BYTES, tagStart)),
      decipher.final(),
    ]);
    return { ok: true, text: text.toString('utf8') };
  } catch {
    // GCM's tag did not verify: the value, its context or its key id was changed.
    return { ok: false, reason: 'tampered' };
  }
}

/** The id of the key `stored` was sealed with, or `null` when it is not a sealed value. */
export function sealedKeyId(stored: unknown): string | null {
  const match = typeof stored === 'string' ? SEALED.exec(stored) : null;
  return match === null ? null : (match[1] as string);
}
