/**
 * Anonymous visitors are free (issue 10): the sign-in and registration forms store no session,
 * yet keep their CSRF protection; a visitor who only looked at a form holds no session token.
 * One client used to store about 4,600 sessions a second by loading /login.
 */
import Database from 'better-sqlite3';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, Visitor, uniqueUsername } from './support/http-client.js';
import type { RunningDemo } from './support/start-demo.js';
import { startDemo } from './support/start-demo.js';

const VISITS = 10_000;
const PARALLEL = 4;

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ env: { SESSION_STORE: 'sqlite' } });
});
afterAll(() => demo.close());

function sessionRows(): number {
  const db = new Database(join(demo.dataDir, 'sessions.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM sesame_sessions').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** GET `path` on a kept-alive connection; resolves the status. */
function get(agent: Agent, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, demo.url), { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('anonymous visitors', () => {
  it(`${VISITS.toLocaleString('en')} GET /login add no session record`, { timeout: 120_000 }, async () => {
    // One signed-in user first, so the count is known to see real sessions.
    await new Visitor(demo.url).register(uniqueUsername(), GOOD_PASSWORD);
    const before = sessionRows();
    expect(before).toBe(1);
    const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });
    try {
      let next = 0;
      const statuses = new Set<number>();
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < VISITS) {
            next += 1;
            statuses.add(await get(agent, next % 10 === 0 ? '/register' : '/login'));
          }
        }),
      );
      expect([...statuses]).toEqual([200]);
    } finally {
      agent.destroy();
    }
    expect(sessionRows()).toBe(before);
  });

  it('the forms still work for a client that sends no Fetch Metadata or Origin', async () => {
    const visitor = new Visitor(demo.url);
    const username = uniqueUsername();
    const token = await visitor.csrfFrom('/register');
    expect(visitor.sessionCookie).toBeUndefined();
    expect(visitor.cookies.has('__Host-sid-csrf')).toBe(true);
    const registered = await visitor.post('/register', { username, password: GOOD_PASSWORD, _csrf: token });
    expect(registered.status).toBe(303);
    expect(visitor.sessionCookie).toBeDefined();
    expect(visitor.cookies.has('__Host-sid-csrf')).toBe(false);

    const other = new Visitor(demo.url);
    expect((await other.login(username, GOOD_PASSWORD)).status).toBe(303);
    // Without the form's token (and without headers that vouch), sign-in is refused.
    const bare = new Visitor(demo.url);
    const refused = await bare.post('/login', { username, password: GOOD_PASSWORD });
    expect(refused.status).toBe(403);
    expect(bare.sessionCookie).toBeUndefined();
  });
});
