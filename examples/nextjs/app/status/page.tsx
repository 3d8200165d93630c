import { headers } from 'next/headers';
import { connection } from 'next/server';
import { readSession } from 'sesame-session/web';
import { sessions } from '../../lib/sessions';

// A server component: it renders with the request's headers but cannot set a cookie, so it reads
// the session read-only (no token renewal; sign-in and sign-out stay in the route handlers).
// With cacheComponents: a page that reads the request blocks until it is rendered, per request.
export const instant = false;

export default async function StatusPage() {
  await connection(); // nothing below runs at build time: the session's expiry reads the clock
  const session = await readSession(sessions, await headers());
  return (
    <main>
      <p>{session.userId === null ? 'Not signed in.' : `Signed in as ${session.userId}.`}</p>
      <p>
        <a href={session.userId === null ? '/login' : '/account'}>
          {session.userId === null ? 'Sign in' : 'Your account'}
        </a>
      </p>
    </main>
  );
}
