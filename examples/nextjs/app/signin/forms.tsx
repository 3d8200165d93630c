'use client';
import { useActionState } from 'react';
import type { FormState } from '../../lib/actions';
import { signIn, signOut } from '../../lib/actions';

const MESSAGES: Record<string, string> = {
  credentials: 'Wrong username or password.',
  ERR_CSRF_ORIGIN: 'Refused: this form was sent from another site.',
  ERR_CSRF_TOKEN: 'Refused: reload the page and try again.',
  ERR_SESSION_GONE: 'Your session has ended. Sign in again.',
  ERR_STORE_UNAVAILABLE: 'Sign-in is unavailable right now. Try again in a moment.',
  ERR_STORE_TIMEOUT: 'Sign-in is unavailable right now. Try again in a moment.',
};

function Problem({ state }: { state: FormState }) {
  if (state === null) return null;
  return <p role="alert">{MESSAGES[state.error] ?? `Something went wrong (${state.status}).`}</p>;
}

export function SignInForm() {
  const [state, action, pending] = useActionState(signIn, null);
  return (
    <form action={action}>
      <Problem state={state} />
      <input name="username" autoComplete="username" />{' '}
      <input name="password" type="password" autoComplete="current-password" />{' '}
      <button disabled={pending}>Sign in</button>
    </form>
  );
}

/** `csrf`: the session's token, for a browser that sends neither Sec-Fetch-Site nor Origin. */
export function SignOutForm({ csrf }: { csrf: string }) {
  const [state, action, pending] = useActionState(signOut, null);
  return (
    <form action={action}>
      <Problem state={state} />
      <input type="hidden" name="_csrf" value={csrf} />
      <button disabled={pending}>Sign out</button>
    </form>
  );
}
