/**
 * The JSON endpoints for scripts (docs/architecture.md §6): who is signed in, and the CSRF token a script sends
 * back as `x-csrf-token` on unsafe requests.
 *
 * @module
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { currentUser } from '../context.js';

/**
 * @example
 * app.use(apiRoutes(context));
 */
export function apiRoutes(context: AppContext): Router {
  const router = Router();

  router.get('/api/me', (req, res) => {
    const user = currentUser(req, context.users);
    if (user === null) return void res.status(401).json({ error: 'Not signed in' });
    res.json({ userId: user.id, username: user.username });
  });

  router.get('/api/csrf', async (req, res) => {
    res.json({ token: await req.session.csrfToken() });
  });

  return router;
}
