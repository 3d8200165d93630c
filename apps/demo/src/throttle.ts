/**
 * Sign-in throttling per account and per client with rate-limiter-flexible on the users database,
 * so limits hold across restarts (ASVS 5.0 V6.3.1; NIST SP 800-63B-4 §3.2.2 allows at most 100
 * consecutive failures per account). A successful sign-in clears the account's count and refunds
 * the client's point, so in effect only failures count and a user who mistypes is never slowed. Unknown usernames are throttled like
 * real ones: the limiter must not tell which accounts exist.
 *
 * @module
 */
import type Database from 'better-sqlite3';
import { RateLimiterSQLite, type RateLimiterRes } from 'rate-limiter-flexible';

/** Limits; tests lower them. */
export interface ThrottleLimits {
  /** Failed sign-ins per account per window. Default 10 per 15 minutes. */
  accountFailures: number;
  accountWindowSeconds: number;
  /** Failed sign-ins per client (IP or IPv6 /64) per window. Default 100 per hour. */
  clientFailures: number;
  clientWindowSeconds: number;
  /** Registrations per client per window (each costs an argon2 hash). Default 20 per hour. */
  registrations: number;
  registrationWindowSeconds: number;
  /** Anonymous sessions one client may make the app store per window. Default 50 per 15 minutes. */
  anonymousSessions: number;
  anonymousSessionWindowSeconds: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  accountFailures: 10,
  accountWindowSeconds: 15 * 60,
  clientFailures: 100,
  clientWindowSeconds: 3600,
  registrations: 20,
  registrationWindowSeconds: 3600,
  anonymousSessions: 50,
  anonymousSessionWindowSeconds: 15 * 60,
};

/** `null`: go on. Otherwise, how long the client must wait. */
export type ThrottleVerdict = { retryAfterMs: number } | null;

export interface LoginThrottle {
  /**
   * Count a sign-in attempt for `username` from `client` before checking the password, and say
   * whether it may go on. Counting first (not after a failure) keeps parallel guesses from
   * slipping past the limit while the hashes run.
   */
  attempt(username: string, client: string): Promise<ThrottleVerdict>;
  /** The password was right: clear the account's count and give the client its point back. */
  succeeded(username: string, client: string): Promise<void>;
  /** Count one registration attempt; refuses past the limit. */
  registration(client: string): Promise<ThrottleVerdict>;
  /** Count one anonymous session about to be stored (issue 10); refuses past the limit. */
  anonymousSession(client: string): Promise<ThrottleVerdict>;
  close(): void;
}

function limiter(db: Database.Database, prefix: string, points: number, duration: number) {
  return new Promise<RateLimiterSQLite>((resolve, reject) => {
    const created: RateLimiterSQLite = new RateLimiterSQLite(
      {
        storeClient: db,
        storeType: 'better-sqlite3',
        tableName: 'throttle',
        keyPrefix: prefix,
        points,
        duration,
      },
      (error?: Error) => (error ? reject(error) : resolve(created)),
    );
  });
}

function over(res: RateLimiterRes, points: number): number | null {
  return res.consumedPoints > points ? Math.max(res.msBeforeNext, 1000) : null;
}

/** Consume a point; going past the limit is expected here and is not an error. */
async function consume(rl: RateLimiterSQLite, key: string): Promise<RateLimiterRes> {
  try {
    return await rl.consume(key);
  } catch (result) {
    if (result instanceof Error) throw result;
    return result as RateLimiterRes;
  }
}

/**
 * @example
 * const throttle = await loginThrottle(db);
 * const wait = await throttle.attempt(username, clientKey(req.ip));
 * if (wait) return tooManyAttempts(res, wait.retryAfterMs);
 */
export async function loginThrottle(
  db: Database.Database,
  limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
): Promise<LoginThrottle> {
  const [account, client, register, anonymous] = await Promise.all([
    limiter(db, 'account', limits.accountFailures, limits.accountWindowSeconds),
    limiter(db, 'client', limits.clientFailures, limits.clientWindowSeconds),
    limiter(db, 'register', limits.registrations, limits.registrationWindowSeconds),
    limiter(db, 'anonymous', limits.anonymousSessions, limits.anonymousSessionWindowSeconds),
  ]);
  // Our own sweep instead of the library's timer, so close() can stop it before the db closes.
  const deleteExpired = db.prepare('DELETE FROM throttle WHERE expire < ?');
  const sweep = setInterval(() => deleteExpired.run(Date.now()), 10 * 60_000);
  sweep.unref();
  return {
    async attempt(username, clientId) {
      const [byAccount, byClient] = await Promise.all([
        consume(account, username),
        consume(client, clientId),
      ]);
      const waits = [over(byAccount, limits.accountFailures), over(byClient, limits.clientFailures)].filter(
        (ms) => ms !== null,
      );
      return waits.length === 0 ? null : { retryAfterMs: Math.max(...waits) };
    },
    async succeeded(username, clientId) {
      await Promise.all([account.delete(username), client.reward(clientId, 1)]);
    },
    async registration(clientId) {
      const wait = over(await consume(register, clientId), limits.registrations);
      return wait === null ? null : { retryAfterMs: wait };
    },
    async anonymousSession(clientId) {
      const wait = over(await consume(anonymous, clientId), limits.anonymousSessions);
      return wait === null ? null : { retryAfterMs: wait };
    },
    close() {
      clearInterval(sweep);
    },
  };
}
