/**
 * A target URL with a path (an app mounted under `/app/`): the paths of the audit are resolved
 * against it as a base, as a link would be, and the paths used are named on stderr. Before, the
 * path was dropped and `/login` was asked of the host's root.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginPage } from './fixtures/pages.js';
import { serve, USER } from './fixtures/serve.js';
import type { Served } from './fixtures/serve.js';
import { cli } from './helpers/cli.js';

/** Every request outside /app (the host's root has no login page). */
const outside: string[] = [];
let site: Served;

/** A minimal app that lives under /app/ only. */
function mountedApp(): Express {
  const sessions = new Set<string>();
  const sid = (cookie = ''): string => /(?:^|;\s*)sid=([^;]+)/.exec(cookie)?.[1] ?? '';
  const app = express();
  app.use((req, _res, next) => {
    if (!/^\/app(\/|$)/.test(req.path)) outside.push(`${req.method} ${req.path}`);
    next();
  });
  app.use(express.urlencoded({ extended: false }));
  app.get('/app/login', (_req, res) => {
    res.send(loginPage().replace('action="/login"', 'action="/app/login"'));
  });
  app.post('/app/login', (req, res) => {
    const { username, password } = req.body as Record<string, string>;
    if (username !== USER.username || password !== USER.password) return void res.sendStatus(401);
    const token = randomBytes(32).toString('base64url');
    sessions.add(token);
    res.setHeader('set-cookie', `sid=${token}; Path=/app/; HttpOnly; SameSite=Lax`);
    res.redirect(303, '/app/account');
  });
  app.get('/app/account', (req, res) => {
    if (sessions.has(sid(req.headers.cookie))) res.set('cache-control', 'no-store').send('account');
    else res.redirect(303, '/app/login');
  });
  return app;
}

beforeAll(async () => {
  site = await serve(mountedApp());
});
afterAll(() => site.close());

describe('a target URL with a path', () => {
  it.each(['/app/', '/app'])(
    'resolves the default paths under %s and says so',
    async (path) => {
      outside.length = 0;
      const run = await cli([`${site.url}${path}`, '--only', 'cache-control']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('PASS  cache-control');
      expect(run.stderr).toContain(
        'paths under /app/: --login-path /app/login, --protected-path /app/account, --logout-path /app/logout',
      );
      expect(outside).toEqual([]);
    },
    30_000,
  );

  it('resolves a relative --login-path under it, and warns about one from the host root', async () => {
    const relative = await cli([`${site.url}/app/`, '--login-path', 'login', '--only', 'cache-control']);
    expect(relative.code).toBe(0);
    const rooted = await cli([`${site.url}/app/`, '--login-path', '/login', '--only', 'cache-control']);
    expect(rooted.code).toBe(2);
    expect(rooted.stderr).toContain(
      "paths under /app/: --login-path /login, --protected-path /app/account, --logout-path /app/logout (--login-path outside /app/: a path that starts with / is taken from the host's root)",
    );
    expect(rooted.stderr).toContain('no form with a password field at /login (status 404)');
  }, 30_000);
});
