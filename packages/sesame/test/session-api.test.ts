/**
 * The `Session` API as an app calls it, on the engine's public entry (`sessions.load` with the
 * facts an adapter builds), for what the adapter tests do not reach: reading one key never
 * reaches past the data; calls that need a stored or signed-in session are safe no-ops or typed
 * errors; a write to a session another request ended is refused and clears the cookie
 * (docs/architecture.md §1.6); a session ends itself through `revoke()` as through `logout()`;
 * and input from a form (a handle that is not a string) ends nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSessions, isSesameError, manualClock } from '../src/index.js';
import type { RequestFacts, ResponsePlan, Session, Sessions } from '../src/index.js';
import { memoryStore } from '../src/stores/memory/index.js';
import { COOKIE, TEST_SECRET } from './support/app.js';

let sessions: Sessions | undefined;
afterEach(async () => {
  await sessions?.close();
  sessions = undefined;
});

function start(): Sessions {
  sessions = createSessions({
    store: memoryStore(),
    secrets: TEST_SECRET,
    production: false,
    clock: manualClock(),
    logger: { warn: () => undefined, error: () => undefined },
  });
  return sessions;
}

/** One request: its session, and the cookie lines the engine asked the response to carry. */
async function request(
  from: Sessions,
  cookie: string | null = null,
): Promise<{ session: Session; plans: ResponsePlan[] }> {
  const facts: RequestFacts = {
    method: 'POST',
    host: '127.0.0.1',
    isSecure: true,
    cookieHeader: cookie,
    origin: null,
    secFetchSite: 'same-origin',
    ip: '127.0.0.1',
    userAgent: 'test',
  };
  const plans: ResponsePlan[] = [];
  const session = await from.load(facts, (plan) => plans.push(plan));
  return { session, plans };
}

/** The `Cookie` header a browser sends after `plans`. */
function cookieAfter(plans: ResponsePlan[]): string {
  const line = plans.flatMap((p) => p.setCookies).findLast((l) => l.startsWith(`${COOKIE}=`)) ?? '';
  return line.split(';')[0] ?? '';
}

const cleared = (plans: ResponsePlan[]): boolean =>
  plans.some((p) => p.setCookies.some((l) => l.startsWith(`${COOKIE}=;`) && /max-age=0/i.test(l)));

/** The code of the SesameError `work` throws or rejects with. */
async function codeOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (err) {
    return isSesameError(err) ? err.code : `not a SesameError: ${String(err)}`;
  }
  return 'resolved';
}

describe('reading', () => {
  it('get(key) answers the stored value, and undefined for keys not set or not data', async () => {
    const s = start();
    const visitor = await request(s);
    expect(visitor.session.get('theme')).toBeUndefined();
    expect(visitor.session.isAuthenticated).toBe(false);
    await visitor.session.update({ theme: 'dark' });
    const { session } = await request(s, cookieAfter(visitor.plans));
    expect(session.get('theme')).toBe('dark');
    expect(session.get('missing')).toBeUndefined();
    expect(session.get('toString')).toBeUndefined();
    expect(session.get('__proto__')).toBeUndefined();
  });

  it('isAuthenticated is true once signed in', async () => {
    const { session } = await request(start());
    await session.login('alice');
    expect(session.isAuthenticated).toBe(true);
  });

  it('isFresh refuses what is not a duration, as a TypeError naming it', async () => {
    const { session } = await request(start());
    expect(() => session.isFresh('soon')).toThrow(/isFresh: "soon" is not a duration/);
  });
});

describe('calls that need a stored or signed-in session', () => {
  it('unset() and logout() on a visitor store nothing; logout() still clears any cookie', async () => {
    const s = start();
    const { session, plans } = await request(s);
    await session.unset('cart');
    expect(session.isStored).toBe(false);
    expect(plans).toEqual([]);
    await session.logout();
    expect(session.isStored).toBe(false);
    expect(cleared(plans)).toBe(true);
  });

  it('unset() with no keys writes nothing', async () => {
    const s = start();
    const first = await request(s);
    await first.session.update({ a: 1 });
    const { session, plans } = await request(s, cookieAfter(first.plans));
    await session.unset();
    expect(plans.flatMap((p) => p.setCookies)).toEqual([]);
    expect(session.data).toEqual({ a: 1 });
  });

  it('logoutOthers() and revoke() for a visitor are ERR_SESSION_ANONYMOUS', async () => {
    const { session } = await request(start());
    expect(await codeOf(() => session.logoutOthers())).toBe('ERR_SESSION_ANONYMOUS');
    expect(await codeOf(() => session.revoke('some-handle'))).toBe('ERR_SESSION_ANONYMOUS');
  });

  it('login() refuses an empty user id as a TypeError', async () => {
    const { session } = await request(start());
    expect(() => session.login('')).toThrow(TypeError);
    expect(session.isStored).toBe(false);
  });

  it('update() refuses a value JSON drops (undefined, a function): unset() removes keys', async () => {
    const { session } = await request(start());
    expect(await codeOf(() => session.update({ gone: undefined }))).toBe('ERR_SESSION_DATA_INVALID');
    // A JavaScript caller (or `as`) gets past the types; the check at run time still refuses it.
    const fn = (() => 1) as unknown as string;
    expect(await codeOf(() => session.update({ fn }))).toBe('ERR_SESSION_DATA_INVALID');
    expect(session.isStored).toBe(false);
  });
});

describe('another request ended the session meanwhile', () => {
  it('unset() is refused with ERR_SESSION_GONE, clears the cookie and brings nothing back', async () => {
    const s = start();
    const first = await request(s);
    await first.session.update({ cart: ['book'], note: 'x' });
    const cookie = cookieAfter(first.plans);
    const slow = await request(s, cookie);
    const other = await request(s, cookie);
    await other.session.logout();
    expect(await codeOf(() => slow.session.unset('cart'))).toBe('ERR_SESSION_GONE');
    expect(cleared(slow.plans)).toBe(true);
    expect(slow.session.isStored).toBe(false);
    expect((await request(s, cookie)).session.isStored).toBe(false);
  });
});

describe('revoke()', () => {
  it('of this session ends it and expires its cookie, as logout() does', async () => {
    const s = start();
    const first = await request(s);
    await first.session.login('alice');
    const cookie = cookieAfter(first.plans);
    const { session, plans } = await request(s, cookie);
    const handle = session.handle ?? '';
    expect(await session.revoke(handle)).toBe(true);
    expect(session.isStored).toBe(false);
    expect(cleared(plans)).toBe(true);
    expect((await request(s, cookie)).session.isStored).toBe(false);
  });

  it('of a handle that is not a string (a form sent a list) ends nothing', async () => {
    const s = start();
    const first = await request(s);
    await first.session.login('alice');
    const { session } = await request(s, cookieAfter(first.plans));
    expect(await session.revoke([session.handle] as unknown as string)).toBe(false);
    expect(session.isStored).toBe(true);
  });
});
