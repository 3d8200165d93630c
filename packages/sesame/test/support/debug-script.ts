/**
 * Child process for debug-output.test.ts: drives one session through every decision the engine
 * makes (load, refuse, rotate, touch, write, CSRF, expire, sign out) on the memory store, then
 * prints every sensitive value it saw as JSON on stdout, for the test to look for in stderr.
 */
import { createSessions, manualClock } from '../../src/index.js';
import type { RequestFacts, ResponsePlan, Session } from '../../src/index.js';
import { memoryStore } from '../../src/stores/memory/index.js';
import { generateToken } from '../../src/token/generate.js';

const SECRET = 'debug-script-secret-0123456789-abcdefghijklmn';
const clock = manualClock();
const sessions = createSessions({
  store: memoryStore({ clock }),
  secrets: SECRET,
  clock,
  production: false,
  logger: { warn: () => undefined, error: () => undefined },
});
const cookieName = sessions.config.cookie.name;
const csrfCookieName = sessions.config.csrf.cookieName;
const seen = {
  secrets: [SECRET],
  tokens: [] as string[],
  csrfTokens: [] as string[],
  cookies: [] as string[],
  handles: [] as string[],
};

let cookie: string | null = null;
/** The anonymous CSRF nonce cookie's value, while the visitor has no stored session. */
let csrfCookie: string | null = null;

function facts(method: string, headers: Partial<RequestFacts> = {}, cookieValue = cookie): RequestFacts {
  const pairs = [
    ...(cookieValue === null ? [] : [`${cookieName}=${cookieValue}`]),
    ...(csrfCookie === null ? [] : [`${csrfCookieName}=${csrfCookie}`]),
  ];
  const cookieHeader = pairs.length === 0 ? null : pairs.join('; ');
  if (cookieHeader !== null) seen.cookies.push(...pairs);
  return {
    method,
    host: 'localhost:3000',
    isSecure: false,
    cookieHeader,
    origin: null,
    secFetchSite: null,
    ip: '127.0.0.1',
    userAgent: 'debug-script',
    ...headers,
  };
}

function valueOf(line: string, name: string): string | null {
  const value = line.slice(name.length + 1).split(';')[0] ?? '';
  return value === '' ? null : value;
}

function remember(plan: ResponsePlan): void {
  for (const line of plan.setCookies) {
    if (line.startsWith(`${csrfCookieName}=`)) {
      csrfCookie = valueOf(line, csrfCookieName);
    } else if (line.startsWith(`${cookieName}=`)) {
      cookie = valueOf(line, cookieName);
      if (cookie !== null) seen.tokens.push(cookie);
    }
  }
}

function currentCookie(): string {
  if (cookie === null) throw new Error('debug-script: expected a session cookie here');
  return cookie;
}

async function request(requestFacts: RequestFacts): Promise<Session> {
  const session = await sessions.load(requestFacts, remember);
  if (session.handle !== null) seen.handles.push(session.handle);
  return session;
}

// A visitor asks for a form: no cookie, then a CSRF token (bound to a nonce cookie; nothing stored).
let session = await request(facts('GET'));
seen.csrfTokens.push(await session.csrfToken());
// The form comes back from a script without Fetch Metadata: the token decides.
const csrfToken = seen.csrfTokens[0] as string;
const post = facts('POST');
session = await request(post);
sessions.checkCsrf(post, session, () => csrfToken);
sessions.checkCsrf(post, session, () => 'A'.repeat(43));
// Sign-in from a browser that sends Sec-Fetch-Site.
const signIn = facts('POST', { secFetchSite: 'same-origin', origin: 'http://localhost:3000' });
session = await request(signIn);
sessions.checkCsrf(signIn, session, () => undefined);
await session.login('alice');
// A cross-site POST.
const forged = facts('POST', { secFetchSite: 'cross-site', origin: 'https://evil.example' });
sessions.checkCsrf(forged, await request(forged), () => undefined);
// A write, then two minutes later a read that touches.
session = await request(facts('GET'));
await session.set('theme', 'dark');
await session.unset('theme');
clock.advance(2 * 60_000);
session = await request(facts('GET'));
await session.rotate();
// Hostile cookies: malformed, unknown id, right id with the wrong secret.
const live = currentCookie();
await request(facts('GET', {}, 'not-a-token'));
const unknown = generateToken().value;
seen.tokens.push(unknown);
await request(facts('GET', {}, unknown));
const forgedSecret = `${live.split('.')[0]}.${generateToken().secret}`;
seen.tokens.push(forgedSecret);
await request(facts('GET', {}, forgedSecret));
cookie = live;
// Idle for 31 minutes: expired on the next request.
clock.advance(31 * 60_000);
session = await request(facts('GET'));
// Sign in again and out.
await session.login('alice');
session = await request(facts('GET'));
await session.logout();
await sessions.sweep();
await sessions.close();

process.stdout.write(JSON.stringify(seen));
