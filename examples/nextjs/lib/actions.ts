'use server';
/**
 * Sign-in and sign-out as Server Actions. An action has no Request and no Response: actionSession
 * reads the request's headers, checks CSRF as for any POST, and sets every cookie change through
 * cookies(). A SesameError becomes the form's state (403 refused, 401 ended, 503 store down)
 * rather than a 500; actionError rethrows anything else, redirect() included.
 */
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { actionError, actionSession } from 'sesame-session/web';
import type { ActionError } from 'sesame-session/web';
import { checkPassword, sessions } from './sessions';

/** What the forms show after an action that did not redirect. */
export type FormState = ActionError | { error: 'credentials'; status: 401 } | null;

async function sessionOf(form: FormData) {
  return actionSession(
    sessions,
    { headers: await headers(), cookies: await cookies() },
    { csrfToken: form.get('_csrf') }, // read only when Sec-Fetch-Site and Origin are both missing
  );
}

export async function signIn(_state: FormState, form: FormData): Promise<FormState> {
  try {
    const session = await sessionOf(form);
    if (!checkPassword(form.get('username'), form.get('password')))
      return { error: 'credentials', status: 401 };
    await session.login('alice'); // new token: the pre-login one is dead
  } catch (error) {
    return actionError(error);
  }
  redirect('/status');
}

export async function signOut(_state: FormState, form: FormData): Promise<FormState> {
  try {
    await (await sessionOf(form)).logout(); // deleted server-side, cookie expired
  } catch (error) {
    return actionError(error);
  }
  redirect('/status');
}
