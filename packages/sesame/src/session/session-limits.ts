/**
 * Bounds on what requests can make the store hold: at most `maxSessionsPerUser` sessions per user,
 * and anonymous sessions only as far as `beforeAnonymousCreate` allows (issue 10).
 *
 * @module
 */
import { SesameError } from '../errors.js';
import type { SessionContext } from './context.js';
import type { RequestFacts } from '../http.js';
import { sessionsToEvict } from './user-sessions.js';

/** The few session-context parts the limit needs. */
export type LimitContext = Pick<SessionContext, 'maxSessionsPerUser' | 'store' | 'emit'>;

/**
 * End the longest-idle sessions past `maxSessionsPerUser`. `userSessions` is the count the write
 * reported, so a sign-in under the limit costs no second round trip (issue 5). The store may
 * over-count sessions that expired unswept (store.ts), so past the limit the live ones are
 * listed and only those decide (a NaN count compares false, so it lists too).
 */
export async function enforceSessionLimit(
  context: LimitContext,
  facts: RequestFacts,
  userId: string,
  keepId: string,
  userSessions: number,
): Promise<void> {
  const limit = context.maxSessionsPerUser;
  if (userSessions <= limit) return;
  const records = await context.store('listByUser', (store) => store.listByUser(userId));
  for (const r of sessionsToEvict(records, limit, keepId)) {
    await context.store('delete', (store) => store.delete(r.id));
    context.emit('revoked', r.id, userId, facts, 'limit');
  }
}

/** Throws `ERR_SESSION_LIMITED` (429) when the app's `beforeAnonymousCreate` refuses. */
export async function assertAnonymousCreateAllowed(
  gate: ((facts: RequestFacts) => boolean | Promise<boolean>) | undefined,
  facts: RequestFacts,
): Promise<void> {
  if (gate === undefined || (await gate(facts))) return;
  throw new SesameError('ERR_SESSION_LIMITED', 'beforeAnonymousCreate refused a new anonymous session.');
}
