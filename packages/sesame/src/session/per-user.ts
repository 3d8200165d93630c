/**
 * The operations on all of a signed-in user's sessions: list them, end one by handle, end the
 * others, end every one (docs/architecture.md §1.5). Each reaches every instance that shares the
 * store through the store's per-user index.
 *
 * @module
 */
import type { SessionState } from './state.js';
import type { SessionInfo } from './user-sessions.js';
import { describeSessions, findByHandle } from './user-sessions.js';

/** End every other session of the user; the count ended. */
export async function logoutOthers(state: SessionState): Promise<number> {
  const record = state.signedIn('logoutOthers');
  const userId = record.userId as string;
  const { context } = state;
  const count = await context.store('deleteByUser', (store) =>
    store.deleteByUser(userId, { exceptId: record.id }),
  );
  context.emit('revoked', record.id, userId, state.facts, `others:${count}`);
  return count;
}

/** End every session of the user, this one included, and clear this request's cookie. */
export async function logoutEverywhere(state: SessionState): Promise<number> {
  const record = state.signedIn('logoutEverywhere');
  const userId = record.userId as string;
  const { context } = state;
  const count = await context.store('deleteByUser', (store) => store.deleteByUser(userId));
  context.emit('logout', record.id, userId, state.facts, `everywhere:${count}`);
  state.clear();
  return count;
}

/** The user's live sessions, most recently active first. */
export async function listSessions(state: SessionState): Promise<SessionInfo[]> {
  const record = state.signedIn('list');
  const { context } = state;
  const records = await context.store('listByUser', (store) => store.listByUser(record.userId as string));
  return describeSessions(records, record, context.secrets, context.now());
}

/** End the user's session with `handle`; `false` when the user has none with it. */
export async function revokeSession(state: SessionState, handle: string): Promise<boolean> {
  const record = state.signedIn('revoke');
  const userId = record.userId as string;
  const { context, facts } = state;
  const records = await context.store('listByUser', (store) => store.listByUser(userId));
  const target = findByHandle(records, userId, handle, context.secrets);
  if (target === undefined) return false;
  await context.store('delete', (store) => store.delete(target.id));
  if (target.id === record.id) {
    context.emit('logout', record.id, record.userId, facts);
    state.clear();
  } else {
    context.emit('revoked', target.id, target.userId, facts, 'revoke');
  }
  return true;
}
