/**
 * "Your sessions": list, end one, end all others (docs/architecture.md §6). Sessions are addressed by their
 * handle, a keyed hash of the id, so the page never holds anything that could be replayed as a
 * cookie, and Sesame's `revoke` only ever finds sessions of the signed-in user.
 *
 * @module
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { viewerFor } from '../context.js';
import { describeDevice } from '../devices.js';
import { noticeFor } from '../messages.js';
import { sendPage } from '../render.js';
import { SessionsPage } from '../views/sessions-page.js';
import { requireUser, userOf } from './require-user.js';

/**
 * @example
 * app.use(sessionsRoutes(context));
 */
export function sessionsRoutes(context: AppContext): Router {
  const { users, clock } = context;
  const router = Router();

  router.get('/account/sessions', requireUser(users), async (req, res) => {
    const viewer = await viewerFor(req, userOf(res));
    const sessions = (await req.session.list()).map((info) => ({
      handle: info.handle,
      current: info.current,
      device: describeDevice(info.userAgent),
      ip: info.ip,
      createdMs: info.createdMs,
      lastSeenMs: info.lastSeenMs,
      deviceBound: info.deviceBound,
    }));
    sendPage(
      res,
      200,
      <SessionsPage
        viewer={viewer}
        sessions={sessions}
        nowMs={clock.now()}
        notice={noticeFor(req.query['notice'])}
      />,
    );
  });

  router.post('/account/sessions/revoke-others', requireUser(users), async (req, res) => {
    await req.session.logoutOthers();
    res.redirect(303, '/account/sessions?notice=others-ended');
  });

  router.post('/account/sessions/:id/revoke', requireUser(users), async (req, res) => {
    const handle = req.params['id'];
    const ended = typeof handle === 'string' && (await req.session.revoke(handle));
    if (!req.session.isAuthenticated) return res.redirect(303, '/');
    res.redirect(303, `/account/sessions?notice=${ended ? 'session-ended' : 'session-not-found'}`);
  });

  return router;
}
