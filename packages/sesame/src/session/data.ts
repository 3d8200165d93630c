/**
 * Session data validation. Values must survive JSON (every store keeps JSON), and keys that could
 * pollute prototypes when merged are refused (docs/architecture.md §1.8).
 *
 * @module
 */
import { SesameError } from '../errors.js';
import type { JsonValue, SessionData } from '../store.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_KEY_LENGTH = 256;

export function assertDataKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || FORBIDDEN_KEYS.has(key)) {
    throw new SesameError(
      'ERR_SESSION_DATA_INVALID',
      `Session data key ${JSON.stringify(key)} is not allowed (non-empty string, at most ${MAX_KEY_LENGTH} characters, not __proto__/constructor/prototype).`,
    );
  }
}

/** A string, boolean, `null` or number as a JSON round trip gives it back. */
export type JsonScalar = string | number | boolean | null;

/**
 * What a JSON round trip makes of a string, boolean, `null` or number, without the round trip;
 * `undefined` for any other value.
 */
export function jsonScalar(value: unknown): JsonScalar | undefined {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  // JSON writes NaN and ±Infinity as null, and -0 as 0.
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  return undefined;
}

/**
 * A JSON round-trip copy of `value`, or an error naming the key. Scalars (most values) skip the
 * round trip: {@link jsonScalar}.
 */
export function toJsonValue(key: string, value: unknown): JsonValue {
  const scalar = jsonScalar(value);
  if (scalar !== undefined) return scalar;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new SesameError(
      'ERR_SESSION_DATA_INVALID',
      `Session data ${JSON.stringify(key)} cannot be stored as JSON.`,
      { cause },
    );
  }
  if (text === undefined) {
    throw new SesameError(
      'ERR_SESSION_DATA_INVALID',
      `Session data ${JSON.stringify(key)} is ${typeof value}; use unset() to remove a key.`,
    );
  }
  return JSON.parse(text) as JsonValue;
}

/** A null-prototype copy of stored data, so a stored `__proto__` key is just a key. */
export function cloneData(data: SessionData): SessionData {
  const copy = Object.create(null) as SessionData;
  for (const [key, value] of Object.entries(data)) copy[key] = value;
  return copy;
}

/**
 * The checked, JSON-copied set of top-level keys a write stores, with a null prototype; throws
 * `ERR_SESSION_DATA_INVALID` before any store call.
 */
export function dataToSet(values: object): SessionData {
  const set = Object.create(null) as SessionData;
  for (const [key, value] of Object.entries(values)) {
    assertDataKey(key);
    set[key] = toJsonValue(key, value);
  }
  return set;
}

/** `data` with `set` over it, as a new null-prototype object (the record's own is left alone). */
export function withData(data: SessionData, set: SessionData): SessionData {
  return Object.assign(Object.create(null) as SessionData, data, set);
}
