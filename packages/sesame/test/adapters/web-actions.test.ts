/**
 * Server Actions (`actionSession`) pass the adapter contract: every POST of the contract app runs
 * as an action would in Next.js — the session loaded from the request's headers alone, each
 * cookie change set by parts on a cookie store, a `SesameError` turned into a returned state by
 * `actionError` — while its GETs are route handlers (`withSession`), as in a Next.js app. The
 * store here stands in for Next.js's `cookies()`: it turns each `set(name, value, options)` into
 * the `Set-Cookie` line jshttp/cookie writes for it, so the contract sees on the wire exactly the
 * attributes the action set. Like Next.js, which answers every action `no-store`, the bridge
 * marks its POST responses `no-store`: an action cannot set that header itself.
 */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { serialize } from 'cookie';
import type { PlannedCookieOptions, Sessions } from '../../src/index.js';
import type { ActionCookies } from '../../src/adapters/web/index.js';
import { actionError, actionSession, withSession } from '../../src/adapters/web/index.js';
import { describeAdapterContract } from '../../src/testing/index.js';
import { listen } from './listen.js';

/** Next.js's `cookies()` as far as an action uses it: the cookies set, as response lines. */
class ResponseCookies implements ActionCookies {
  readonly #lines = new Map<string, string>();

  set(name: string, value: string, options: PlannedCookieOptions): void {
    this.#lines.set(name, serialize(name, value, options));
  }

  lines(): string[] {
    return [...this.#lines.values()];
  }
}

const FORM = /^application\/x-www-form-urlencoded\b/i;

/** The form's `_csrf` field (or the `x-csrf-token` header), as an action gets it from its FormData. */
async function formToken(request: Request): Promise<unknown> {
  const header = request.headers.get('x-csrf-token');
  if (header !== null) return header;
  if (!FORM.test(request.headers.get('content-type') ?? '')) return undefined;
  return (await request.formData()).get('_csrf') ?? undefined;
}

/** A contract route as a Server Action: what it returns as its state, or the error's. */
async function action(sessions: Sessions, request: Request): Promise<Response> {
  const cookies = new ResponseCookies();
  const query = Object.fromEntries(new URL(request.url).searchParams);
  let state: unknown;
  let status = 200;
  try {
    const session = await actionSession(
      sessions,
      { headers: request.headers, cookies },
      { trustProxy: true, csrfToken: await formToken(request) },
    );
    switch (new URL(request.url).pathname) {
      case '/login':
        await session.login(String(query['user']), { remember: query['remember'] === '1' });
        state = { userId: session.userId };
        break;
      case '/set':
        await session.update(query);
        state = { data: session.data };
        break;
      case '/logout':
        await session.logout();
        state = { ok: true };
        break;
      case '/logout-everywhere':
        state = { count: await session.logoutEverywhere() };
        break;
      case '/action':
        state = { ok: true };
        break;
      default:
        return new Response('Not Found', { status: 404 });
    }
  } catch (error) {
    state = actionError(error);
    status = (state as { status: number }).status;
  }
  const response = Response.json(state, { status, headers: { 'cache-control': 'no-store' } });
  for (const line of cookies.lines()) response.headers.append('set-cookie', line);
  return response;
}

function app(sessions: Sessions): (request: Request) => Promise<Response> {
  const pages = withSession(
    sessions,
    async (request, session) => {
      switch (new URL(request.url).pathname) {
        case '/me':
          return Response.json({ userId: session.userId, data: session.data, stored: session.isStored });
        case '/csrf':
          return Response.json({ token: await session.csrfToken() });
        default:
          return new Response('Not Found', { status: 404 });
      }
    },
    { trustProxy: true },
  );
  return (request) => (request.method === 'POST' ? action(sessions, request) : pages(request));
}

/** An action sets cookies only: the registration offer of a sign-in is a response header. */
const NO_HEADERS =
  'a Server Action cannot set response headers, so a sign-in there offers no DBSC registration (documented on actionSession: bind through a route handler)';

describeAdapterContract('web (actionSession)', {
  trustsLoopbackProxy: true,
  skip: {
    'DBSC: sign-in offers registration; a registered ES256 or RS256 key renews the bound cookie': NO_HEADERS,
    'DBSC: a refresh without a proof gets a 403 and a challenge; a replayed or foreign proof is refused':
      NO_HEADERS,
    'DBSC: a copied cookie jar stops working when the bound cookie expires; the real browser keeps going':
      NO_HEADERS,
    'DBSC: logout ends the binding; the browser is told to end its DBSC session': NO_HEADERS,
  },
  start: (sessions: Sessions) => listen(createAdaptorServer({ fetch: app(sessions) }) as Server),
});
