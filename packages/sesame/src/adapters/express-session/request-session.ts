/**
 * One request's express-session state over one Sesame session: which data the store holds
 * (a snapshot of each top-level key's JSON), whether the app regenerated or destroyed the session,
 * and the save that turns the app's changes into Sesame operations. Sign-in and sign-out are read
 * from the data (`req.session.passport.user` by default): a new user id becomes `login()` (a new
 * token, the old record deleted in the same store operation), a removed one `logout()`, so
 * Passport's sign-in and sign-out are Sesame's (docs/migrating-from-express-session.md).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { RegisteredData, Sessions } from '../../index.js';
import type { RequestFacts } from '../../http.js';
import type { Session } from '../../session/session.js';
import type { SessionData } from '../../store.js';
import { isSesameError, SesameError } from '../../errors.js';
import type { CookieWriter } from '../../cookie/serialize.js';
import { cookieView, type CookieView } from './cookie-view.js';
import { loadAgain } from './load-again.js';
import type { PlanApplier } from './plan.js';
import type { SessionControl } from './session-object.js';
import { ExpressSessionObject } from './session-object.js';
import { saveChanges, writable } from './save-changes.js';
import { exposeSessionId } from './session-id.js';
import { changedSnapshot, snapshotOf, type Snapshot } from './snapshot.js';

/** What every request's state shares: set up once per middleware. */
export interface LayerContext {
  sessions: Sessions<RegisteredData>;
  userIdOf: (session: Readonly<Record<string, unknown>>) => string | null;
  cookies: CookieWriter;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

export class RequestSession implements SessionControl {
  sesame!: Session<SessionData>;
  view!: ExpressSessionObject;
  /** Made on first use: most requests never look at `req.session.cookie`. */
  #cookie: CookieView | null = null;
  readonly #layer: LayerContext;
  readonly #req: Request;
  readonly #facts: RequestFacts;
  readonly #plan: PlanApplier;
  /** Set by #adopt, in the constructor. */
  #snapshot!: Snapshot;
  #syncedUser: string | null = null;
  #regenerated = false;
  #destroyed = false;
  /** The cookie named a session that had ended before this request: the first write starts anew. */
  #endedAtLoad: boolean;
  #queue: Promise<void> | null = null;
  #provisionalId: string | null = null;
  /** regenerate() on a stored session has scheduled #endOldSession. */
  #endOldScheduled = false;

  constructor(layer: LayerContext, req: Request, facts: RequestFacts, plan: PlanApplier, sesame: Session) {
    this.#layer = layer;
    this.#req = req;
    this.#facts = facts;
    this.#plan = plan;
    this.#endedAtLoad = !sesame.isStored && sesame.endedReason !== null;
    this.#adopt(writable(sesame));
    exposeSessionId(req, this);
  }

  get cookie(): CookieView {
    this.#cookie ??= cookieView(this.#layer.sessions.config, () => this.sesame.createdAt);
    return this.#cookie;
  }

  /** The session's keyed handle once stored; before that, a random id for this request only. */
  get id(): string {
    return this.sesame.handle ?? (this.#provisionalId ??= randomBytes(18).toString('base64url'));
  }

  /** The save the response must wait for, or `null` when the store already holds everything. */
  pending(): Promise<void> | null {
    // `req.session = null` or `delete req.session`: express-session's default `unset: 'keep'`
    // keeps the stored session and drops this request's changes.
    if (this.#destroyed || (this.#req as unknown as { session?: unknown }).session !== this.view) {
      return this.#queue;
    }
    const now = changedSnapshot(this.#snapshot, this.view);
    if (now === null && !this.#regenerated && this.#cookie?.changed !== true) return this.#queue;
    // Computed just now: reused when the write starts at once (nothing else queued).
    const ready = this.#queue === null ? now : null;
    return this.#serial(() => this.#write(ready));
  }

  save(): Promise<void> {
    return this.#serial(() => this.#write(null));
  }

  regenerate(): Promise<void> {
    return this.#serial(() => {
      // Deferred to the next save, which Passport calls right after the callback: the sign-in is
      // then one create or replace with the data. Should no save have replaced the old record by
      // the end of this turn of the event loop (the app awaits something, or never answers), it
      // is deleted on its own: the old token never outlives regenerate() for long, as with
      // express-session, which destroys it at once (fixation: passport CVE-2022-25896).
      this.#regenerated = true;
      if (this.sesame.isStored && !this.#endOldScheduled) {
        this.#endOldScheduled = true;
        setImmediate(() => this.#endOldSession());
      }
      this.#cookie = null;
      this.#setView(new ExpressSessionObject(this, EMPTY));
      return Promise.resolve();
    });
  }

  destroy(): Promise<void> {
    return this.#serial(async () => {
      await this.sesame.logout();
      this.#destroyed = true;
      Reflect.deleteProperty(this.#req, 'session');
    });
  }

  reload(): Promise<void> {
    return this.#serial(async () => {
      const token = this.sesame.isStored ? this.#plan.token(this.#facts) : null;
      const { sessions } = this.#layer;
      const fresh =
        token === null ? this.sesame : await loadAgain(sessions, this.#facts, this.#plan.apply, token);
      if (token !== null && !fresh.isStored) {
        throw new SesameError('ERR_SESSION_GONE', 'reload(): the session no longer exists in the store.');
      }
      this.#adopt(writable(fresh));
    });
  }

  /** After regenerate(): end the old record unless a save has replaced or ended it meanwhile. */
  #endOldSession(): void {
    this.#endOldScheduled = false;
    const { logger } = this.#layer.sessions.config;
    this.#serial(async () => {
      if (this.#regenerated && !this.#destroyed && this.sesame.isStored) await this.sesame.logout();
    }).catch((err: unknown) => {
      // Store errors are logged by the engine; the record is then left to its idle timeout.
      if (!isSesameError(err)) {
        logger.warn('sesame: ending the old session after regenerate()', {
          error: err instanceof Error ? err.message : String(err),
        });
      }
    });
  }

  async #write(ready: Snapshot | null): Promise<void> {
    if (this.#destroyed) return;
    const now = ready ?? snapshotOf(this.view);
    const user = this.#layer.userIdOf(this.view as unknown as Record<string, unknown>);
    if (this.#endedAtLoad && !this.sesame.isStored) await this.#startAnew();
    await saveChanges(this.sesame, {
      stored: this.#snapshot,
      now,
      storedUser: this.#syncedUser,
      user,
      regenerated: this.#regenerated,
    });
    this.#regenerated = false;
    this.#snapshot = now;
    this.#syncedUser = user;
    this.#issueLifetime();
  }

  /** A cookie whose session had ended is "no session" (express-session starts a new one too). */
  async #startAnew(): Promise<void> {
    this.#endedAtLoad = false;
    const fresh = await loadAgain(this.#layer.sessions, this.#facts, this.#plan.apply, null);
    this.sesame = writable(fresh);
    this.#req.sesame = fresh;
  }

  /** Issue the token again with the lifetime the app set on `req.session.cookie`. */
  #issueLifetime(): void {
    const cookie = this.#cookie;
    if (cookie === null || !cookie.changed) return;
    cookie.changed = false;
    const token = this.sesame.isStored ? this.#plan.token(this.#facts) : null;
    if (token === null) return;
    const lifetimeMs = cookie.lifetimeMs();
    this.#plan.apply({
      setCookies: [this.#layer.cookies.issue(token, lifetimeMs ?? undefined)],
      cacheControl: 'no-store',
    });
  }

  #adopt(sesame: Session<SessionData>): void {
    this.sesame = sesame;
    this.#req.sesame = sesame;
    this.#regenerated = false;
    this.#setView(new ExpressSessionObject(this, sesame.data));
    this.#snapshot = snapshotOf(this.view);
    this.#syncedUser = this.#layer.userIdOf(this.view as unknown as Record<string, unknown>);
  }

  #setView(view: ExpressSessionObject): void {
    this.view = view;
    (this.#req as unknown as { session: unknown }).session = view;
  }

  #serial(work: () => Promise<void>): Promise<void> {
    const next = this.#queue === null ? work() : this.#queue.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#queue = settled;
    void settled.then(() => {
      if (this.#queue === settled) this.#queue = null;
    });
    return next;
  }
}
