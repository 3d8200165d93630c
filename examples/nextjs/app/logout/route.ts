import { withSession } from 'sesame-session/web';
import { seeOther } from '../../lib/html';
import { sessions } from '../../lib/sessions';

export const POST = withSession(sessions, async (_request, session) => {
  await session.logout(); // deleted server-side, cookie expired
  return seeOther('/');
});
