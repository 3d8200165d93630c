/**
 * The session of a render that cannot set cookies: a React Server Component or a page in
 * Next.js, which sees the request's headers (`await headers()`) but has no response to change.
 * Loading renews no token and clears no cookie there, since the browser would never see the new
 * one: its next request would show a renewed-away secret, which ends the session as a theft.
 *
 * @module
 */
import type { RegisteredData, Sessions } from '../../index.js';
import { SesameError } from '../../errors.js';
import type { RequestFacts, ResponsePlan } from '../../http.js';
import type { Session } from '../../session/session.js';
import type { HeadersLike } from './facts.js';

const readOnlyPlan = (_plan: ResponsePlan): never => {
  throw new SesameError(
    'ERR_RESPONSE_SENT',
    'sesame: this session was read with readSession(), for a render that cannot set cookies; sign in, sign out, start a session or issue an anonymous CSRF token in a route handler or a Server Action.',
  );
};

/**
 * Read the session of the request being rendered, where no cookie can be set (a React Server
 * Component, a Next.js page or layout). Reads, `csrfToken()` of a stored session and writes to its
 * data work; what must set a cookie — `login`, `rotate`, a first write of a visitor without a
 * session, the CSRF token of such a visitor — throws `ERR_RESPONSE_SENT` before it writes
 * anything. `logout` ends the session in the store, then throws it, as its cookie cannot be
 * cleared. The token is never renewed here (`renewAfter`): a route handler renews it.
 *
 * @example
 * // app/page.tsx (Next.js)
 * import { headers } from 'next/headers';
 * import { readSession } from 'sesame-session/web';
 *
 * export default async function Page() {
 *   const session = await readSession(sessions, await headers());
 *   return <p>{session.userId === null ? 'Not signed in' : `Signed in as ${session.userId}`}</p>;
 * }
 */
export function readSession(
  sessions: Sessions<RegisteredData>,
  headers: HeadersLike,
): Promise<Session<RegisteredData>> {
  // Only the cookie counts: host, scheme, address and agent matter to what sets a cookie, a CSRF
  // check or a new session's metadata, none of which happens here.
  const facts: RequestFacts = {
    method: 'GET',
    cookieHeader: headers.get('cookie'),
    origin: null,
    secFetchSite: null,
    userAgent: null,
    host: null,
    isSecure: false,
    ip: null,
    path: null,
    readOnly: true,
  };
  return sessions.load(facts, readOnlyPlan);
}
