/**
 * Password hashing: argon2id with the OWASP Password Storage Cheat Sheet parameters (19 MiB,
 * 2 passes, 1 lane), rehash on sign-in when those parameters change, and verification of legacy
 * bcrypt hashes so users of the bcrypt tutorial app move over without a reset (ASVS 5.0 V6.2).
 *
 * @module
 */
import { hash, parseOptions, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

/** The current policy; hashes made with other parameters are upgraded at the next sign-in. */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** What a verification found. */
export interface PasswordCheck {
  ok: boolean;
  /** The password was right but the stored hash is bcrypt or uses old parameters: store a new one. */
  rehash: boolean;
}

const BCRYPT_PREFIX = /^\$2[aby]\$\d{2}\$/;
const ARGON2ID_PREFIX = '$argon2id$';

/**
 * NIST SP 800-63B-4 §3.1.1.2: normalize Unicode before hashing so the same password typed on
 * another keyboard or OS still matches.
 */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Hash a new password with argon2id under {@link ARGON2_PARAMETERS}.
 *
 * @example
 * const stored = await hashPassword('a long passphrase of mine');
 */
export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_PARAMETERS);
}

function hasCurrentParameters(stored: string): boolean {
  if (!stored.startsWith(ARGON2ID_PREFIX)) return false;
  const used = parseOptions(stored);
  return (
    used.memoryCost === ARGON2_PARAMETERS.memoryCost &&
    used.timeCost === ARGON2_PARAMETERS.timeCost &&
    used.parallelism === ARGON2_PARAMETERS.parallelism
  );
}

/**
 * Check `password` against a stored argon2 or bcrypt hash. Never throws for a corrupt hash: that
 * is a failed check, logged by the caller's error path only if it is a bug.
 *
 * @example
 * const { ok, rehash } = await verifyPassword(user.passwordHash, typed);
 * if (ok && rehash) users.setPasswordHash(user.id, await hashPassword(typed), null);
 */
export async function verifyPassword(stored: string, password: string): Promise<PasswordCheck> {
  try {
    if (BCRYPT_PREFIX.test(stored)) {
      // The legacy app hashed the password as typed, so it is checked as typed.
      return { ok: await bcrypt.compare(password, stored), rehash: true };
    }
    if (stored.startsWith('$argon2')) {
      const ok = await verify(stored, normalize(password));
      return { ok, rehash: ok && !hasCurrentParameters(stored) };
    }
  } catch {
    // A malformed stored hash: a failed sign-in, never a 500 that tells the attacker something.
  }
  return { ok: false, rehash: false };
}

let dummyHash: Promise<string> | undefined;

/**
 * Spend the same time as a real check when the username is unknown, so response time does not
 * tell which usernames exist (OWASP Authentication Cheat Sheet, "Authentication Responses").
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hash('sesame-demo dummy password', ARGON2_PARAMETERS);
  await verify(await dummyHash, normalize(password));
}
