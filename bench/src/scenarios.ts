/**
 * The four scenarios of issue 5. Each is one route hit by wrk, with or without a pool of signed-in
 * cookies; (d) is (a) after the store was filled with 100k other live sessions.
 *
 * @module
 */

export type ScenarioId = 'a' | 'b' | 'c' | 'd';

export interface Scenario {
  id: ScenarioId;
  title: string;
  method: 'GET' | 'POST';
  path: '/read' | '/update' | '/login';
  /** Requests carry a cookie drawn at random from the pool of signed-in sessions. */
  usesPool: boolean;
  /** Live sessions put into the store (directly, not over HTTP) before the pool is made. */
  fillSessions: number;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'a',
    title: '(a) GET that reads a signed-in session',
    method: 'GET',
    path: '/read',
    usesPool: true,
    fillSessions: 0,
  },
  {
    id: 'b',
    title: '(b) POST that changes one key',
    method: 'POST',
    path: '/update',
    usesPool: true,
    fillSessions: 0,
  },
  {
    id: 'c',
    title: '(c) POST that signs a new user in (new session)',
    method: 'POST',
    path: '/login',
    usesPool: false,
    fillSessions: 0,
  },
  {
    id: 'd',
    title: '(d) = (a) with 100k other live sessions in the store',
    method: 'GET',
    path: '/read',
    usesPool: true,
    fillSessions: 100_000,
  },
];

export function isScenarioId(value: string): value is ScenarioId {
  return value === 'a' || value === 'b' || value === 'c' || value === 'd';
}
