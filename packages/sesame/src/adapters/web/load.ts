/**
 * Loading a session for a `Request`: the work behind `loadSession`, `withSession` and the Hono
 * middleware. Those two always call `apply` last, so they let a due touch wait for it (the
 * request's first write carries it, or it is written as `apply` runs); `loadSession` cannot know
 * that its caller will, so its touch is written while loading.
 *
 * A WebSocket handshake (facts.ts) is judged by its `Sec-Fetch-Site` and `Origin` whatever its
 * method, and its session is read-only: a cookie change throws `ERR_RESPONSE_SENT`
 * (../handshake.ts), so `apply` adds nothing to the 101.
 *
 * @module
 */
import type { RegisteredData, Sessions } from '../../index.js';
import type { SesameError } from '../../errors.js';
import { isSesameError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import type { WebFactsOptions } from './facts.js';
import { factsFromRequest } from './facts.js';
import { ResponseHeaders } from './response-headers.js';
import { refuseHandshakeCookie } from '../handshake.js';

/** Options of {@link loadSession} and {@link withSession}. */
export interface WebSessionOptions extends WebFactsOptions {
  /** Where the synchronizer token is read from. Default: `x-csrf-token` header, then a form's `_csrf` field. */
  csrfToken?: (request: Request) => unknown;
  /** Requests exempt from the CSRF check (e.g. a webhook that verifies its own signature). */
  skipCsrf?: (request: Request) => boolean;
}

/** A loaded session and the way its cookie changes reach the response. */
export interface LoadedSession {
  /** The request's session (anonymous until a login). */
  session: Session<RegisteredData>;
  /** Add the session's `Set-Cookie` / `Cache-Control` to the response to send, and return it. Call once, last. */
  apply: (response: Response) => Response;
  /** Those headers as they stand, for APIs that take headers rather than a response. */
  headers: () => Headers;
}

/**
 * What loading planned before each refusal it threw, until the refusal's response is built. Keyed
 * by the error, which the CSRF check makes anew for every request (session/csrf-verdict.ts): a
 * shared error would hand one browser's cookies to another's response.
 */
const plannedBeforeRefusal = new WeakMap<SesameError, ResponseHeaders>();

/**
 * The headers loading planned before it threw `error` (a refused CSRF check), which the response
 * to `error` must carry; `undefined` for any other error.
 */
export function plannedBefore(error: unknown): ResponseHeaders | undefined {
  return isSesameError(error) ? plannedBeforeRefusal.get(error) : undefined;
}

const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The `x-csrf-token` header, else the `_csrf` field of a form body (read from a clone). */
async function defaultCsrfToken(request: Request): Promise<unknown> {
  const fromHeader = request.headers.get('x-csrf-token');
  if (fromHeader !== null) return fromHeader;
  if (!FORM.test(request.headers.get('content-type') ?? '')) return undefined;
  try {
    return (await request.clone().formData()).get('_csrf') ?? undefined;
  } catch {
    return undefined; // a malformed body carries no token
  }
}

/**
 * Load the session of `request` and check CSRF. With `touchOnApply`, a due touch waits for the
 * request's first write or for `apply`: only for callers that always call `apply`.
 */
export async function loadWebSession(
  sessions: Sessions<RegisteredData>,
  request: Request,
  options: WebSessionOptions,
  touchOnApply: boolean,
): Promise<LoadedSession> {
  const facts = factsFromRequest(request, options);
  const pending = new ResponseHeaders();
  let afterApply: (() => void) | null = null;
  const session = await sessions.load(
    facts,
    facts.readOnly === true ? refuseHandshakeCookie : pending.add,
    touchOnApply ? (run) => void (afterApply = run) : undefined,
  );
  if (options.skipCsrf?.(request) !== true) {
    // The body is read only when neither Sec-Fetch-Site nor Origin decides (the token's turn).
    let needsToken = false;
    let refused = sessions.checkCsrf(facts, session, () => void (needsToken = true));
    if (needsToken) {
      const token: unknown = await (options.csrfToken ?? defaultCsrfToken)(request);
      refused = sessions.checkCsrf(facts, session, () => token);
    }
    if (refused !== null) {
      // Refused, the request still gets what loading planned (engine.ts `load`): a renewal is
      // already stored, and withheld it would leave the browser with the old secret, whose first
      // use after the grace is judged token reuse and ends the session (docs/architecture.md
      // §1.13), so any page able to send a cross-site POST could sign the user out. Loading plans
      // nothing worth withholding from the browser that sent the request: `Cache-Control:
      // no-store`, the clearing of a cookie that names no live session, and a new secret for the
      // session this browser proved it holds, which only its cookie jar receives (the sending page
      // cannot read a Set-Cookie) and which grants the refused request nothing; a cross-site GET
      // renews too. A read-only load (a handshake) sets nothing, refused or not.
      if (facts.readOnly !== true) plannedBeforeRefusal.set(refused, pending);
      throw refused;
    }
  }
  return {
    session,
    apply: (response) => {
      const applied = pending.writeTo(response);
      const run = afterApply;
      afterApply = null;
      run?.();
      return applied;
    },
    headers: () => pending.headers(),
  };
}
