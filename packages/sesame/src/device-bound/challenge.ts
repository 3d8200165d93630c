/**
 * Challenges and the binding they live in. A challenge is 32 bytes from the CSPRNG, kept in the
 * session record (so every instance that shares the store sees it), answered at most once: a
 * used one is replaced in the same write that records the proof, and one past
 * `challengeExpiresMs` is refused (W3C DBSC draft, "Server considerations").
 *
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DeviceBinding } from '../store.js';

/** A new challenge: 32 random bytes, base64url (43 characters, all legal in an sf-string). */
export function newChallenge(): string {
  return randomBytes(32).toString('base64url');
}

/** The registration offered at sign-in: a fresh DBSC session id and challenge, no key yet. */
export function offerBinding(nowMs: number, challengeLifetimeMs: number): DeviceBinding {
  return {
    sessionId: randomBytes(16).toString('base64url'),
    jwk: null,
    challenge: newChallenge(),
    challengeExpiresMs: nowMs + challengeLifetimeMs,
    boundMs: null,
  };
}

/** The same binding with its challenge replaced by a fresh one. */
export function withNewChallenge(
  binding: DeviceBinding,
  nowMs: number,
  challengeLifetimeMs: number,
): DeviceBinding {
  return { ...binding, challenge: newChallenge(), challengeExpiresMs: nowMs + challengeLifetimeMs };
}

/** Whether `presented` (a proof's `jti`) is the binding's live challenge; compared in constant time. */
export function challengeMatches(binding: DeviceBinding, presented: unknown, nowMs: number): boolean {
  if (typeof presented !== 'string' || binding.challengeExpiresMs <= nowMs) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(binding.challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether the session is device-bound: a key has been registered. */
export function isBound(
  binding: DeviceBinding | null | undefined,
): binding is DeviceBinding & { jwk: object } {
  return binding !== null && binding !== undefined && binding.jwk !== null;
}
