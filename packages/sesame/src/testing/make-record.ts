/**
 * Record factory for store tests.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord } from '../store.js';

const IDLE_MS = 30 * 60_000;
const ABSOLUTE_MS = 12 * 3_600_000;

/**
 * A valid {@link SessionRecord} with a fresh random id and the hash of a fresh random secret, idle
 * expiry 30 minutes and absolute expiry 12 hours after `nowMs`; `overrides` replace any field.
 * The secret itself is thrown away, exactly as the engine hands records to a store (docs/architecture.md §1.1).
 *
 * @example
 * const record = makeRecord({ userId: 'alice', data: { cart: [1, 2] } }, clock.now());
 * await store.create(record);
 */
export function makeRecord(
  overrides: Partial<SessionRecord> = {},
  nowMs: number = Date.now(),
): SessionRecord {
  return {
    id: randomBytes(16).toString('base64url'),
    secretHash: createHash('sha256').update(randomBytes(32)).digest('base64url'),
    userId: null,
    data: {},
    createdMs: nowMs,
    lastSeenMs: nowMs,
    idleExpiresMs: nowMs + IDLE_MS,
    absoluteExpiresMs: nowMs + ABSOLUTE_MS,
    authenticatedMs: null,
    rotatedMs: nowMs,
    persistent: false,
    meta: { ip: null, userAgent: null },
    deviceBinding: null,
    previousSecretHash: null,
    previousSecretExpiresMs: null,
    ...overrides,
  };
}
