import { withSession } from 'sesame-session/web';
import { html, loginPage, seeOther } from '../../lib/html';
import { checkPassword, sessions } from '../../lib/sessions';

export const GET = withSession(sessions, async (_request, session) =>
  html(loginPage(await session.csrfToken())),
);

// The CSRF check ran before this handler (Fetch Metadata, Origin, else the form's _csrf).
export const POST = withSession(sessions, async (request, session) => {
  const form = await request.formData();
  if (!checkPassword(form.get('username'), form.get('password'))) {
    return html(loginPage(await session.csrfToken(), '<p>Wrong username or password.</p>'), 401);
  }
  await session.login('alice'); // new token: the pre-login one is dead
  return seeOther('/account');
});
