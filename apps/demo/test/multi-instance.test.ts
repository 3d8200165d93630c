/**
 * Many app instances, one truth (issue 4; docs/architecture.md §1.5, §8): three demo processes share one Redis,
 * then one PostgreSQL, and one users directory, as they would behind a load balancer. A session
 * signed in through one instance works through the others, and "sign out all other sessions"
 * sent to one instance ends those sessions on every instance on their very next request: no
 * instance keeps anything in memory that could still let them in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProcess } from './support/demo-process.js';
import { spawnDemos, stopAll } from './support/demo-process.js';
import { GOOD_PASSWORD, Visitor, holding, uniqueUsername } from './support/http-client.js';
import { demoDatabaseUrl, postgresAvailable, withPostgres } from './support/postgres.js';
import { REDIS_URL, deleteRedisPrefix, serverAvailable, uniqueName, withRedis } from './support/servers.js';

const INSTANCES = 3;

function cookieOf(visitor: Visitor): string {
  const cookie = visitor.sessionCookie;
  if (cookie === undefined) throw new Error('no session cookie');
  return cookie;
}

async function expectSignedIn(visitor: Visitor, username: string): Promise<string> {
  const me = await visitor.get('/api/me');
  expect(me.status).toBe(200);
  const body = (await me.json()) as { userId: string; username: string };
  expect(body.username).toBe(username);
  return body.userId;
}

async function signIn(visitor: Visitor, username: string): Promise<void> {
  const response = await visitor.login(username, GOOD_PASSWORD);
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/account');
}

async function sessionRows(visitor: Visitor): Promise<number> {
  const page = await visitor.get('/account/sessions');
  expect(page.status).toBe(200);
  return (await page.text()).match(/data-testid="session"/g)?.length ?? 0;
}

/**
 * The first request an ended session makes to `url` is refused: the page sends it to sign in,
 * the API answers 401. Each check replays the old cookie from a fresh jar (see `holding`).
 */
async function expectEnded(cookie: string, url: string, path: '/account' | '/api/me'): Promise<void> {
  const response = await holding(url, cookie).get(path);
  const body = await response.text();
  if (path === '/account') {
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/login(\?|$)/);
  } else {
    expect(response.status).toBe(401);
    expect(body).not.toContain('username');
  }
}

async function signOutOthersAcrossInstances(demos: readonly DemoProcess[]): Promise<void> {
  const [a, b, c] = demos.map((demo) => demo.url) as [string, string, string];
  const username = uniqueUsername('multi');

  // Registering signs in too: one more session of this user, opened on A.
  const registration = new Visitor(a);
  expect((await registration.register(username, GOOD_PASSWORD)).status).toBe(303);

  // Sign in through A as a browser does: the form's token is bound to a nonce cookie and stores
  // no session (issue 10); the POST carries both back.
  const laptop = new Visitor(a);
  const form = await laptop.get('/login');
  expect(form.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (csrf === undefined) throw new Error('no _csrf field on GET /login');
  expect(laptop.sessionCookie).toBeUndefined();
  expect(laptop.cookies.has('__Host-sid-csrf')).toBe(true);
  const login = await laptop.post('/login', { username, password: GOOD_PASSWORD, _csrf: csrf });
  expect(login.status).toBe(303);
  expect(login.headers.get('location')).toBe('/account');
  expect(laptop.cookies.has('__Host-sid-csrf')).toBe(false);
  cookieOf(laptop);

  // B and C serve the session A issued.
  const account = await laptop.at(b).get('/account');
  expect(account.status).toBe(200);
  expect(await account.text()).toContain(`data-testid="account-username">${username}<`);
  const userId = await expectSignedIn(laptop.at(c), username);

  // A second sign-in of the same user, through B, also works everywhere.
  const phone = new Visitor(b);
  await signIn(phone, username);
  expect(await expectSignedIn(phone.at(a), username)).toBe(userId);

  // A third, through C, sees all of them and ends the others from there.
  const desk = new Visitor(c);
  await signIn(desk, username);
  expect(await sessionRows(desk)).toBe(4);
  const ended = [cookieOf(registration), cookieOf(laptop), cookieOf(phone)];
  const revoke = await desk.submit('/account/sessions', '/account/sessions/revoke-others', {});
  expect(revoke.status).toBe(303);
  expect(revoke.headers.get('location')).toBe('/account/sessions?notice=others-ended');

  // A and B had served every one of those sessions; each one's very next request there fails.
  for (const cookie of ended) {
    await expectEnded(cookie, a, '/account');
    await expectEnded(cookie, b, '/api/me');
  }
  for (const cookie of ended) {
    await expectEnded(cookie, b, '/account');
    await expectEnded(cookie, a, '/api/me');
  }

  // C's session, the one that asked, keeps working, on every instance.
  expect(await sessionRows(desk)).toBe(1);
  for (const url of [a, b, c]) expect(await expectSignedIn(desk.at(url), username)).toBe(userId);
  expect(demos.every((demo) => demo.alive())).toBe(true);
}

const redisUp = await serverAvailable('Redis', () => withRedis((client) => client.ping()));

describe.skipIf(!redisUp)(`${INSTANCES} demo processes on one Redis`, () => {
  const prefix = `${uniqueName('multi')}:`;
  // Made in beforeAll: a skipped or filtered-out suite must leave nothing behind.
  let dataDir = '';
  let demos: DemoProcess[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sesame-multi-redis-'));
    demos = await spawnDemos(INSTANCES, {
      SESSION_STORE: 'redis',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: dataDir,
    });
  });
  afterAll(async () => {
    await stopAll(demos);
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
    await deleteRedisPrefix(prefix);
  });

  it('signed in through A, used through B and C; "sign out others" on C ends them on A and B at once', () =>
    signOutOthersAcrossInstances(demos));
});

const postgresUp = await postgresAvailable();

describe.skipIf(!postgresUp)(`${INSTANCES} demo processes on one PostgreSQL`, () => {
  const schema = uniqueName('multi');
  // Made in beforeAll: a skipped or filtered-out suite must leave nothing behind.
  let dataDir = '';
  let demos: DemoProcess[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sesame-multi-postgres-'));
    await withPostgres((client) => client.query(`CREATE SCHEMA ${schema}`));
    // All three migrate at once on start: migrate() must be safe to race.
    demos = await spawnDemos(INSTANCES, {
      SESSION_STORE: 'postgres',
      DATABASE_URL: demoDatabaseUrl(schema, schema),
      DATA_DIR: dataDir,
    });
  });
  afterAll(async () => {
    await stopAll(demos);
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
    await withPostgres((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  });

  it('signed in through A, used through B and C; "sign out others" on C ends them on A and B at once', () =>
    signOutOthersAcrossInstances(demos));
});
