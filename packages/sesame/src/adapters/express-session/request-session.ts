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
import type { RequestFacts } from '../../session/facts.js';
import type { Session } from '../../session/session.js';
import type { SessionData } from '../../store.js';
import { SesameError } from '../../errors.js';
import type { CookieWriter } from '../../cookie/serialize.js';
import { CookieView } from './cookie-view.js';
import { FactsWithCookie, type PlanApplier } from './plan.js';
import type { SessionControl } from './session-object.js';
import { ExpressSessionObject } from './session-object.js';
import { dataOf, deltaBetween, snapshotOf, type Snapshot } from './snapshot.js';

/** What every request's state shares: set up once per middleware. */
export interface LayerContext {
  sessions: Sessions<RegisteredData>;
  userIdOf: (session: Readonly<Record<string, unknown>>) => string | null;
  cookies: CookieWriter;
}

/** The layer writes whatever keys the app uses, whatever data type the app registered. */
export function writable(session: Session<RegisteredData>): Session<SessionData> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed once an app registers a data type.
  return session as unknown as Session<SessionData>;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

export class RequestSession implements SessionControl {
  sesame: Session<SessionData>;
  view: ExpressSessionObject;
  cookie: CookieView;
  readonly #layer: LayerContext;
  readonly #req: Request;
  readonly #facts: RequestFacts;
  readonly #plan: PlanApplier;
  #snapshot: Snapshot;
  #syncedUser: string | null;
  #regenerated = false;
  #destroyed = false;
  /** The cookie named a session that had ended before this request: the first write starts anew. */
  #endedAtLoad: boolean;
  #queue: Promise<void> | null = null;
  #provisionalId: string | null = null;

  constructor(layer: LayerContext, req: Request, facts: RequestFacts, plan: PlanApplier, sesame: Session) {
    this.#layer = layer;
    this.#req = req;
    this.#facts = facts;
    this.#plan = plan;
    this.sesame = writable(sesame);
    this.#endedAtLoad = !sesame.isStored && sesame.endedReason !== null;
    this.cookie = this.#newCookie();
    this.view = new ExpressSessionObject(this, sesame.data);
    this.#snapshot = snapshotOf(this.view);
    this.#syncedUser = layer.userIdOf(this.view as unknown as Record<string, unknown>);
    this.#install();
  }

  /** The session's keyed handle once stored; before that, a random id for this request only. */
  get id(): string {
    return this.sesame.handle ?? (this.#provisionalId ??= randomBytes(18).toString('base64url'));
  }

  /** The save the response must wait for, or `null` when the store already holds everything. */
  pending(): Promise<void> | null {
    if (this.#destroyed || !(this.#regenerated || this.cookie.changed || this.#changed())) return this.#queue;
    return this.save();
  }

  save(): Promise<void> {
    return this.#serial(() => this.#write());
  }

  regenerate(): Promise<void> {
    return this.#serial(() => {
      // Deferred to the next save, which Passport calls right after: sign-in is then one rotation.
      this.#regenerated = true;
      this.cookie = this.#newCookie();
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
      const cookieName = this.#layer.sessions.config.cookie.name;
      const fresh =
        token === null
          ? this.sesame
          : await this.#layer.sessions.load(
              new FactsWithCookie(this.#facts, `${cookieName}=${token}`),
              this.#plan.apply,
            );
      if (token !== null && !fresh.isStored) {
        throw new SesameError('ERR_SESSION_GONE', 'reload(): the session no longer exists in the store.');
      }
      this.#adopt(writable(fresh));
    });
  }

  async #write(): Promise<void> {
    if (this.#destroyed) return;
    const now = snapshotOf(this.view);
    const user = this.#layer.userIdOf(this.view as unknown as Record<string, unknown>);
    if (this.#endedAtLoad && !this.sesame.isStored) await this.#startAnew();
    const sesame = this.sesame;
    if (this.#regenerated || user !== this.#syncedUser) {
      const whole = this.#regenerated;
      if (user !== null) await sesame.login(user, { keepData: !whole });
      else if (sesame.isStored) await sesame.logout();
      const delta = user !== null && !whole ? deltaBetween(this.#snapshot, now) : null;
      if (delta !== null) await this.#applyDelta(delta.set, delta.unset);
      else if ((user === null || whole) && now.size > 0) await sesame.update(dataOf(now));
    } else {
      const delta = deltaBetween(this.#snapshot, now);
      if (delta !== null) await this.#applyDelta(delta.set, delta.unset);
    }
    this.#regenerated = false;
    this.#snapshot = now;
    this.#syncedUser = user;
    this.#issueLifetime();
  }

  async #applyDelta(set: SessionData, unset: string[]): Promise<void> {
    if (Object.keys(set).length > 0) await this.sesame.update(set);
    if (unset.length > 0 && this.sesame.isStored) await this.sesame.unset(...unset);
  }

  /** A cookie whose session had ended is "no session" (express-session starts a new one too). */
  async #startAnew(): Promise<void> {
    this.#endedAtLoad = false;
    const fresh = await this.#layer.sessions.load(new FactsWithCookie(this.#facts, null), this.#plan.apply);
    this.sesame = writable(fresh);
    this.#req.sesame = fresh;
  }

  /** Issue the token again with the lifetime the app set on `req.session.cookie`. */
  #issueLifetime(): void {
    if (!this.cookie.changed) return;
    this.cookie.changed = false;
    const token = this.sesame.isStored ? this.#plan.token(this.#facts) : null;
    if (token === null) return;
    const lifetimeMs = this.cookie.lifetimeMs();
    this.#plan.apply({
      setCookie: this.#layer.cookies.issue(token, lifetimeMs ?? undefined),
      cacheControl: 'no-store',
    });
  }

  #changed(): boolean {
    const now = snapshotOf(this.view);
    if (now.size !== this.#snapshot.size) return true;
    for (const [key, json] of now) if (this.#snapshot.get(key) !== json) return true;
    return false;
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

  #install(): void {
    const req = this.#req;
    (req as unknown as { session: unknown }).session = this.view;
    req.sesame = this.sesame;
    Object.defineProperty(req, 'sessionID', { get: () => this.id, configurable: true, enumerable: true });
  }

  #newCookie(): CookieView {
    const { clock, cookie, absoluteTimeoutMs } = this.#layer.sessions.config;
    return new CookieView({
      now: () => clock.now(),
      absoluteRemainingMs: () => {
        const createdAt = this.sesame.createdAt;
        // Not stored yet: the session this request creates gets the whole lifetime.
        return createdAt === null ? absoluteTimeoutMs : createdAt + absoluteTimeoutMs - clock.now();
      },
      secure: cookie.secure,
      sameSite: cookie.sameSite,
    });
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
