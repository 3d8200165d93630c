/**
 * Turn what an express-session app did to `req.session` into Sesame operations. Sign-in and
 * sign-out are read from the data (`req.session.passport.user` by default): a new user id becomes
 * `login()` with the data (a new token, the old record deleted and the data written in the same
 * store operation), a removed one `logout()` (the old cookie is refused from then on). After
 * `regenerate()` the session is written whole under a new token; otherwise only the keys that
 * changed are, as one delta (docs/architecture.md §1.3, §1.5, §1.6).
 *
 * @module
 */
import type { RegisteredData } from '../../index.js';
import type { Session } from '../../session/session.js';
import type { SessionData } from '../../store.js';
import { dataOf, deltaBetween, type Delta, type Snapshot } from './snapshot.js';

/** The layer writes whatever keys the app uses, whatever data type the app registered. */
export function writable(session: Session<RegisteredData>): Session<SessionData> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed once an app registers a data type.
  return session as unknown as Session<SessionData>;
}

/** The state of `req.session` now, against what the store held when last in step with it. */
export interface Changes {
  stored: Snapshot;
  now: Snapshot;
  storedUser: string | null;
  user: string | null;
  /** `regenerate()` was called since: a new token and only the new data. */
  regenerated: boolean;
}

/**
 * The common cases (a delta, the same user) return the store write's own promise: no async frame
 * of their own, which every request that changes `req.session` would allocate and collect.
 */
export function saveChanges(sesame: Session<SessionData>, changes: Changes): Promise<void> {
  const { stored, now, storedUser, user, regenerated } = changes;
  return !regenerated && user === storedUser ? writeDelta(sesame, stored, now) : signInOrOut(sesame, changes);
}

async function signInOrOut(sesame: Session<SessionData>, changes: Changes): Promise<void> {
  const { stored, now, user, regenerated } = changes;
  if (user !== null && regenerated) {
    // Passport's sign-in (regenerate, set passport.user, save): the new record with its data in
    // one create or replace (issue 15), never the data first under the old token.
    await sesame.login(user, { keepData: false, data: dataOf(now) });
    return;
  }
  if (user !== null) {
    const delta = deltaBetween(stored, now);
    await sesame.login(user, { data: delta?.set ?? {} });
    if (delta !== null && delta.unset.length > 0) await sesame.unset(...delta.unset);
    return;
  }
  if (sesame.isStored) await sesame.logout();
  await writeWhole(sesame, now);
}

async function writeWhole(sesame: Session<SessionData>, now: Snapshot): Promise<void> {
  if (now.size > 0) await sesame.update(dataOf(now));
}

function writeDelta(sesame: Session<SessionData>, stored: Snapshot, now: Snapshot): Promise<void> {
  const delta = deltaBetween(stored, now);
  if (delta === null) return Promise.resolve();
  // No key gone: deltaBetween found a key set, and the one update writes it.
  if (delta.unset.length === 0) return sesame.update(delta.set);
  return writeSetAndUnset(sesame, delta);
}

async function writeSetAndUnset(sesame: Session<SessionData>, delta: Delta): Promise<void> {
  if (Object.keys(delta.set).length > 0) await sesame.update(delta.set);
  if (sesame.isStored) await sesame.unset(...delta.unset);
}
