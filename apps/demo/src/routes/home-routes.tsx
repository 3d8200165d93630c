/**
 * The home page.
 *
 * @module
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { currentUser, viewerFor } from '../context.js';
import { sendPage } from '../render.js';
import { HomePage } from '../views/home-page.js';

/**
 * @example
 * app.use(homeRoutes(context));
 */
export function homeRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const user = currentUser(req, context.users);
    sendPage(res, 200, <HomePage viewer={user ? await viewerFor(req, user) : null} />);
  });
  return router;
}
