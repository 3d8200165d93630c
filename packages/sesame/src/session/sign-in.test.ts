/**
 * Sign-in with data in one store round trip (issue 15): `login(userId, { data })`, and
 * `rotate({ data })` / `reauthenticate({ data })`, write the new record with its data in the one
 * `create` or `replace` that issues the token, on every store, where `login()` then `update()`
 * cost two. Each store is the real one (the servers at REDIS_URL and DATABASE_URL) behind a
 * wrapper that counts the calls the engine makes; the data must be there on the next request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../clock.js';
import { manualClock } from '../clock.js';
import type { ApplyPlan, RequestFacts } from '../http.js';
import type { Session, Sessions } from '../index.js';
import { createSessions, isSesameError } from '../index.js';
import type { SessionData } from '../store.js';
import type { SharedStore } from '../../test/support/shared-store.js';
import { availableStoreKinds, sharedStore } from '../../test/support/shared-store.js';
import { countingStore } from '../../test/support/counting-store.js';

const available = await availableStoreKinds();

const SECRET = 'sign-in-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

describe.each(['memory', 'sqlite', 'redis', 'postgres'] as const)('sign-in with data on %s', (kind) => {
  let clock: ManualClock;
  let shared: SharedStore | undefined;
  let sessions: Sessions<SessionData>;
  let calls: string[];
  /** The session cookie's value, as a browser would keep it. */
  let cookie: string | null;

  beforeEach(async (context) => {
    if (!available[kind]) context.skip(`no ${kind} server`);
    clock = manualClock();
    shared = await sharedStore(kind, clock);
    const counted = countingStore(shared.stores[0]);
    calls = counted.calls;
    sessions = createSessions({ store: counted.store, secrets: SECRET, production: false, clock });
    cookie = null;
  });
  // Closes the store the sessions run on (Sessions.close() would close it a second time).
  afterEach(async () => {
    await shared?.close();
    shared = undefined;
  });

  /** One request: the session it loads, with the calls list emptied after the load. */
  async function request(): Promise<Session<SessionData>> {
    const facts: RequestFacts = {
      method: 'POST',
      host: 'app.example',
      isSecure: true,
      cookieHeader: cookie === null ? null : `__Host-sid=${cookie}`,
      origin: null,
      secFetchSite: 'same-origin',
      ip: '192.0.2.1',
      userAgent: 'test',
    };
    const apply: ApplyPlan = (plan) => {
      for (const line of plan.setCookies) {
        const match = /^__Host-sid=([^;]*)/.exec(line);
        if (match) cookie = match[1] === '' ? null : (match[1] ?? null);
      }
    };
    const session = await sessions.load(facts, apply);
    calls.length = 0;
    return session;
  }

  it('login(userId, { data }) on a fresh visitor is one create, and the data is there next time', async () => {
    const session = await request();
    await session.login('alice', { data: { name: 'Alice', roles: ['admin'] } });
    expect(calls).toEqual(['create']);
    const next = await request();
    expect(next.userId).toBe('alice');
    expect({ ...next.data }).toEqual({ name: 'Alice', roles: ['admin'] });
  });

  it("login(userId, { data }) over an anonymous session is one replace; the given data wins over the anonymous session's", async () => {
    await (await request()).update({ cart: [1, 2], name: 'anonymous' });
    const session = await request();
    await session.login('alice', { data: { name: 'Alice' } });
    expect(calls).toEqual(['replace']);
    const next = await request();
    expect(next.userId).toBe('alice');
    expect({ ...next.data }).toEqual({ cart: [1, 2], name: 'Alice' });
  });

  it('login(userId, { data, keepData: false }) stores only the given data', async () => {
    await (await request()).update({ cart: [1, 2] });
    await (await request()).login('alice', { data: { name: 'Alice' }, keepData: false });
    expect(calls).toEqual(['replace']);
    expect({ ...(await request()).data }).toEqual({ name: 'Alice' });
  });

  it('rotate({ data }) and reauthenticate({ data }) are one replace each, with the data on the next request', async () => {
    await (await request()).login('alice', { data: { name: 'Alice', roles: ['reader'] } });
    await (await request()).rotate({ data: { roles: ['reader', 'admin'] } });
    expect(calls).toEqual(['replace']);
    expect({ ...(await request()).data }).toEqual({ name: 'Alice', roles: ['reader', 'admin'] });

    clock.advance(60_000);
    const session = await request();
    await session.reauthenticate({ data: { stepUp: 'totp' } });
    expect(calls).toEqual(['replace']);
    const next = await request();
    expect(next.authenticatedAt).toBe(clock.now());
    expect({ ...next.data }).toEqual({ name: 'Alice', roles: ['reader', 'admin'], stepUp: 'totp' });
  });

  it('refuses bad data before any store call, and the session stays as it was', async () => {
    const session = await request();
    const bad = JSON.parse('{"__proto__": {"admin": true}}') as SessionData;
    let error: unknown;
    try {
      await session.login('alice', { data: bad });
    } catch (caught) {
      error = caught;
    }
    expect(isSesameError(error) && error.code).toBe('ERR_SESSION_DATA_INVALID');
    expect(calls).toEqual([]);
    expect(session.userId).toBeNull();
    expect(cookie).toBeNull();
  });
});
