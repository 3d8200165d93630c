/**
 * Signing in as a person would: open the login page, fill the form it serves (hidden fields and
 * CSRF token included), post it with the headers a browser sends, follow same-origin redirects.
 * The password goes to the target origin only: a form that posts elsewhere stops the audit.
 *
 * @module
 */
import { AuditAbort } from '../errors.js';
import type { Agent, Navigation } from '../http/agent.js';
import { sameOriginHeaders } from '../http/agent.js';
import { isSameOrigin, shortUrl } from '../http/target.js';
import type { AuditOptions } from '../options.js';
import { offTargetNote } from './endpoint-call.js';
import type { HtmlForm } from './forms.js';
import { csrfFieldOf, findLoginForm, formValues, parseForms } from './forms.js';

/** What was learned about the login form. */
export interface LoginFormInfo {
  action: URL;
  usernameField: string;
  passwordField: string;
  /** The anti-forgery field, or `null` when the form has none. */
  csrfField: string | null;
}

/** One sign-in attempt. */
export interface LoginAttempt {
  page: Navigation;
  form: LoginFormInfo;
  post: Navigation;
}

const USERNAME_HINT = /user|email|login|account|name|ident/i;

/**
 * Open the login page with `agent` and submit the credentials. Does not judge success: callers
 * ask the protected page (see `isSignedIn`).
 *
 * @example
 * const attempt = await submitLogin(agent, options);
 */
export async function submitLogin(agent: Agent, options: AuditOptions): Promise<LoginAttempt> {
  const page = await agent.navigate('GET', options.loginPath, { headers: { 'sec-fetch-site': 'none' } });
  const found = findLoginForm(parseForms(page.final.body, page.final.url));
  const form = describeForm(found, page, options);
  if (!isSameOrigin(agent.target, form.action)) {
    throw new AuditAbort(
      'off-target',
      `the login form posts to ${form.action.origin}; sesame-session-audit never sends the password anywhere but ${agent.target.origin}`,
    );
  }
  const fields: Record<string, string> = {
    ...(found === null ? {} : formValues(found)),
    ...options.extraFields,
    [form.usernameField]: options.username,
    [form.passwordField]: options.password,
  };
  const headers = sameOriginHeaders(agent.publicOrigin);
  const post =
    options.loginEncoding === 'json'
      ? await agent.navigate('POST', form.action, { json: fields, headers })
      : await agent.navigate('POST', form.action, { form: fields, headers });
  return { page, form, post };
}

function describeForm(found: HtmlForm | null, page: Navigation, options: AuditOptions): LoginFormInfo {
  const actionPath = options.loginAction;
  if (found === null && actionPath === undefined) {
    throw new AuditAbort(
      'login-failed',
      `no form with a password field at ${shortUrl(page.final.url)} (status ${page.final.status}${offTargetNote(page)}); ` +
        'set --login-path, or loginAction in --config',
    );
  }
  const passwordField =
    options.passwordField ?? found?.fields.find((f) => f.type === 'password')?.name ?? 'password';
  const candidates = found?.fields.filter((f) => ['text', 'email', 'tel'].includes(f.type)) ?? [];
  const usernameField =
    options.usernameField ??
    candidates.find((f) => USERNAME_HINT.test(f.name))?.name ??
    candidates[0]?.name ??
    'username';
  return {
    action:
      actionPath === undefined ? (found?.action ?? page.final.url) : new URL(actionPath, page.final.url),
    usernameField,
    passwordField,
    csrfField: options.csrfField ?? (found === null ? null : csrfFieldOf(found)),
  };
}

/** Signed in means the protected page answers 200 (not a redirect to the login page, not 401/403). */
export async function isSignedIn(agent: Agent, options: AuditOptions): Promise<boolean> {
  const hop = await agent.send('GET', options.protectedPath, {
    headers: { 'sec-fetch-site': 'same-origin' },
  });
  return hop.status === 200;
}

/** A one-line account of a failed sign-in, for the exit-code-2 message. */
export function describeFailedLogin(attempt: LoginAttempt): string {
  const first = attempt.post.hops[0];
  const status = first === undefined ? 'no answer' : `answered ${first.status}`;
  const next = first?.location ?? null;
  // A redirect off the origin is named by its origin (offTargetNote), never as a bare path.
  const where = next === null || !isSameOrigin(attempt.form.action, next) ? '' : ` → ${shortUrl(next)}`;
  return `POST ${shortUrl(attempt.form.action)} ${status}${where}${offTargetNote(attempt.post)}`;
}
