import { withSession } from 'sesame-session/web';
import { seeOther } from '../lib/html';
import { sessions } from '../lib/sessions';

export const GET = withSession(sessions, (_request, session) =>
  seeOther(session.isAuthenticated ? '/account' : '/login'),
);
