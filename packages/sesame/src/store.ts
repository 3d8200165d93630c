/**
 * The contract every session store fulfils (docs/architecture.md §4 in the repository). Types
 * only: stores live under `stores/`, each importing only its own client, and all of them pass the
 * suite in `sesame-session/testing`.
 *
 * All times are epoch milliseconds. A store never sees a token or a secret: it keeps the record
 * id and SHA-256 of the secret, and treats `data` as an opaque JSON object.
 *
 * @module
 */

/** A JSON value as stored in session data. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Session data: a JSON object whose top-level keys are the unit of change. */
export type SessionData = { [key: string]: JsonValue };

/** Who the session belongs to, as seen when it was created or last touched. */
export interface SessionMeta {
  /** Client address. */
  ip: string | null;
  /** `User-Agent` header. */
  userAgent: string | null;
}

/** One session as a store keeps it. */
export interface SessionRecord {
  /** 16 random bytes, base64url: the public half of the token, the store key. */
  id: string;
  /** base64url SHA-256 of the token's secret half. */
  secretHash: string;
  /** The signed-in user, or `null` for an anonymous session. */
  userId: string | null;
  /** The application's data: a JSON object the store keeps as it is. */
  data: SessionData;
  /** When the record was created (by sign-in or first write); a rotation keeps it. */
  createdMs: number;
  /** Last recorded activity. */
  lastSeenMs: number;
  /** Never later than `absoluteExpiresMs`. */
  idleExpiresMs: number;
  /** End of the session's lifetime, fixed at sign-in (or first write), never extended. */
  absoluteExpiresMs: number;
  /** Last sign-in or re-authentication; `null` while anonymous. */
  authenticatedMs: number | null;
  /** When the current token was issued: by sign-in, rotation or renewal (the renewal clock). */
  rotatedMs: number;
  /** A "remember me" sign-in: the cookie carries Max-Age up to the absolute expiry. */
  persistent: boolean;
  /** Client address and user agent, for the user's list of sessions. */
  meta: SessionMeta;
  /**
   * Device Bound Session Credentials (docs/device-bound-sessions.md in the repository): the
   * registration offered at sign-in, or the browser's registered public key. Absent or `null` for
   * a session that is not bound, which is every session unless the `deviceBound` option is on.
   * A store keeps it as it keeps `data`: a JSON value it does not interpret.
   */
  deviceBinding?: DeviceBinding | null;
  /**
   * Periodic renewal (docs/architecture.md §1.13 in the repository): the hash of the secret the
   * last renewal replaced, still accepted until `previousSecretExpiresMs`. Absent or `null` for a
   * session never renewed; sign-in and rotation start a record without one.
   */
  previousSecretHash?: string | null;
  /** When `previousSecretHash` stops being accepted, epoch ms; absent or `null` with it. */
  previousSecretExpiresMs?: number | null;
}

/**
 * A renewal's compare-and-swap ({@link SessionStore.renewSecret}): the secret hash the caller saw,
 * and what replaces it.
 */
export interface SecretRenewal {
  /** The current `secretHash` as the caller read it; the swap happens only while it still is. */
  expectedSecretHash: string;
  /** The new token's secret hash. */
  secretHash: string;
  /** Until when `expectedSecretHash` is still accepted as `previousSecretHash`, epoch ms. */
  previousSecretExpiresMs: number;
  /** When the new token was issued: the record's new `rotatedMs`. */
  rotatedMs: number;
}

/** Options of {@link SessionStore.get}. */
export interface GetOptions {
  /**
   * For a store that keeps a per-instance read cache: serve a cached copy only when this returns
   * true, and otherwise read the record again from the server (a token renewed on another
   * instance a moment ago, whose change has not reached this cache yet). It judges the secret
   * hashes only, and may be given the copy without its data. A store without a cache ignores it:
   * its answer is the server's already.
   */
  revalidate?: (cached: SessionRecord) => boolean;
}

/**
 * The Device Bound Session Credentials state of one session. It lives with the record, so ending
 * or replacing the record (logout, revoke, rotation) ends the binding too, on every instance.
 */
export interface DeviceBinding {
  /** The DBSC session identifier the browser sends back in `Sec-Secure-Session-Id`: random, never the record id. */
  sessionId: string;
  /** The browser's public key as a JWK (`EC` P-256 or `RSA`); `null` while registration is only offered. */
  jwk: { [key: string]: JsonValue } | null;
  /** The challenge the next proof must sign; single use, so a used one is replaced at once. */
  challenge: string;
  /** When `challenge` stops being accepted, epoch ms. */
  challengeExpiresMs: number;
  /** When the key was registered, epoch ms; `null` while registration is only offered. */
  boundMs: number | null;
}

/**
 * A change to one session: top-level keys set or removed, and optionally new request metadata.
 * Stores apply it atomically so that parallel requests changing different keys both persist
 * (docs/architecture.md §1.6 in the repository). A key in both `set` and `unset` is a caller bug;
 * `set` wins.
 */
export interface SessionDelta {
  /** Top-level keys to write, each replacing the stored value. */
  set?: SessionData;
  /** Top-level keys to remove. */
  unset?: readonly string[];
  /** New request metadata to record. */
  meta?: Partial<SessionMeta>;
  /** Replace the record's device binding (`null` removes it); absent leaves it as it is. */
  deviceBinding?: DeviceBinding | null;
  /**
   * Record activity in the same atomic step, exactly as {@link SessionStore.touch} does with
   * these arguments: set `lastSeenMs`, and the idle expiry to `idleExpiresMs` capped at the
   * record's `absoluteExpiresMs`. The engine sends a due touch with the request's first data
   * write, so a request that writes costs one store write, not two. A store that ignores it keeps
   * no session alive through writes (the contract suite checks it).
   */
  touch?: SessionTouch;
}

/** The activity a touch records ({@link SessionDelta.touch}). */
export interface SessionTouch {
  /** The new `lastSeenMs`. */
  lastSeenMs: number;
  /** The new idle expiry; the store caps it at the record's `absoluteExpiresMs`. */
  idleExpiresMs: number;
}

/** Options for {@link SessionStore.deleteByUser}. */
export interface DeleteByUserOptions {
  /** Keep this session (the caller's own, for "sign out other sessions"). */
  exceptId?: string;
}

/**
 * What a write that adds a session ({@link SessionStore.create}, {@link SessionStore.replace})
 * reports, so that signing in costs one round trip: the engine lists the user's sessions to
 * enforce `maxSessionsPerUser` only when this count is over it (issue 5).
 *
 * @example
 * // A custom store: the count comes back with the write, never from a second round trip.
 * async create(record: SessionRecord): Promise<CreateResult> {
 *   const held = await this.db.insertAndCountLive(record); // one statement or transaction
 *   return { userSessions: record.userId === null ? 0 : held };
 * }
 */
export interface CreateResult {
  /**
   * How many sessions the record's user holds once the write is done, this one included; 0 for an
   * anonymous record. It may count sessions that have expired but are still indexed (not yet
   * swept): an over-count only costs the engine one `listByUser`, which returns live ones only. It
   * must never count fewer than the live ones, writes running at the same time aside: an
   * under-count would let a user keep more sessions than `maxSessionsPerUser`.
   */
  userSessions: number;
}

/**
 * A session store. Every method is async; a store that cannot reach its server rejects (the
 * engine turns that into `ERR_STORE_UNAVAILABLE`, and adapters into a 503).
 *
 * Invariant for every store, even where two keys cannot change atomically (Redis Cluster): a
 * session that exists is always listed in its user's index, so `deleteByUser` never misses one.
 * That means index first on create, index last on delete; stale index entries are dropped lazily.
 */
export interface SessionStore {
  /**
   * Insert the record and, when it has a user, add it to that user's index; report how many
   * sessions that user now holds, in the same round trip (docs/architecture.md §1.7 in the
   * repository).
   */
  create(record: SessionRecord): Promise<CreateResult>;
  /** The record, or `null` when it does not exist or has expired (idle or absolute). */
  get(id: string, options?: GetOptions): Promise<SessionRecord | null>;
  /**
   * Apply `delta` atomically. Returns `false`, and creates nothing, when the record no longer
   * exists: a write can never bring back a session that was destroyed meanwhile.
   */
  applyDelta(id: string, delta: SessionDelta): Promise<boolean>;
  /**
   * Record activity: set `lastSeenMs` and extend the idle expiry to `idleExpiresMs`, capped at the
   * record's `absoluteExpiresMs`. Returns `false` when the record no longer exists.
   */
  touch(id: string, lastSeenMs: number, idleExpiresMs: number): Promise<boolean>;
  /**
   * Rotation (login, re-authentication, privilege change): delete `oldId` and create `record`,
   * atomically where the store can, and report as {@link create} does (the old session no longer
   * counts). Returns `null`, and creates nothing, when `oldId` no longer exists, so a rotation
   * racing a revocation cannot revive the session under a new id.
   */
  replace(oldId: string, record: SessionRecord): Promise<CreateResult | null>;
  /**
   * Periodic renewal (docs/architecture.md §1.13 in the repository), a compare-and-swap: when the
   * record exists, has not expired and its `secretHash` is still `expectedSecretHash`, set
   * `secretHash`, `previousSecretHash` (to the expected one), `previousSecretExpiresMs` and
   * `rotatedMs` in one atomic step and resolve `true`; otherwise change nothing and resolve
   * `false`. It never changes the id, user, data, creation time, expiries or the user's index, so
   * of parallel renewals of one session exactly one wins.
   */
  renewSecret(id: string, renewal: SecretRenewal): Promise<boolean>;
  /** Delete one session (and its index entry). Deleting a missing id is not an error. */
  delete(id: string): Promise<void>;
  /** The live (unexpired) sessions of a user, in no particular order. */
  listByUser(userId: string): Promise<SessionRecord[]>;
  /** Delete every session of a user, but `exceptId`. Returns how many were deleted. */
  deleteByUser(userId: string, options?: DeleteByUserOptions): Promise<number>;
  /** Remove records whose idle or absolute expiry is at or before `nowMs`. Returns the count. */
  deleteExpired(nowMs: number): Promise<number>;
  /** Release connections the store opened itself (not a client the caller passed in). */
  close(): Promise<void>;
}
