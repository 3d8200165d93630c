/**
 * `NODE_DEBUG=sesame`: what the engine decided for each request and why, on stderr through Node's
 * `util.debuglog` (issue 11). Sessions appear by their keyed handle (session/handle.ts), never by
 * id, token, secret or cookie value, so the output can be pasted into a bug report. It is for the
 * operator only: the reasons it gives (an unknown id against a wrong secret) never reach a client.
 *
 * Node reads NODE_DEBUG once at startup, so `debugEnabled` is fixed for the process; with it off,
 * every hook is one boolean test and the store is not wrapped.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { debuglog } from 'node:util';
import type { ResolvedConfig } from './config.js';
import { isSafeMethod } from './csrf/origin-check.js';
import type { SesameError } from './errors.js';
import type { SessionEventType } from './session/events.js';
import type { AfterResponse, ApplyPlan, RequestFacts } from './http.js';
import { sessionHandle } from './session/handle.js';
import type { SessionData, SessionStore } from './store.js';

const log = debuglog('sesame');

/** True when `NODE_DEBUG` names `sesame`. */
export const debugEnabled: boolean = log.enabled;

/** What each lifecycle event means, for someone reading the output without the source. */
const EVENT_TEXT: Readonly<Record<SessionEventType, string>> = {
  created: 'created (first write; new token issued)',
  login: 'signed in (new token; the previous record, if any, replaced in one store call)',
  rotated: 'rotated (new token; the old record replaced in one store call)',
  touched: 'touched (lastSeen older than touchInterval: idle expiry extended)',
  logout: 'signed out (record deleted, cookie cleared)',
  revoked: 'revoked (record deleted)',
  expired: 'expired (timeout passed: record deleted, cookie cleared)',
  rejected: 'refused (cookie cleared, record left alone)',
  unreadable: 'unreadable (sealed data did not open: read as no session, record left alone)',
  renewed: 'renewed (renewAfter passed: new secret, same id; the old one accepted for renewalGrace)',
  'token-reuse': 'token reuse (a renewed-away secret after its grace: session deleted, cookie cleared)',
};

function who(userId: string | null): string {
  return userId === null ? 'anonymous' : `user=${JSON.stringify(userId)}`;
}

/** A lifecycle event as the engine emits it. */
export function debugEvent(
  secrets: readonly Buffer[],
  type: SessionEventType,
  id: string,
  userId: string | null,
  reason?: string,
): void {
  if (!debugEnabled) return;
  const why = reason === undefined ? '' : ` reason=${reason}`;
  log('session %s %s %s%s', sessionHandle(secrets, id), who(userId), EVENT_TEXT[type], why);
}

/** What a request's cookie gave, once the engine has loaded it. */
export interface LoadedSession {
  readonly handle: string | null;
  readonly userId: string | null;
  readonly endedReason: string | null;
}

const ENDED_TEXT: Readonly<Record<string, string>> = {
  malformed: 'not a token Sesame could have issued; no store call made',
  idle: 'idle timeout passed',
  absolute: 'absolute lifetime passed',
  ended:
    'no session in the store for this token: signed out, revoked, expired, never issued, or a wrong secret (the refused line above says which)',
};

/** The outcome of loading one request's session. */
export function debugLoaded(facts: RequestFacts, session: LoadedSession): void {
  if (!debugEnabled) return;
  if (session.handle !== null) {
    log('load %s: session %s %s', facts.method, session.handle, who(session.userId));
  } else if (session.endedReason !== null) {
    const text = ENDED_TEXT[session.endedReason] ?? '';
    log('load %s: cookie refused (%s): %s', facts.method, session.endedReason, text);
  } else {
    log('load %s: no session cookie: anonymous, nothing stored', facts.method);
  }
}

/** What {@link logDecisions} wraps: the load and CSRF decisions of a `Sessions`. */
export interface Decisions<S extends LoadedSession & { readonly isStored: boolean }> {
  readonly config: Pick<ResolvedConfig, 'csrf'>;
  load(facts: RequestFacts, apply: ApplyPlan, afterResponse?: AfterResponse): Promise<S>;
  checkCsrf(facts: RequestFacts, session: S, readToken: () => unknown): SesameError | null;
}

/** Under `NODE_DEBUG=sesame`: `sessions` with each load and CSRF verdict written to the debug log. */
export function logDecisions<
  S extends LoadedSession & { readonly isStored: boolean },
  D extends Decisions<S>,
>(sessions: D): D {
  return {
    ...sessions,
    load: async (facts: RequestFacts, apply: ApplyPlan, afterResponse?: AfterResponse) => {
      const session = await sessions.load(facts, apply, afterResponse);
      debugLoaded(facts, session);
      return session;
    },
    checkCsrf: (facts: RequestFacts, session: S, readToken: () => unknown) => {
      const refused = sessions.checkCsrf(facts, session, readToken);
      debugCsrf(facts, sessions.config, session.isStored, refused);
      return refused;
    },
  };
}

/** The CSRF verdict for one request and the headers it rests on. */
export function debugCsrf(
  facts: RequestFacts,
  config: Pick<ResolvedConfig, 'csrf'>,
  storedSession: boolean,
  refused: SesameError | null,
): void {
  if (!debugEnabled) return;
  const { method } = facts;
  if (!config.csrf.enabled) return log('csrf %s: not checked (csrf.dangerouslyDisable)', method);
  const handshake = facts.handshake === true;
  if (!handshake && isSafeMethod(method)) return log('csrf %s: not checked (safe method)', method);
  const headers = `Sec-Fetch-Site=${facts.secFetchSite ?? '-'} Origin=${facts.origin ?? '-'}`;
  if (refused === null) {
    const sent = facts.secFetchSite !== null || facts.origin !== null;
    const by = sent ? 'headers' : handshake ? 'no browser headers (a handshake)' : 'a valid CSRF token';
    return log('csrf %s: allowed by %s (%s)', method, by, headers);
  }
  if (refused.code === 'ERR_CSRF_ORIGIN') {
    return log('csrf %s: refused %s: cross-site by its headers (%s)', method, refused.code, headers);
  }
  const why = storedSession
    ? 'the token is missing or wrong'
    : 'the anonymous token is missing, wrong, or its nonce cookie is missing';
  log('csrf %s: refused %s: no Sec-Fetch-Site or Origin, and %s', method, refused.code, why);
}

function failure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : typeof error;
  // The message is left out: a driver may quote the key it failed on, and keys hold session ids.
  return typeof code === 'string' ? `${name} ${code}` : name;
}

function keys(data: SessionData | undefined): string {
  return JSON.stringify(Object.keys(data ?? {}));
}

/**
 * `store` with every call written to the debug log: operation, session handle, outcome and time.
 * Used only when {@link debugEnabled}; data keys are named, values never.
 */
export function tracedStore(store: SessionStore, secrets: readonly Buffer[]): SessionStore {
  const handle = (id: string): string => sessionHandle(secrets, id);
  async function traced<T>(what: string, work: () => Promise<T>, outcome: (result: T) => string): Promise<T> {
    const startMs = performance.now();
    try {
      const result = await work();
      log('store %s -> %s (%s ms)', what, outcome(result), (performance.now() - startMs).toFixed(1));
      return result;
    } catch (error) {
      log('store %s failed: %s (%s ms)', what, failure(error), (performance.now() - startMs).toFixed(1));
      throw error;
    }
  }
  const written = (ok: boolean): string => (ok ? 'written' : 'gone (nothing written)');
  return {
    create: (record) =>
      traced(
        `create ${handle(record.id)} ${who(record.userId)}`,
        () => store.create(record),
        (r) => `userSessions=${r.userSessions}`,
      ),
    get: (id, options) =>
      traced(
        `get ${handle(id)}`,
        () => store.get(id, options),
        (r) => (r === null ? 'none (never issued, ended or expired)' : `found ${who(r.userId)}`),
      ),
    applyDelta: (id, delta) =>
      traced(
        `applyDelta ${handle(id)} set=${keys(delta.set)} unset=${JSON.stringify(delta.unset ?? [])}${delta.touch === undefined ? '' : ' +touch'}`,
        () => store.applyDelta(id, delta),
        written,
      ),
    touch: (id, lastSeenMs, idleExpiresMs) =>
      traced(`touch ${handle(id)}`, () => store.touch(id, lastSeenMs, idleExpiresMs), written),
    replace: (oldId, record) =>
      traced(
        `replace ${handle(oldId)} with ${handle(record.id)} ${who(record.userId)}`,
        () => store.replace(oldId, record),
        (r) => (r === null ? 'old session gone (nothing written)' : `userSessions=${r.userSessions}`),
      ),
    renewSecret: (id, renewal) =>
      traced(
        `renewSecret ${handle(id)}`,
        () => store.renewSecret(id, renewal),
        (ok) => (ok ? 'renewed' : 'not renewed (gone, or renewed meanwhile)'),
      ),
    delete: (id) =>
      traced(
        `delete ${handle(id)}`,
        () => store.delete(id),
        () => 'deleted',
      ),
    listByUser: (userId) =>
      traced(
        `listByUser ${who(userId)}`,
        () => store.listByUser(userId),
        (r) => `${r.length} live`,
      ),
    deleteByUser: (userId, options) =>
      traced(
        `deleteByUser ${who(userId)}${options?.exceptId === undefined ? '' : ` except ${handle(options.exceptId)}`}`,
        () => store.deleteByUser(userId, options),
        (n) => `${n} deleted`,
      ),
    deleteExpired: (nowMs) =>
      traced(
        'deleteExpired',
        () => store.deleteExpired(nowMs),
        (n) => `${n} deleted`,
      ),
    close: () => store.close(),
  };
}
