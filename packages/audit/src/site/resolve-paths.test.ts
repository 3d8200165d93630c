import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../test/fixtures/serve.js';
import type { Served } from '../../test/fixtures/serve.js';
import { Agent } from '../http/agent.js';
import { RequestBudget } from '../http/budget.js';
import { HttpClient } from '../http/client.js';
import { movedPath } from './resolve-paths.js';

let site: Served;
beforeAll(async () => {
  const app = express();
  // Django's APPEND_SLASH, then its login_required redirect.
  app.all('/account', (_req, res) => res.redirect(301, '/account/'));
  app.get('/account/', (_req, res) => res.redirect(302, '/login/?next=/account/'));
  app.post('/logout', (_req, res) => res.redirect(308, '/logout/'));
  app.post('/logout/', (_req, res) => res.status(403).end());
  app.get('/loop', (_req, res) => res.redirect(301, '/loop'));
  site = await serve(app);
});
afterAll(() => site.close());

function agent(): Agent {
  const target = new URL(site.url);
  const client = new HttpClient({
    target,
    publicOrigin: target.origin,
    budget: new RequestBudget(50, Date.now() + 30_000),
    headers: {},
    requestTimeoutMs: 5000,
    maxBodyBytes: 1 << 20,
  });
  return new Agent(client, true);
}

describe('movedPath', () => {
  it('adopts a permanent redirect (301, 308) and not the temporary one after it', async () => {
    expect(await movedPath(agent(), 'GET', '/account')).toBe('/account/');
    expect(await movedPath(agent(), 'POST', '/logout')).toBe('/logout/');
  });

  it('keeps a path that does not move, and stops on a loop', async () => {
    expect(await movedPath(agent(), 'GET', '/account/')).toBe('/account/');
    expect(await movedPath(agent(), 'GET', '/loop')).toBe('/loop');
  });
});
