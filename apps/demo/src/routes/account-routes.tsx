/**
 * The account page and the password change, which needs the current password (ASVS 5.0 V6.2.3),
 * is throttled like sign-in, and ends every other session (ASVS 5.0 V7.4.3) before giving this
 * one a new token.
 *
 * @module
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { clientKey } from '../client-key.js';
import type { AppContext } from '../context.js';
import { field, viewerFor } from '../context.js';
import { noticeFor } from '../messages.js';
import { hashPassword, verifyPassword } from '../passwords/hash.js';
import { passwordProblem } from '../passwords/policy.js';
import { sendPage } from '../render.js';
import { AccountPage } from '../views/account-page.js';
import { throttled } from './auth-routes.js';
import { requireUser, userOf } from './require-user.js';

/**
 * @example
 * app.use(accountRoutes(context));
 */
export function accountRoutes(context: AppContext): Router {
  const { users, throttle, clock, config } = context;
  const router = Router();

  async function accountPage(
    req: Request,
    res: Response,
    status: number,
    messages: { notice?: string | null; error?: string },
  ) {
    const user = userOf(res);
    const sessions = await req.session.list();
    sendPage(
      res,
      status,
      <AccountPage
        viewer={await viewerFor(req, user)}
        createdMs={user.createdMs}
        passwordChangedMs={user.passwordChangedMs}
        authenticatedMs={req.session.authenticatedAt}
        idleTimeoutMs={config.idleTimeoutMs}
        absoluteTimeoutMs={config.absoluteTimeoutMs}
        sessionCount={sessions.length}
        {...messages}
      />,
    );
  }

  router.get('/account', requireUser(users), async (req, res) => {
    await accountPage(req, res, 200, { notice: noticeFor(req.query['notice']) });
  });

  router.post('/account/password', requireUser(users), async (req, res) => {
    const user = userOf(res);
    const current = field(req, 'current_password');
    const next = field(req, 'new_password');
    if (current === null || next === null || current === '') {
      return accountPage(req, res, 400, { error: 'Enter your current password and a new one.' });
    }
    const wait = await throttle.attempt(user.username, clientKey(req.ip));
    if (wait) return accountPage(req, res, 429, { error: throttled(res, wait) });
    const check = await verifyPassword(user.passwordHash, current);
    if (!check.ok) return accountPage(req, res, 401, { error: 'Your current password is not right.' });
    await throttle.succeeded(user.username, clientKey(req.ip));

    const problem = passwordProblem(next, user.username);
    if (problem) return accountPage(req, res, 400, { error: problem });
    users.setPasswordHash(user.id, await hashPassword(next), clock.now());
    await req.session.logoutOthers();
    await req.session.reauthenticate();
    res.redirect(303, '/account?notice=password-changed');
  });

  return router;
}
