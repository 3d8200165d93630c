import { headers } from 'next/headers';
import { readSession } from 'sesame-session/web';
import { sessions } from '../../lib/sessions';

// A server component: it renders with the request's headers but cannot set a cookie, so it reads
// the session read-only (no token renewal; sign-in and sign-out stay in the route handlers).
export default async function StatusPage() {
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
