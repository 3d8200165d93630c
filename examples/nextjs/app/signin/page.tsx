import { headers } from 'next/headers';
import { readSession } from 'sesame-session/web';
import { sessions } from '../../lib/sessions';
import { SignInForm, SignOutForm } from './forms';

// Sign-in and sign-out through Server Actions (lib/actions.ts). The page itself is a server
// component, which reads the session read-only: the actions set the cookies.
export default async function SignInPage() {
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
