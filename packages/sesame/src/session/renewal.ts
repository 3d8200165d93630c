/**
 * Periodic renewal (docs/architecture.md §1.13): which of a record's secrets a token presents,
 * when a new one is due, and the renewal itself, a compare-and-swap that keeps the session id.
 * The token a renewal replaced keeps working for the grace only; shown after it, it is reuse
 * (RFC 9700 §4.14.2): the session is ended, since one of its two holders is not the user.
 *
 * @module
 */
import type { ResolvedRenewal } from '../config/renewal.js';
import type { SessionRecord, SessionStore } from '../store.js';
import type { IssuedToken } from '../token/generate.js';
import { generateToken } from '../token/generate.js';
import { hashMatches, presentedHash } from '../token/verify.js';

/**
 * How a presented secret relates to a record: its current secret, the one its last renewal
 * replaced while that is within its grace, the same one after the grace (`reused`), or neither.
 */
export type SecretVerdict = 'current' | 'previous' | 'reused' | 'none';

/** The secret hashes of a record that {@link secretVerdict} judges a token by. */
export type RecordSecrets = Pick<
  SessionRecord,
  'secretHash' | 'previousSecretHash' | 'previousSecretExpiresMs'
>;

/**
 * Judge `secret` against `record`'s secrets in constant time: two comparisons always run (the
 * second on the current hash again when there is no previous one), so an unknown id (judged
 * against a stand-in), a wrong secret and a renewed session cost the same (issue 10).
 */
export function secretVerdict(secret: string, record: RecordSecrets, nowMs: number): SecretVerdict {
  const presented = presentedHash(secret);
  const current = hashMatches(presented, record.secretHash);
  const previous = hashMatches(presented, record.previousSecretHash ?? record.secretHash);
  if (current) return 'current';
  if (!previous) return 'none';
  return nowMs < (record.previousSecretExpiresMs ?? 0) ? 'previous' : 'reused';
}

/**
 * Whether the request renews its token: it showed the current secret (one that was renewed away
 * cannot know the new one) and the token is at least `renewal.afterMs` old.
 */
export function isRenewalDue(
  verdict: SecretVerdict,
  record: Pick<SessionRecord, 'rotatedMs'>,
  nowMs: number,
  renewal: ResolvedRenewal | null,
): renewal is ResolvedRenewal {
  return renewal !== null && verdict === 'current' && nowMs - record.rotatedMs >= renewal.afterMs;
}

/** What {@link renewToken} needs: a store call, bounded and typed as every other (§1.8). */
export type RenewStoreCall = (run: (store: SessionStore) => Promise<boolean>) => Promise<boolean>;

/**
 * Renew `record`'s token in the store: the new token, with `record` changed to match, or `null`
 * when another request or instance renewed it first (the compare-and-swap failed). The old
 * secret stays valid until `graceMs` from now, never past the session's absolute expiry, which
 * renewal never moves. Rejects when the store does.
 */
export async function renewToken(
  record: SessionRecord,
  nowMs: number,
  renewal: ResolvedRenewal,
  call: RenewStoreCall,
): Promise<IssuedToken | null> {
  const token = generateToken();
  const previousSecretExpiresMs = Math.min(nowMs + renewal.graceMs, record.absoluteExpiresMs);
  const swapped = await call((store) =>
    store.renewSecret(record.id, {
      expectedSecretHash: record.secretHash,
      secretHash: token.secretHash,
      previousSecretExpiresMs,
      rotatedMs: nowMs,
    }),
  );
  if (!swapped) return null;
  record.previousSecretHash = record.secretHash;
  record.previousSecretExpiresMs = previousSecretExpiresMs;
  record.secretHash = token.secretHash;
  record.rotatedMs = nowMs;
  return { ...token, id: record.id, value: `${record.id}.${token.secret}` };
}
