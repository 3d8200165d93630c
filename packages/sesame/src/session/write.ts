/**
 * What a request writes to its own session: data deltas (docs/architecture.md §1.6), with a due
 * touch riding on the first, the anonymous CSRF token's cookie, and logout (§1.5). Each is one
 * store operation or none.
 *
 * @module
 */
import { cookiePlan } from '../cookie/serialize.js';
import { csrfTokenFor } from '../csrf/token.js';
import type { SessionData, SessionDelta, SessionRecord } from '../store.js';
import { endedBeforeRequest, refusesWrites } from './ended-reason.js';
import { createSession } from './sign-in.js';
import type { SessionState } from './state.js';

/** Set top-level keys in one `applyDelta`, or store a new anonymous session holding them. */
export async function setData(state: SessionState, set: SessionData): Promise<void> {
  const record = state.record;
  if (record === null) {
    if (refusesWrites(state.ended)) throw endedBeforeRequest(state.ended);
    await createSession(state, null, set, false);
    return;
  }
  await applyToRecord(state, record, { set });
  Object.assign(record.data, set);
}

/** Remove top-level keys in one `applyDelta`; nothing on a session that is not stored. */
export async function unsetData(state: SessionState, keys: readonly string[]): Promise<void> {
  const record = state.record;
  if (record === null && refusesWrites(state.ended)) throw endedBeforeRequest(state.ended);
  if (record === null || keys.length === 0) return;
  await applyToRecord(state, record, { unset: keys });
  for (const key of keys) delete record.data[key];
}

/**
 * One `applyDelta` of the loaded record, carrying the touch the engine left pending, if any, so
 * that a request that writes costs one store write, not two. `ERR_SESSION_GONE` when the record
 * ended meanwhile.
 */
async function applyToRecord(state: SessionState, record: SessionRecord, delta: SessionDelta): Promise<void> {
  const { touch } = state;
  const applied = await state.context.store('applyDelta', (store) =>
    store.applyDelta(record.id, touch === null ? delta : { ...delta, touch }),
  );
  if (!applied) return state.gone(record);
  if (touch !== null) state.touched(touch, record);
}

/** Delete this session, if stored, and clear its cookie. */
export async function endSession(state: SessionState): Promise<void> {
  const record = state.record;
  if (record !== null) {
    await state.context.store('delete', (store) => store.delete(record.id));
    state.context.emit('logout', record.id, record.userId, state.facts);
  }
  state.clear();
}

/**
 * The session's CSRF token; without a stored session, a token bound to a nonce in a cookie of
 * its own, issued now, and nothing stored (docs/architecture.md §1.9).
 */
export function csrfTokenOf(state: SessionState): string {
  const record = state.record;
  if (record !== null) return csrfTokenFor(state.context.secrets, record.id);
  const csrf = state.context.anonymousCsrf;
  state.nonce ??= csrf.presented(state.facts.cookieHeader) ?? csrf.newNonce();
  const { token, setCookie } = csrf.issue(state.nonce);
  state.apply(cookiePlan([setCookie]));
  return token;
}
