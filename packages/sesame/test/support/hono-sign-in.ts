/**
 * The Hono app the adapter tests start from: Sesame's middleware, `POST /login` signing in as
 * `alice` and `GET /me` answering `{ userId }`. Each test adds the routes it is about.
 *
 * @module
 */
import { Hono } from 'hono';
import type { Sessions } from '../../src/index.js';
import { sesame } from '../../src/adapters/hono/index.js';
import type { SesameEnv } from '../../src/adapters/hono/index.js';

export function honoSignInApp(sessions: Sessions): Hono<SesameEnv> {
  const app = new Hono<SesameEnv>();
  app.use(sesame(sessions));
  app.post('/login', async (c) => {
    await c.get('session').login('alice');
    return c.json({ ok: true });
  });
  app.get('/me', (c) => c.json({ userId: c.get('session').userId }));
  return app;
}
