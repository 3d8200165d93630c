/**
 * The session object an application uses. Reads are synchronous, from the record loaded for this
 * request. Writes are deltas that go straight to the store (docs/architecture.md §1.6), serialized per request
 * so that `await Promise.all([s.set('a', 1), s.set('b', 2)])` behaves.
 *
 * @module
 */
import { csrfTokenFor } from '../csrf/token.js';
import { parseDuration, type Duration } from '../duration.js';
import { SesameError } from '../errors.js';
import type { JsonValue, SessionData, SessionRecord } from '../store.js';
import type { IssuedToken } from '../token/generate.js';
import { generateToken } from '../token/generate.js';
import { assertDataKey, cloneData, toJsonValue } from './data.js';
import type { Engine } from './engine.js';
import type { EndedReason } from './ended-reason.js';
import { endedBeforeRequest, endedMeanwhile, refusesWrites } from './ended-reason.js';
import type { ApplyPlan, RequestFacts } from './facts.js';
import { sessionHandle } from './handle.js';
import type { SessionInfo } from './user-sessions.js';
import { assertAnonymousCreateAllowed, enforceSessionLimit } from './session-limits.js';
import { describeSessions, findByHandle } from './user-sessions.js';

export type { SessionInfo };

/** Options of {@link Session.login}. */
export interface LoginOptions {
  /** "Remember me": the cookie outlives the browser, up to the absolute lifetime. Default false. */
  remember?: boolean;
  /** Carry the anonymous session's data into the signed-in one. Default true. */
  keepData?: boolean;
}

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
  readonly #engine: Engine;
  readonly #facts: RequestFacts;
  readonly #apply: ApplyPlan;
  #record: SessionRecord | null;
  #ended: EndedReason | null;
  /** The last write in flight, `null` before the first: most requests never write. */
  #queue: Promise<unknown> | null = null;
  /** The anonymous CSRF nonce this request issued a token for, if any. */
  #nonce: string | null = null;

  /** @internal Sessions come from the adapters; applications never construct one. */
  constructor(
    engine: Engine,
    facts: RequestFacts,
    apply: ApplyPlan,
    record: SessionRecord | null,
    ended: EndedReason | null,
  ) {
    this.#engine = engine;
    this.#facts = facts;
    this.#apply = apply;
    this.#record = record;
    this.#ended = ended;
  }

  /** The signed-in user's id, or `null`. */
  get userId(): string | null {
    return this.#record?.userId ?? null;
  }

  /** Whether a user is signed in on this session (`userId !== null`). */
  get isAuthenticated(): boolean {
    return this.userId !== null;
  }

  /** Whether a stored session backs this request (false for a fresh visitor). */
  get isStored(): boolean {
    return this.#record !== null;
  }

  /**
   * Why the cookie this request carried did not give a session (for messages such as "you were
   * signed out after 30 minutes of inactivity"), or `null`. Unless it is `malformed`, writes
   * through this request throw `ERR_SESSION_GONE` until {@link login} (see {@link update}).
   */
  get endedReason(): EndedReason | null {
    return this.#ended;
  }

  /** When the user last proved who they are (sign-in or re-authentication), epoch ms. */
  get authenticatedAt(): number | null {
    return this.#record?.authenticatedMs ?? null;
  }

  /** When the stored session was created, epoch ms; `null` while not stored. */
  get createdAt(): number | null {
    return this.#record?.createdMs ?? null;
  }

  /** Keyed hash of the session id, as in events and {@link list}; `null` while not stored. */
  get handle(): string | null {
    return this.#record ? sessionHandle(this.#engine.config.secrets, this.#record.id) : null;
  }

  /** @internal The record id, for the CSRF check. */
  get persistedId(): string | null {
    return this.#record?.id ?? null;
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
    return at !== null && this.#engine.config.clock.now() - at <= maxAgeMs;
  }

  /** A read-only view of the data. */
  get data(): Readonly<Partial<T>> {
    return (this.#record?.data ?? EMPTY) as Readonly<Partial<T>>;
  }

  /**
   * One key of the data, read synchronously from the record loaded for this request (no store
   * call); `undefined` when the key is not set.
   *
   * @example
   * const theme = req.session.get('theme') ?? 'light';
   */
  get<K extends keyof T & string>(key: K): T[K] | undefined {
    const data = this.#record?.data;
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
    const set = Object.create(null) as SessionData;
    for (const [key, value] of Object.entries(values)) {
      assertDataKey(key);
      set[key] = toJsonValue(key, value);
    }
    return this.#serial(async () => {
      const record = this.#record;
      if (record === null) {
        if (refusesWrites(this.#ended)) throw endedBeforeRequest(this.#ended);
        await this.#create(null, set, false);
        return;
      }
      const applied = await this.#engine.store('applyDelta', (store) => store.applyDelta(record.id, { set }));
      if (!applied) return this.#gone(record);
      Object.assign(record.data, set);
    });
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
    return this.#serial(async () => {
      const record = this.#record;
      if (record === null && refusesWrites(this.#ended)) throw endedBeforeRequest(this.#ended);
      if (record === null || keys.length === 0) return;
      const applied = await this.#engine.store('applyDelta', (store) =>
        store.applyDelta(record.id, { unset: keys }),
      );
      if (!applied) return this.#gone(record);
      for (const key of keys) delete record.data[key];
    });
  }

  /**
   * Sign `userId` in: a new token replaces the current one in one store operation, so a token
   * planted before sign-in is worthless after it (session fixation, OWASP ASVS 5.0 V7.2.4; the
   * bug behind passport CVE-2022-25896). Starts a new absolute lifetime.
   */
  login(userId: string, options: LoginOptions = {}): Promise<void> {
    if (typeof userId !== 'string' || userId.length === 0)
      throw new TypeError('login: userId must be a non-empty string');
    return this.#serial(async () => {
      const engine = this.#engine;
      const old = this.#record;
      const nowMs = engine.config.clock.now();
      const data =
        options.keepData === false || old === null
          ? (Object.create(null) as SessionData)
          : cloneData(old.data);
      const token = generateToken();
      const record = engine.newRecord(token, nowMs, userId, data, this.#facts, options.remember === true);
      const replaced =
        old === null ? null : await engine.store('replace', (store) => store.replace(old.id, record));
      // The old session may have been ended meanwhile; sign-in is a fresh proof, so it still
      // creates the new one (without reviving the old id).
      const written = replaced ?? (await engine.store('create', (store) => store.create(record)));
      this.#adopt(token, record);
      engine.emit('login', record.id, userId, this.#facts);
      await enforceSessionLimit(engine, this.#facts, userId, record.id, written.userSessions);
    });
  }

  /**
   * The user proved who they are again (password re-entry, second factor): new token, fresh
   * `authenticatedAt`, same absolute lifetime.
   */
  reauthenticate(): Promise<void> {
    return this.#rotate((record, nowMs) => ({ ...record, authenticatedMs: nowMs }));
  }

  /** New token, same session: call on every privilege change (role granted or removed). */
  rotate(): Promise<void> {
    return this.#rotate((record) => record);
  }

  /**
   * End this session: delete it server-side and expire the cookie (docs/architecture.md §1.5 in
   * the repository). Safe to call on a session that is not stored.
   */
  logout(): Promise<void> {
    return this.#serial(async () => {
      const record = this.#record;
      if (record !== null) {
        await this.#engine.store('delete', (store) => store.delete(record.id));
        this.#engine.emit('logout', record.id, record.userId, this.#facts);
      }
      this.#clear();
    });
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
    return this.#serial(async () => {
      const record = this.#signedIn('logoutOthers');
      const userId = record.userId as string;
      const count = await this.#engine.store('deleteByUser', (store) =>
        store.deleteByUser(userId, { exceptId: record.id }),
      );
      this.#engine.emit('revoked', record.id, userId, this.#facts, `others:${count}`);
      return count;
    });
  }

  /**
   * End every session of this user, this one included, and expire this request's cookie.
   *
   * @returns How many sessions were ended, this one included.
   * @throws {@link SesameError} `ERR_SESSION_ANONYMOUS` when nobody is signed in.
   */
  logoutEverywhere(): Promise<number> {
    return this.#serial(async () => {
      const record = this.#signedIn('logoutEverywhere');
      const userId = record.userId as string;
      const count = await this.#engine.store('deleteByUser', (store) => store.deleteByUser(userId));
      this.#engine.emit('logout', record.id, userId, this.#facts, `everywhere:${count}`);
      this.#clear();
      return count;
    });
  }

  /**
   * This user's live sessions, most recently active first, for a "your sessions" page. Each
   * carries a {@link SessionInfo.handle} to pass to {@link revoke}; none carries an id or token.
   *
   * @throws {@link SesameError} `ERR_SESSION_ANONYMOUS` when nobody is signed in.
   */
  async list(): Promise<SessionInfo[]> {
    const record = this.#signedIn('list');
    const records = await this.#engine.store('listByUser', (store) =>
      store.listByUser(record.userId as string),
    );
    return describeSessions(records, record, this.#engine.config.secrets, this.#engine.config.clock.now());
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
    return this.#serial(async () => {
      const record = this.#signedIn('revoke');
      const userId = record.userId as string;
      const records = await this.#engine.store('listByUser', (store) => store.listByUser(userId));
      const target = findByHandle(records, userId, handle, this.#engine.config.secrets);
      if (target === undefined) return false;
      await this.#engine.store('delete', (store) => store.delete(target.id));
      if (target.id === record.id) {
        this.#engine.emit('logout', record.id, record.userId, this.#facts);
        this.#clear();
      } else {
        this.#engine.emit('revoked', target.id, target.userId, this.#facts, 'revoke');
      }
      return true;
    });
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
    return this.#serial(() => {
      const record = this.#record;
      if (record !== null) return Promise.resolve(csrfTokenFor(this.#engine.config.secrets, record.id));
      const csrf = this.#engine.anonymousCsrf;
      this.#nonce ??= csrf.presented(this.#facts.cookieHeader) ?? csrf.newNonce();
      const { token, setCookie } = csrf.issue(this.#nonce);
      this.#apply({ setCookies: [setCookie], cacheControl: 'no-store' });
      return Promise.resolve(token);
    });
  }

  #serial<R>(work: () => Promise<R>): Promise<R> {
    const next = this.#queue === null ? work() : this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #signedIn(operation: string): SessionRecord {
    const record = this.#record;
    if (record === null || record.userId === null) {
      throw new SesameError('ERR_SESSION_ANONYMOUS', `${operation}() needs a signed-in session.`);
    }
    return record;
  }

  async #create(userId: string | null, data: SessionData, persistent: boolean): Promise<void> {
    const engine = this.#engine;
    if (userId === null) await assertAnonymousCreateAllowed(engine.config.beforeAnonymousCreate, this.#facts);
    const token = generateToken();
    const record = engine.newRecord(token, engine.config.clock.now(), userId, data, this.#facts, persistent);
    await engine.store('create', (store) => store.create(record));
    this.#adopt(token, record);
    engine.emit('created', record.id, userId, this.#facts);
  }

  #rotate(change: (record: SessionRecord, nowMs: number) => SessionRecord): Promise<void> {
    return this.#serial(async () => {
      const old = this.#record;
      if (old === null && refusesWrites(this.#ended)) throw endedBeforeRequest(this.#ended);
      if (old === null) return;
      const engine = this.#engine;
      const nowMs = engine.config.clock.now();
      const token = generateToken();
      const record: SessionRecord = {
        ...change(old, nowMs),
        id: token.id,
        secretHash: token.secretHash,
        rotatedMs: nowMs,
      };
      // The user is unchanged, so is their session count: no limit to check.
      const replaced = await engine.store('replace', (store) => store.replace(old.id, record));
      if (replaced === null) return this.#gone(old);
      this.#adopt(token, record);
      engine.emit('rotated', record.id, record.userId, this.#facts);
    });
  }

  #adopt(token: IssuedToken, record: SessionRecord): void {
    this.#record = record;
    this.#ended = null;
    const cookies = [this.#engine.issueCookie(token, record, this.#facts)];
    const csrf = this.#engine.anonymousCsrf;
    // The form's nonce has done its job; from now on the session's own token is the one checked.
    if (this.#nonce !== null || csrf.carried(this.#facts.cookieHeader)) cookies.push(csrf.cleared);
    this.#nonce = null;
    this.#apply({ setCookies: cookies, cacheControl: 'no-store' });
  }

  #clear(): void {
    this.#record = null;
    this.#apply({ setCookies: [this.#engine.clearCookie()], cacheControl: 'no-store' });
  }

  #gone(record: SessionRecord): never {
    this.#record = null;
    this.#ended = 'ended';
    this.#apply({ setCookies: [this.#engine.clearCookie()], cacheControl: 'no-store' });
    throw endedMeanwhile(record.userId);
  }
}

const EMPTY: Readonly<SessionData> = Object.freeze(Object.create(null) as SessionData);

export type { JsonValue };
