/**
 * The request flow of docs/architecture.md §2: cookie → token → store → verify → expiry → touch, ending in a
 * {@link Session} the app uses. Framework-free: adapters hand in {@link RequestFacts} and a
 * function that applies a {@link ResponsePlan}.
 *
 * @module
 */
import type { ResolvedConfig } from '../config.js';
import { readCookie } from '../cookie/parse.js';
import type { CookieChange, CookieWriter } from '../cookie/serialize.js';
import { cookiePlan, cookieWriter } from '../cookie/serialize.js';
import { AnonymousCsrf } from '../csrf/anonymous-token.js';
import { debugEvent } from '../debug.js';
import type { DeviceBoundAnswer } from '../device-bound/answer.js';
import { DeviceBound } from '../device-bound/device-bound.js';
import type { SesameError } from '../errors.js';
import type { SessionData, SessionRecord, SessionStore } from '../store.js';
import type { IssuedToken } from '../token/generate.js';
import type { ParsedToken } from '../token/format.js';
import { parseToken } from '../token/format.js';
import type { ResolvedRenewal } from '../config/renewal.js';
import { isRenewalDue, renewToken } from './renewal.js';
import type { TokenLookup } from './token-lookup.js';
import { lookUpToken } from './token-lookup.js';
import { newRecord } from './new-record.js';
import type { EndedReason } from './ended-reason.js';
import type { SessionEventType } from './events.js';
import { dueTouch, expiryReason } from './expiry.js';
import type { AfterResponse, ApplyPlan, RequestFacts, ResponsePlan } from '../http.js';
import type { SessionContext } from './context.js';
import { sessionHandle } from './handle.js';
import { Session } from './session.js';
import type { DeferredTouch } from './state.js';
import { throttledStoreErrors } from './error-report.js';
import { StoreCaller } from './store-call.js';
import { csrfVerdict } from './csrf-verdict.js';
import { InsecureTransportWarning } from './transport-warning.js';

/** The plan of a signed-in read: nothing to set but `Cache-Control`. Shared, never changed. */
const NO_STORE: ResponsePlan = Object.freeze({ setCookies: Object.freeze([]), cacheControl: 'no-store' });

/**
 * Opens a record read from a store that seals data at rest (seal/sealed-store.ts): the record, or
 * why it does not open. Called only once the token's secret matched (issue 15).
 */
export type OpenRecord = (record: SessionRecord) => SessionRecord | string;

/** Internal: the request flow behind `Sessions`. Not exported from the package. */
export class Engine {
  readonly config: ResolvedConfig;
  readonly #open: OpenRecord | null;
  private readonly insecureTransport: InsecureTransportWarning;
  private readonly caller: StoreCaller;
  private readonly cookies: CookieWriter;
  /** Tokens for forms shown to visitors without a stored session. */
  readonly anonymousCsrf: AnonymousCsrf;
  /** What each {@link Session} gets: these few functions, never the engine itself. */
  private readonly context: SessionContext;
  /** Device Bound Session Credentials, or `null` when the option is off. */
  readonly deviceBound: DeviceBound | null;

  constructor(config: ResolvedConfig, open: OpenRecord | null = null) {
    this.config = config;
    this.#open = open;
    this.cookies = cookieWriter(config.cookie);
    this.insecureTransport = new InsecureTransportWarning(config);
    this.anonymousCsrf = new AnonymousCsrf(
      config.secrets,
      config.csrf.cookieName,
      cookieWriter({ ...config.cookie, name: config.csrf.cookieName }),
    );
    this.caller = new StoreCaller(config.storeTimeoutMs, throttledStoreErrors(config.logger, config.clock));
    this.context = {
      secrets: config.secrets,
      anonymousCsrf: this.anonymousCsrf,
      maxSessionsPerUser: config.maxSessionsPerUser,
      beforeAnonymousCreate: config.beforeAnonymousCreate,
      now: () => config.clock.now(),
      store: (operation, run) => this.store(operation, run),
      emit: (type, id, userId, facts, reason) => this.emit(type, id, userId, facts, reason),
      newRecord: (token, nowMs, userId, data, facts, persistent) =>
        newRecord(config, token, nowMs, {
          userId,
          data,
          facts,
          persistent,
          deviceBinding: this.deviceBound?.offerFor(userId, nowMs) ?? null,
        }),
      issueCookie: (token, record, facts) => this.issueCookie(token, record, facts),
      clearCookie: () => this.clearCookie(),
      deviceBindingFor: (userId, nowMs) => this.deviceBound?.offerFor(userId, nowMs) ?? null,
      offerHeaders: (record) => this.deviceBound?.offerHeaders(record),
    };
    this.deviceBound =
      config.deviceBound === null
        ? null
        : new DeviceBound(config.deviceBound, config.secrets, config.cookie, config.clock, {
            findRecord: (facts) => this.findRecord(facts),
            saveBinding: (id, deviceBinding) =>
              this.store('applyDelta', (store) => store.applyDelta(id, { deviceBinding })),
          });
  }

  /** Run a store operation under the timeout, as a typed error on failure. */
  store<T>(operation: string, run: (store: SessionStore) => Promise<T>): Promise<T> {
    const { store } = this.config;
    return this.caller.call(operation, () => run(store));
  }

  emit(
    type: SessionEventType,
    id: string,
    userId: string | null,
    facts: Pick<RequestFacts, 'ip'>,
    reason?: string,
  ): void {
    debugEvent(this.config.secrets, type, id, userId, reason);
    const { onEvent, secrets, clock, logger } = this.config;
    if (!onEvent) return;
    try {
      onEvent({
        type,
        sessionHash: sessionHandle(secrets, id),
        userId,
        atMs: clock.now(),
        ip: facts.ip,
        ...(reason === undefined ? {} : { reason }),
      });
    } catch (error) {
      logger.error('sesame: onEvent handler threw', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The cookie for a token on `record`: a browser-session cookie unless it is persistent. */
  issueCookie(token: IssuedToken, record: SessionRecord, facts: RequestFacts): CookieChange {
    this.insecureTransport.check(facts);
    const maxAgeMs = record.persistent ? record.absoluteExpiresMs - this.config.clock.now() : undefined;
    return this.cookies.issueChange(token.value, maxAgeMs);
  }

  clearCookie(): CookieChange {
    return this.cookies.clearChange();
  }

  /**
   * Load the session a request carries. Rejects only with a store error (`ERR_STORE_*`); every
   * kind of bad cookie resolves to an anonymous session whose cookie is cleared.
   */
  async load<T extends SessionData>(
    facts: RequestFacts,
    apply: ApplyPlan,
    afterResponse?: AfterResponse,
  ): Promise<Session<T>> {
    const raw = readCookie(facts.cookieHeader, this.config.cookie.name);
    if (raw === null) return new Session<T>(this.context, facts, apply, null, null);

    const token = parseToken(raw);
    if (token === null) return this.discard<T>(facts, apply, 'malformed');

    // Hashed and compared on both paths, and answered alike: an unknown id and a live id with a
    // wrong secret must not be told apart from outside (issue 10). Only the operator's event
    // keeps the difference; it never reaches the response or the app's Session.
    const { record: stored, verdict, nowMs } = await this.lookUp(token);
    if (stored === null || verdict === 'none') {
      // Not deleted: knowing an id must not let anyone end someone else's session.
      const reason = stored === null ? 'unknown-id' : 'secret-mismatch';
      return this.discard<T>(facts, apply, 'ended', token.id, reason);
    }
    if (verdict === 'reused') {
      // A token renewed away, shown after its grace: whoever holds the other one may be a thief,
      // so the session ends for both (RFC 9700 §4.14.2; docs/architecture.md §1.13).
      await this.store('delete', (store) => store.delete(stored.id));
      this.emit('token-reuse', stored.id, stored.userId, facts);
      return this.discard<T>(facts, apply, 'ended');
    }
    // Sealed data is opened only now, for the token's holder: opening before the secret check
    // would make a live id slower to refuse than an unknown one (issue 10). A record that does
    // not open is no session, whole; left alone, as a key put back opens it again (issue 15).
    const record = this.#open === null ? stored : this.#open(stored);
    if (typeof record === 'string') {
      this.emit('unreadable', stored.id, stored.userId, facts, record);
      return this.discard<T>(facts, apply, 'ended');
    }

    const expired = expiryReason(record, nowMs);
    if (expired !== null) {
      await this.store('delete', (store) => store.delete(record.id));
      this.emit('expired', record.id, record.userId, facts, expired);
      return this.discard<T>(facts, apply, expired);
    }

    // A device-bound session (issue 16) needs its bound cookie too. Without one this request is
    // not signed in, but nothing is ended or cleared: the real browser refreshes and carries on.
    if (this.deviceBound !== null && !this.deviceBound.proves(record, facts.cookieHeader)) {
      this.emit('rejected', record.id, record.userId, facts, 'device-unproven');
      if (facts.readOnly !== true) apply(NO_STORE);
      return new Session<T>(this.context, facts, apply, null, 'unproven');
    }

    let deferred: DeferredTouch | null = null;
    const due = dueTouch(record, nowMs, this.config);
    if (due !== null) {
      const { touch } = due;
      // Left to the request's first write or to after the response (state.ts) when it may wait.
      if (afterResponse !== undefined && due.deferrable) deferred = { touch, afterResponse };
      else if (await this.store('touch', (s) => s.touch(record.id, touch.lastSeenMs, touch.idleExpiresMs)))
        this.emit('touched', record.id, record.userId, facts);
      else return this.discard<T>(facts, apply, 'ended');
      Object.assign(record, touch);
    }
    // A read-only load (a render that cannot set cookies) renews nothing: the new cookie would
    // never reach the browser, whose next request would then show a renewed-away secret.
    if (facts.readOnly === true) return new Session<T>(this.context, facts, apply, record, null, deferred);
    const renewed = isRenewalDue(verdict, record, nowMs, this.config.renewal)
      ? await this.renew(record, facts, nowMs, this.config.renewal)
      : null;
    if (renewed !== null) apply(cookiePlan([renewed]));
    else if (record.userId !== null) apply(NO_STORE);
    return new Session<T>(this.context, facts, apply, record, null, deferred);
  }

  private lookUp(token: ParsedToken): Promise<TokenLookup> {
    return lookUpToken(token, this.config, (id, options) =>
      this.store('get', (store) => store.get(id, options)),
    );
  }

  /**
   * Renew the token of a loaded session: the cookie of the new one, or `null` when another
   * request renewed it first or the store failed. The request is served either way: the read
   * already proved the token, and a failed renewal (reported by the store caller) is tried again
   * by a later request.
   */
  private async renew(
    record: SessionRecord,
    facts: RequestFacts,
    nowMs: number,
    renewal: ResolvedRenewal,
  ): Promise<CookieChange | null> {
    const token = await renewToken(record, nowMs, renewal, (run) => this.store('renewSecret', run)).catch(
      () => null,
    );
    if (token === null) return null;
    this.emit('renewed', record.id, record.userId, facts);
    return this.issueCookie(token, record, facts);
  }

  /**
   * The answer to a Device Bound Session Credentials endpoint request, or `null` (synchronously,
   * after a method and path comparison) for every other request and whenever the option is off.
   */
  deviceBoundEndpoint(facts: RequestFacts): Promise<DeviceBoundAnswer> | null {
    return this.deviceBound === null ? null : this.deviceBound.endpoint(facts);
  }

  /**
   * The live record the request's session cookie names, its secret verified, or `null`; no
   * cookie is changed and nothing is written (the DBSC endpoints answer for themselves).
   */
  async findRecord(facts: RequestFacts): Promise<SessionRecord | null> {
    const raw = readCookie(facts.cookieHeader, this.config.cookie.name);
    const token = raw === null ? null : parseToken(raw);
    if (token === null) return null;
    const { record, verdict, nowMs } = await this.lookUp(token);
    const accepted = verdict === 'current' || verdict === 'previous';
    return record !== null && accepted && expiryReason(record, nowMs) === null ? record : null;
  }

  /**
   * The CSRF decision for a loaded request (docs/architecture.md §1.9): `null` to go on, or the error to answer
   * with (csrf-verdict.ts).
   */
  checkCsrf(
    facts: RequestFacts,
    session: Session<SessionData>,
    readToken: () => unknown,
  ): SesameError | null {
    return csrfVerdict(this.config, this.anonymousCsrf, facts, session, readToken);
  }

  private discard<T extends SessionData>(
    facts: RequestFacts,
    apply: ApplyPlan,
    ended: EndedReason,
    id?: string,
    reason?: string,
  ): Session<T> {
    if (id !== undefined && reason !== undefined) this.emit('rejected', id, null, facts, reason);
    if (facts.readOnly !== true) apply(cookiePlan([this.clearCookie()]));
    return new Session<T>(this.context, facts, apply, null, ended);
  }
}

export type { EndedReason };
