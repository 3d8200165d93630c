/**
 * The session of a Next.js Server Action. An action has no `Request` and no `Response`: it reads
 * the request's headers (`await headers()`) and sets cookies through `(await cookies()).set(name,
 * value, options)`, both from 'next/headers'. The session's cookie changes reach that store by
 * parts ({@link PlannedCookie}), the same cookies the other adapters send as `Set-Cookie` lines.
 *
 * @module
 */
import type { RegisteredData, Sessions } from '../../index.js';
import type { SesameErrorCode } from '../../errors.js';
import { isSesameError } from '../../errors.js';
import type { ApplyPlan, PlannedCookie, PlannedCookieOptions } from '../../http.js';
import type { Session } from '../../session/session.js';
import type { HeadersLike } from './facts.js';
import { factsFromHeaders } from './facts.js';

/** Where a Server Action sets cookies: what `await cookies()` from 'next/headers' returns has it. */
export interface ActionCookies {
  /** Set cookie `name` to `value` with exactly `options` on the action's response. */
  set(name: string, value: string, options: PlannedCookieOptions): unknown;
}

/** What a Server Action knows of its request. */
export interface ActionRequest {
  /** The request's headers: `await headers()` from 'next/headers'. */
  headers: HeadersLike;
  /** The response's cookies: `await cookies()` from 'next/headers'. */
  cookies: ActionCookies;
}

/** Options of {@link actionSession}. */
export interface ActionSessionOptions {
  /**
   * Believe `X-Forwarded-Host`, `X-Forwarded-Proto` (first value) and `X-Forwarded-For` (last
   * value) for the CSRF check's origin and the session's metadata: only behind one proxy that
   * sets them (on Vercel, say). Default false: the `Host` header, plain HTTP, no address.
   */
  trustProxy?: boolean;
  /**
   * The synchronizer token the form sent, e.g. `formData.get('_csrf')`. Checked only when neither
   * `Sec-Fetch-Site` nor `Origin` decides (every current browser sends them with an action).
   */
  csrfToken?: unknown;
}

/** What a Server Action returns, as its form state, when Sesame refused it or failed. */
export interface ActionError {
  /** The `SesameError`'s code: `ERR_CSRF_ORIGIN`, `ERR_SESSION_GONE`, `ERR_STORE_UNAVAILABLE`, … */
  error: SesameErrorCode;
  /** The status a route handler would answer with: 403 CSRF refused, 401 session ended, 503 store down. */
  status: number;
}

/**
 * The `ApplyPlan` of one action: cookie changes wait until `release`, once the session is loaded,
 * so a load that fails sets nothing; after it they are set at once. A plan without its cookies by
 * parts (one an adapter made itself) is refused rather than half applied.
 */
export function cookieStorePlan(store: ActionCookies): { apply: ApplyPlan; release: () => void } {
  const held = new Map<string, PlannedCookie>();
  let released = false;
  const set = ({ name, value, options }: PlannedCookie): void => void store.set(name, value, { ...options });
  return {
    apply: (plan) => {
      const cookies = plan.cookies ?? [];
      if (cookies.length !== plan.setCookies.length) {
        throw new Error('sesame: a plan without its cookies by parts cannot be applied to a cookie store.');
      }
      for (const cookie of cookies) {
        if (released) set(cookie);
        else held.set(cookie.name, cookie);
      }
    },
    release: () => {
      released = true;
      for (const cookie of held.values()) set(cookie);
      held.clear();
    },
  };
}

/**
 * Load the session of a Server Action's request and check CSRF as for any POST (an action is
 * one): `Sec-Fetch-Site: same-origin` or the app's own `Origin` pass, another site is refused,
 * and without either header the `csrfToken` option decides. Every cookie change — sign-in,
 * rotation, renewal, sign-out, a cleared bad cookie, an anonymous visitor's CSRF cookie — is set
 * through `request.cookies.set` with the attributes of Sesame's `Set-Cookie` line.
 *
 * Throws a `SesameError` for a store outage (503), having set no cookie, or for a refused CSRF
 * check (403), having set only what loading the session planned (a renewed token, a bad cookie
 * cleared), as every adapter's 403 does; session methods throw theirs (401 for a session ended
 * meanwhile, whose cookie is then cleared). Catch them with {@link actionError} to return a form
 * state instead of Next.js's 500.
 * A response header Sesame would add (the Device Bound Session Credentials offer of a sign-in)
 * cannot leave an action: with `deviceBound`, sign in through a route handler to bind the session.
 *
 * @example
 * // app/actions.ts (Next.js)
 * 'use server';
 * import { cookies, headers } from 'next/headers';
 * import { redirect } from 'next/navigation';
 * import { actionError, actionSession } from 'sesame-session/web';
 *
 * export async function signOut(): Promise<ActionError | null> {
 *   try {
 *     const session = await actionSession(sessions, { headers: await headers(), cookies: await cookies() });
 *     await session.logout();
 *   } catch (error) {
 *     return actionError(error); // 403, 401, 503 as form state; anything else is rethrown
 *   }
 *   redirect('/');
 * }
 */
export async function actionSession(
  sessions: Sessions<RegisteredData>,
  request: ActionRequest,
  options: ActionSessionOptions = {},
): Promise<Session<RegisteredData>> {
  const facts = factsFromHeaders(
    { method: 'POST', headers: request.headers, url: null, ip: () => null },
    options.trustProxy === true,
  );
  const plan = cookieStorePlan(request.cookies);
  const session = await sessions.load(facts, plan.apply);
  const refused = sessions.checkCsrf(facts, session, () => options.csrfToken);
  // Before a refusal too: what loading planned must reach the browser, a renewal above all (see
  // load.ts, where the same is done for a Request).
  plan.release();
  if (refused !== null) throw refused;
  return session;
}

/**
 * The form state for an error thrown in a Server Action: `{ error: code, status }` for a
 * `SesameError` (403 CSRF refused, 401 session ended, 503 store down, …), so the action returns
 * it rather than failing with a 500. Any other error is rethrown, Next.js's `redirect()` and
 * `notFound()` included, so a `catch` that returns this never swallows them.
 */
export function actionError(error: unknown): ActionError {
  if (!isSesameError(error)) throw error;
  return { error: error.code, status: error.status };
}
