/**
 * One request's session state, shared by the {@link Session} methods and the operations that
 * live in files of their own (sign-in, the per-user operations): the loaded record, why there is
 * none, and the cookie changes each step hands the adapter.
 *
 * @module
 */
import { SesameError } from '../errors.js';
import type { ApplyPlan, RequestFacts } from '../http.js';
import type { SessionRecord } from '../store.js';
import type { IssuedToken } from '../token/generate.js';
import type { SessionContext } from './context.js';
import type { EndedReason } from './ended-reason.js';
import { endedMeanwhile } from './ended-reason.js';

/** Internal: not exported from the package. */
export class SessionState {
  readonly context: SessionContext;
  readonly facts: RequestFacts;
  readonly apply: ApplyPlan;
  record: SessionRecord | null;
  ended: EndedReason | null;
  /** The anonymous CSRF nonce this request issued a token for, if any. */
  nonce: string | null = null;

  constructor(
    context: SessionContext,
    facts: RequestFacts,
    apply: ApplyPlan,
    record: SessionRecord | null,
    ended: EndedReason | null,
  ) {
    this.context = context;
    this.facts = facts;
    this.apply = apply;
    this.record = record;
    this.ended = ended;
  }

  /** The record of a signed-in session, or `ERR_SESSION_ANONYMOUS`. */
  signedIn(operation: string): SessionRecord {
    const record = this.record;
    if (record === null || record.userId === null) {
      throw new SesameError('ERR_SESSION_ANONYMOUS', `${operation}() needs a signed-in session.`);
    }
    return record;
  }

  /** Make `record` (stored under `token`) this request's session and issue its cookie. */
  adopt(token: IssuedToken, record: SessionRecord): void {
    this.record = record;
    this.ended = null;
    const cookies = [this.context.issueCookie(token, record, this.facts)];
    const csrf = this.context.anonymousCsrf;
    // The form's nonce has done its job; from now on the session's own token is the one checked.
    if (this.nonce !== null || csrf.carried(this.facts.cookieHeader)) cookies.push(csrf.cleared);
    this.nonce = null;
    const headers = this.context.offerHeaders(record);
    this.apply({
      setCookies: cookies,
      cacheControl: 'no-store',
      ...(headers === undefined ? {} : { headers }),
    });
  }

  /** No session any more (logout): clear the cookie. */
  clear(): void {
    this.record = null;
    this.apply({ setCookies: [this.context.clearCookie()], cacheControl: 'no-store' });
  }

  /** The store no longer has `record` (ended meanwhile): clear the cookie and throw. */
  gone(record: SessionRecord): never {
    this.record = null;
    this.ended = 'ended';
    this.apply({ setCookies: [this.context.clearCookie()], cacheControl: 'no-store' });
    throw endedMeanwhile(record.userId);
  }
}
