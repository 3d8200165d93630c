import { headers } from 'next/headers';
import { connection } from 'next/server';
import { readSession } from 'sesame-session/web';
import { sessions } from '../../lib/sessions';
import { SignInForm, SignOutForm } from './forms';

// Sign-in and sign-out through Server Actions (lib/actions.ts). The page itself is a server
// component, which reads the session read-only: the actions set the cookies.
// With cacheComponents: a page that reads the request blocks until it is rendered, per request.
export const instant = false;

export default async function SignInPage() {
  await connection(); // nothing below runs at build time: the session's expiry reads the clock
  const session = await readSession(sessions, await headers());
  if (session.userId === null) {
    return (
      <main>
        <h1>Sign in</h1>
        <SignInForm />
      </main>
    );
  }
  return (
    <main>
      <h1>Signed in as {session.userId}</h1>
      <SignOutForm csrf={await session.csrfToken()} />
    </main>
  );
}
