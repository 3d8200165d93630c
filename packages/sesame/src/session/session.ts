/**
 * The session object an application uses. Reads are synchronous, from the record loaded for this
 * request. Writes are deltas that go straight to the store (docs/architecture.md §1.6), serialized per request
 * so that `await Promise.all([s.set('a', 1), s.set('b', 2)])` behaves.
 *
 * @module
 */
import { parseDuration, type Duration } from '../duration.js';
import type { ApplyPlan, RequestFacts } from '../http.js';
import type { JsonValue, SessionData, SessionRecord } from '../store.js';
import type { SessionContext } from './context.js';
import { assertDataKey, dataToSet, withData } from './data.js';
import type { EndedReason } from './ended-reason.js';
import { sessionHandle } from './handle.js';
import { listSessions, logoutEverywhere, logoutOthers, revokeSession } from './per-user.js';
import { rotateSession, signIn } from './sign-in.js';
import type { DeferredTouch } from './state.js';
import { SessionState } from './state.js';
import type { LoginOptions, RotateOptions } from './options.js';
import type { SessionInfo } from './user-sessions.js';
import { csrfTokenOf, endSession, setData, unsetData } from './write.js';

export type { LoginOptions, RotateOptions, SessionInfo };

/**
 * A request's session. Anonymous until {@link login}; stored only once something is written or
 * the user signs in (a form's CSRF token needs no stored session).
 *
 * @example
 * app.post('/login', async (req, res) => {
 *   const user = await users.verify(req.body.username, req.body.password);
 *   if (!user) return res.status(401).render('login', { error: 'Wrong username or password' });
 *   await req.session.login(user.id); // new token: the pre-login one is dead (fixation defence)
 *   res.redirect(303, '/account');
 * });
 */
export class Session<T extends SessionData = SessionData> {
  readonly #state: SessionState;
  /** The last write in flight, `null` before the first: most requests never write. */
  #queue: Promise<unknown> | null = null;

  /** @internal Sessions come from the adapters; applications never construct one. */
  constructor(
    context: SessionContext,
    facts: RequestFacts,
    apply: ApplyPlan,
    record: SessionRecord | null,
    ended: EndedReason | null,
    deferred: DeferredTouch | null = null,
  ) {
    this.#state = new SessionState(context, facts, apply, record, ended, deferred);
  }

  /** The signed-in user's id, or `null`. */
  get userId(): string | null {
    return this.#state.record?.userId ?? null;
  }

  /** Whether a user is signed in on this session (`userId !== null`). */
  get isAuthenticated(): boolean {
    return this.userId !== null;
  }

  /** Whether a stored session backs this request (false for a fresh visitor). */
  get isStored(): boolean {
    return this.#state.record !== null;
  }

  /**
   * Why the cookie this request carried did not give a session (for messages such as "you were
   * signed out after 30 minutes of inactivity"), or `null`. Unless it is `malformed`, writes
   * through this request throw `ERR_SESSION_GONE` until {@link login} (see {@link update}).
   */
  get endedReason(): EndedReason | null {
    return this.#state.ended;
  }

  /** When the user last proved who they are (sign-in or re-authentication), epoch ms. */
  get authenticatedAt(): number | null {
    return this.#state.record?.authenticatedMs ?? null;
  }

  /** When the stored session was created, epoch ms; `null` while not stored. */
  get createdAt(): number | null {
    return this.#state.record?.createdMs ?? null;
  }

  /** Keyed hash of the session id, as in events and {@link list}; `null` while not stored. */
  get handle(): string | null {
    const record = this.#state.record;
    return record ? sessionHandle(this.#state.context.secrets, record.id) : null;
  }

  /** @internal The record id, for the CSRF check. */
  get persistedId(): string | null {
    return this.#state.record?.id ?? null;
  }

  /**
   * For step-up checks: true when the user authenticated within `maxAge`.
   *
   * @example
   * if (!req.session.isFresh('5m')) return res.redirect(303, '/reauthenticate');
   */
  isFresh(maxAge: Duration): boolean {
    const maxAgeMs = parseDuration(maxAge);
    if (maxAgeMs === null)
      throw new TypeError(`isFresh: ${JSON.stringify(maxAge)} is not a duration like "5m"`);
    const at = this.authenticatedAt;
    return at !== null && this.#state.context.now() - at <= maxAgeMs;
  }

  /** A read-only view of the data. */
  get data(): Readonly<Partial<T>> {
    return (this.#state.record?.data ?? EMPTY) as Readonly<Partial<T>>;
  }

  /**
   * One key of the data, read synchronously from the record loaded for this request (no store
   * call); `undefined` when the key is not set.
   *
   * @example
   * const theme = req.session.get('theme') ?? 'light';
   */
  get<K extends keyof T & string>(key: K): T[K] | undefined {
    const data = this.#state.record?.data;
    return data !== undefined && Object.hasOwn(data, key) ? (data[key] as T[K]) : undefined;
  }

  /**
   * Set one key: one atomic store write of that key alone. Creates (stores) the session if there
   * is none yet; throws as {@link update} does.
   *
   * @example
   * await req.session.set('theme', 'dark');
   */
  set<K extends keyof T & string>(key: K, value: T[K]): Promise<void> {
    return this.update({ [key]: value } as unknown as Partial<T>);
  }

  /**
   * Set several top-level keys in one atomic store write; keys not named are left as they are in
   * the store, so a parallel request's change to another key is kept. Stores a new anonymous
   * session when there is none. Resolves once the store has the change.
   *
   * @param values - The keys to set and their new values (each must survive JSON).
   * @throws {@link SesameError} `ERR_SESSION_GONE` (adapters answer 401) when the session has
   * ended: meanwhile (another request signed out), or before this request began (its cookie named
   * a session that ended: {@link endedReason} is `idle`, `absolute` or `ended`). The write never
   * brings it back and never moves its data into a new session; a malformed cookie is no session,
   * so writes there create one. `ERR_SESSION_LIMITED` when `beforeAnonymousCreate` refuses a new
   * session. `ERR_SESSION_DATA_INVALID` for a key such as `__proto__` or a value JSON cannot hold.
   *
   * @example
   * await req.session.update({ cart: [...cart, itemId], lastItem: itemId });
   */
  update(values: Partial<T>): Promise<void> {
    const set = dataToSet(values);
    return this.#serial(() => setData(this.#state, set));
  }

  /**
   * Remove top-level keys in one atomic store write. A no-op on a session that is not stored;
   * throws `ERR_SESSION_GONE` as {@link update} does.
   *
   * @example
   * await req.session.unset('cart', 'lastItem');
   */
  unset(...keys: (keyof T & string)[]): Promise<void> {
    for (const key of keys) assertDataKey(key);
    return this.#serial(() => unsetData(this.#state, keys));
  }

  /**
   * Sign `userId` in: a new token replaces the current one in one store operation, so a token
   * planted before sign-in is worthless after it (session fixation, OWASP ASVS 5.0 V7.2.4; the
   * bug behind passport CVE-2022-25896). Starts a new absolute lifetime. `data` is stored with
   * the new session in that same operation.
   *
   * @example
   * await req.session.login(user.id, { data: { name: user.name, roles: user.roles } });
   */
  login(userId: string, options: LoginOptions<T> = {}): Promise<void> {
    if (typeof userId !== 'string' || userId.length === 0)
      throw new TypeError('login: userId must be a non-empty string');
    const set = dataToSet(options.data ?? {});
    const keepData = options.keepData !== false;
    return this.#serial(() => signIn(this.#state, userId, set, keepData, options.remember === true));
  }

  /**
   * The user proved who they are again (password re-entry, second factor): new token, fresh
   * `authenticatedAt`, same absolute lifetime. `data` is set in the same store operation.
   */
  reauthenticate(options: RotateOptions<T> = {}): Promise<void> {
    const set = dataToSet(options.data ?? {});
    return this.#serial(() =>
      rotateSession(this.#state, (record, nowMs) => ({
        ...record,
        data: withData(record.data, set),
        authenticatedMs: nowMs,
      })),
    );
  }

  /**
   * New token, same session: call on every privilege change (role granted or removed). `data`
   * (the new roles, say) is set in the same store operation.
   */
  rotate(options: RotateOptions<T> = {}): Promise<void> {
    const set = dataToSet(options.data ?? {});
    return this.#serial(() =>
      rotateSession(this.#state, (record) => ({ ...record, data: withData(record.data, set) })),
    );
  }

  /**
   * End this session: delete it server-side and expire the cookie (docs/architecture.md §1.5 in
   * the repository). Safe to call on a session that is not stored.
   */
  logout(): Promise<void> {
    return this.#serial(() => endSession(this.#state));
  }

  /**
   * End every other session of this user, on every instance that shares the store; this one
   * stays signed in. Call it after a password change.
   *
   * @returns How many sessions were ended.
   * @throws {@link SesameError} `ERR_SESSION_ANONYMOUS` when nobody is signed in.
   *
   * @example
   * const ended = await req.session.logoutOthers();
   * res.render('sessions', { message: `Signed out ${ended} other sessions.` });
   */
  logoutOthers(): Promise<number> {
    return this.#serial(() => logoutOthers(this.#state));
  }

  /**
   * End every session of this user, this one included, and expire this request's cookie.
   *
   * @returns How many sessions were ended, this one included.
   * @throws {@link SesameError} `ERR_SESSION_ANONYMOUS` when nobody is signed in.
   */
  logoutEverywhere(): Promise<number> {
    return this.#serial(() => logoutEverywhere(this.#state));
  }

  /**
   * This user's live sessions, most recently active first, for a "your sessions" page. Each
   * carries a {@link SessionInfo.handle} to pass to {@link revoke}; none carries an id or token.
   *
   * @throws {@link SesameError} `ERR_SESSION_ANONYMOUS` when nobody is signed in.
   */
  list(): Promise<SessionInfo[]> {
    return listSessions(this.#state);
  }

  /**
   * End one of this user's sessions by its {@link SessionInfo.handle}. Ending the current one
   * also expires this request's cookie.
   *
   * @returns `false` when no session of this user has that handle (so one user can never end
   * another's session).
   * @throws {@link SesameError} `ERR_SESSION_ANONYMOUS` when nobody is signed in.
   */
  revoke(handle: string): Promise<boolean> {
    return this.#serial(() => revokeSession(this.#state, handle));
  }

  /**
   * The synchronizer CSRF token for forms (`_csrf`) and scripts (`x-csrf-token`), checked only
   * when a request carries neither Fetch Metadata nor Origin. Bound to the stored session; with
   * none, it is bound to a nonce in a short-lived cookie of its own (`__Host-sid-csrf`) and
   * nothing is stored (issue 10). That token still verifies on the sign-in it protects; once a
   * session is stored, only the session's token counts and the nonce cookie is cleared.
   *
   * @example
   * app.get('/login', async (req, res) => {
   *   const csrf = await req.session.csrfToken();
   *   res.send(`<form method="post"><input type="hidden" name="_csrf" value="${csrf}">…</form>`);
   * });
   */
  csrfToken(): Promise<string> {
    return this.#serial(() => Promise.resolve(csrfTokenOf(this.#state)));
  }

  #serial<R>(work: () => Promise<R>): Promise<R> {
    const next = this.#queue === null ? work() : this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

const EMPTY: Readonly<SessionData> = Object.freeze(Object.create(null) as SessionData);

export type { JsonValue };
