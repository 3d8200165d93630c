/**
 * Why the setup sign-in failed, in the exit-code-2 message, pointing at the likeliest cause: a
 * refusal of the form itself (CSRF or Origin check), a cookie a browser would drop over plain
 * HTTP, or else the credentials and paths. Advice is built from what the sign-in request really
 * sent, so it never suggests the header that was already there.
 *
 * @module
 */
import { publicOriginOf } from '../args.js';
import { saysBehindTls } from '../context.js';
import type { AuditOptions } from '../options.js';
import type { LoginAttempt } from './login.js';
import { describeFailedLogin } from './login.js';

const TLS_ADVICE =
  "pass -H 'X-Forwarded-Proto: https' if a TLS proxy sits in front, or audit its https:// URL";

/**
 * Why sign-in failed, pointing at the likeliest cause.
 *
 * @example
 * throw new AuditAbort('login-failed', loginFailure(attempt, options, ctx.secureContext));
 */
export function loginFailure(attempt: LoginAttempt, options: AuditOptions, secureContext: boolean): string {
  const status = attempt.post.hops[0]?.status;
  // 403 (Django, csurf, Express Origin checks) or 419 (Laravel) on the form post: the site refused
  // the request itself before it looked at the password.
  if (status === 403 || status === 419) {
    return `${describeFailedLogin(attempt)}: the site refused the sign-in form itself, most likely its CSRF or Origin check ${refusedFormAdvice(attempt, options)}`;
  }
  const tlsAdvice = plainHttpCookieTrouble(attempt, options, secureContext);
  if (tlsAdvice !== null) return `${describeFailedLogin(attempt)}, ${tlsAdvice}`;
  return `${describeFailedLogin(attempt)}, and ${options.protectedPath} still refuses the session; check --username/--password, --login-path and --protected-path`;
}

/**
 * What the refused post carried and what to change: the proxy header only when the request went
 * without it, `--origin` as the thing to fix when the Origin came from it, `--csrf-field` only
 * when the form showed no token field.
 */
function refusedFormAdvice(attempt: LoginAttempt, options: AuditOptions): string {
  const sent = attempt.post.hops[0]?.requestHeaders ?? {};
  const origin = sent.origin ?? '(none)';
  const fromFlag = origin !== publicOriginOf(options.target, options.headers);
  let change: string;
  if (fromFlag) {
    change = "set --origin to the origin the site's pages are served from, or leave it out";
  } else if (origin.startsWith('http://') && !saysBehindTls(sent)) {
    change = "behind a TLS proxy pass -H 'X-Forwarded-Proto: https' or --origin https://…";
  } else {
    change = "if the site's pages are served from another origin, pass --origin with it";
  }
  const { csrfField } = attempt.form;
  const token =
    csrfField === null
      ? 'name the token field with --csrf-field if the form hides it elsewhere'
      : `the form's token field ${csrfField} was sent as the page gave it`;
  return `(Origin and Referer were ${origin}${fromFlag ? ', from --origin' : ''}). ${capitalise(change)}; ${token}`;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Over plain HTTP a Secure cookie is neither kept nor sent by a browser (RFC 6265bis; browsers
 * except loopback), and apps behind a TLS proxy often refuse to set one at all (express-session skips
 * it when `req.secure` is false), so a correct password still leaves the browser signed out.
 */
function plainHttpCookieTrouble(
  attempt: LoginAttempt,
  options: AuditOptions,
  secureContext: boolean,
): string | null {
  if (options.target.protocol !== 'http:') return null;
  const set = [...attempt.page.hops, ...attempt.post.hops]
    .flatMap((hop) => hop.cookies)
    .filter((c) => !c.expires);
  const dropped = [...new Set(set.filter((c) => c.cookie.secure === true).map((c) => c.cookie.name))];
  if (!secureContext && dropped.length > 0) {
    return (
      `but it set ${dropped.join(', ')} with Secure, which a browser neither keeps nor sends over http://, ` +
      `so ${options.protectedPath} still refuses the session; ${TLS_ADVICE}`
    );
  }
  if (saysBehindTls(options.headers) || attempt.post.hops.some((hop) => hop.cookies.length > 0)) return null;
  return (
    `but no response to the sign-in set a cookie, so ${options.protectedPath} still refuses the session; ` +
    `an app whose session cookie is Secure may set none over http://: ${TLS_ADVICE}; ` +
    'otherwise check --username/--password, --login-path and --protected-path'
  );
}
