/**
 * The operations that issue a new token: storing a new session, signing a user in, rotating and
 * re-authenticating (docs/architecture.md §1.3). Each writes the new record, its data included, in
 * one store operation, and only while the response can still carry the new cookie.
 *
 * @module
 */
import type { SessionData, SessionRecord } from '../store.js';
import { generateToken } from '../token/generate.js';
import { cloneData } from './data.js';
import { endedBeforeRequest, refusesWrites } from './ended-reason.js';
import { assertAnonymousCreateAllowed, enforceSessionLimit } from './session-limits.js';
import type { SessionState } from './state.js';

/** Store a new session for this request: one `create`. */
export async function createSession(
  state: SessionState,
  userId: string | null,
  data: SessionData,
  persistent: boolean,
): Promise<void> {
  const { context, facts } = state;
  state.beforeIssue();
  if (userId === null) await assertAnonymousCreateAllowed(context.beforeAnonymousCreate, facts);
  const token = generateToken();
  const record = context.newRecord(token, context.now(), userId, data, facts, persistent);
  await context.store('create', (store) => store.create(record));
  state.adopt(token, record);
  context.emit('created', record.id, userId, facts);
}

/**
 * Sign `userId` in with a new token and a new absolute lifetime. The data is the anonymous
 * session's (unless `keepData` is false) with `set` over it, written with the record in the one
 * `replace` or `create` (issue 15).
 */
export async function signIn(
  state: SessionState,
  userId: string,
  set: SessionData,
  keepData: boolean,
  persistent: boolean,
): Promise<void> {
  const { context, facts } = state;
  state.beforeIssue();
  const old = state.record;
  const nowMs = context.now();
  const data = !keepData || old === null ? (Object.create(null) as SessionData) : cloneData(old.data);
  Object.assign(data, set);
  const token = generateToken();
  const record = context.newRecord(token, nowMs, userId, data, facts, persistent);
  const replaced =
    old === null ? null : await context.store('replace', (store) => store.replace(old.id, record));
  // The old session may have been ended meanwhile; sign-in is a fresh proof, so it still
  // creates the new one (without reviving the old id).
  const written = replaced ?? (await context.store('create', (store) => store.create(record)));
  state.adopt(token, record);
  context.emit('login', record.id, userId, facts);
  await enforceSessionLimit(context, facts, userId, record.id, written.userSessions);
}

/**
 * A new token for the same session, its record changed by `change` (a fresh `authenticatedAt`,
 * data to set), in one `replace`. A no-op on a session that is not stored.
 */
export async function rotateSession(
  state: SessionState,
  change: (record: SessionRecord, nowMs: number) => SessionRecord,
): Promise<void> {
  const old = state.record;
  if (old === null && refusesWrites(state.ended)) throw endedBeforeRequest(state.ended);
  if (old === null) return;
  state.beforeIssue();
  const { context, facts } = state;
  const nowMs = context.now();
  const token = generateToken();
  const record: SessionRecord = {
    ...change(old, nowMs),
    id: token.id,
    secretHash: token.secretHash,
    rotatedMs: nowMs,
    // A new id starts with no renewal history: the old record's previous secret dies with it.
    previousSecretHash: null,
    previousSecretExpiresMs: null,
    // A device binding never moves to a new token; the new record is offered registration again
    // (docs/device-bound-sessions.md).
    deviceBinding: context.deviceBindingFor(old.userId, nowMs),
  };
  // The user is unchanged, so is their session count: no limit to check.
  const replaced = await context.store('replace', (store) => store.replace(old.id, record));
  if (replaced === null) return state.gone(old);
  state.adopt(token, record);
  context.emit('rotated', record.id, record.userId, facts);
}
