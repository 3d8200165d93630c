import { withSession } from 'sesame-session/web';
import { accountPage, html, seeOther } from '../../lib/html';
import { sessions } from '../../lib/sessions';

export const GET = withSession(sessions, async (_request, session) => {
  if (session.userId === null) return seeOther('/login');
  return html(accountPage(session.userId, await session.csrfToken()));
});
