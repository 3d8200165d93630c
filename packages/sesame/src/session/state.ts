/**
 * One request's session state, shared by the {@link Session} methods and the operations that
 * live in files of their own (sign-in, the per-user operations): the loaded record, why there is
 * none, and the cookie changes each step hands the adapter.
 *
 * @module
 */
import { cookiePlan } from '../cookie/serialize.js';
import { SesameError } from '../errors.js';
import type { AfterResponse, ApplyPlan, RequestFacts, ResponsePlan } from '../http.js';
import type { SessionRecord, SessionTouch } from '../store.js';
import type { IssuedToken } from '../token/generate.js';
import type { SessionContext } from './context.js';
import type { EndedReason } from './ended-reason.js';
import { endedMeanwhile } from './ended-reason.js';

const NO_STORE: ResponsePlan = Object.freeze({ setCookies: Object.freeze([]), cacheControl: 'no-store' });

/** Internal: not exported from the package. */
export class SessionState {
  readonly context: SessionContext;
  readonly facts: RequestFacts;
  readonly apply: ApplyPlan;
  record: SessionRecord | null;
  ended: EndedReason | null;
  /** The anonymous CSRF nonce this request issued a token for, if any. */
  nonce: string | null = null;
  /**
   * A due touch of `record` that no write has carried yet: the request's first `applyDelta`
   * takes it (write.ts), or it is written alone once the response is sent. `null` once written,
   * and when the record is replaced or ended, which makes it moot.
   */
  touch: SessionTouch | null = null;

  constructor(
    context: SessionContext,
    facts: RequestFacts,
    apply: ApplyPlan,
    record: SessionRecord | null,
    ended: EndedReason | null,
    deferred: DeferredTouch | null,
  ) {
    this.context = context;
    this.facts = facts;
    this.apply = apply;
    this.record = record;
    this.ended = ended;
    if (deferred !== null) {
      this.touch = deferred.touch;
      deferred.afterResponse(() => this.#writeTouch());
    }
  }

  /** An `applyDelta` carried `touch` and was written: report it, unless it is no longer pending. */
  touched(touch: SessionTouch, record: SessionRecord): void {
    if (this.touch !== touch) return;
    this.touch = null;
    this.context.emit('touched', record.id, record.userId, this.facts);
  }

  /**
   * After the response: write a touch no write carried. Nothing waits for it; a failure is
   * reported by the store caller, and a session ended meanwhile stays ended (touch creates nothing).
   */
  #writeTouch(): void {
    const { record, touch } = this;
    if (record === null || touch === null) return;
    this.touch = null;
    this.context
      .store('touch', (store) => store.touch(record.id, touch.lastSeenMs, touch.idleExpiresMs))
      .then((written) => {
        if (written) this.context.emit('touched', record.id, record.userId, this.facts);
      })
      .catch(() => undefined);
  }

  /** The record of a signed-in session, or `ERR_SESSION_ANONYMOUS`. */
  signedIn(operation: string): SessionRecord {
    const record = this.record;
    if (record === null || record.userId === null) {
      throw new SesameError('ERR_SESSION_ANONYMOUS', `${operation}() needs a signed-in session.`);
    }
    return record;
  }

  /**
   * Before a write that issues a new token: the response must still be able to carry its cookie.
   * Once it is sent, the adapter's `apply` throws `ERR_RESPONSE_SENT`, and nothing is written.
   */
  beforeIssue(): void {
    this.apply(NO_STORE);
  }

  /**
   * Make `record` (stored under `token`) this request's session and issue its cookie. When the
   * response went out while the record was being written, the record is deleted again and
   * `ERR_RESPONSE_SENT` thrown: no browser will ever present its token.
   */
  adopt(token: IssuedToken, record: SessionRecord): void {
    this.record = record;
    this.touch = null;
    this.ended = null;
    const cookies = [this.context.issueCookie(token, record, this.facts)];
    const csrf = this.context.anonymousCsrf;
    // The form's nonce has done its job; from now on the session's own token is the one checked.
    if (this.nonce !== null || csrf.carried(this.facts.cookieHeader)) cookies.push(csrf.cleared);
    this.nonce = null;
    const headers = this.context.offerHeaders(record);
    try {
      this.apply({ ...cookiePlan(cookies), ...(headers === undefined ? {} : { headers }) });
    } catch (error) {
      this.record = null;
      // A failure is reported by the store caller; the record is then left to its idle timeout.
      this.context.store('delete', (store) => store.delete(record.id)).catch(() => undefined);
      throw error;
    }
  }

  /** No session any more (logout): clear the cookie. */
  clear(): void {
    this.record = null;
    this.touch = null;
    this.apply(cookiePlan([this.context.clearCookie()]));
  }

  /** The store no longer has `record` (ended meanwhile): clear the cookie and throw. */
  gone(record: SessionRecord): never {
    this.record = null;
    this.touch = null;
    this.ended = 'ended';
    this.apply(cookiePlan([this.context.clearCookie()]));
    throw endedMeanwhile(record.userId);
  }
}

/** A touch the engine left to the request's write, and how to write it if none comes. */
export interface DeferredTouch {
  readonly touch: SessionTouch;
  readonly afterResponse: AfterResponse;
}
