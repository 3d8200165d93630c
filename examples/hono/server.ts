/**
 * Sign-in with Sesame on Hono (Node server): `npm start`, then http://localhost:3000 (alice /
 * alice-password-123). The memory store keeps sessions in this process; use the SQLite, Redis or
 * PostgreSQL store for anything real.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { createSessions } from 'sesame-session';
import { sesame, type SesameEnv } from 'sesame-session/hono';
import { memoryStore } from 'sesame-session/stores/memory';

const sessions = createSessions({ store: memoryStore(), secrets: process.env['SESSION_SECRET'] });

// One built-in account. A real app stores an argon2id hash per user (see apps/demo).
const digest = (text: string) => createHash('sha256').update(text).digest();
const checkPassword = (username: unknown, password: unknown) =>
  username === 'alice' &&
  typeof password === 'string' &&
  timingSafeEqual(digest(password), digest('alice-password-123'));

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const loginForm = (csrf: string, error = '') =>
  page(
    'Sign in',
    `${error}<form method="post" action="/login"><input type="hidden" name="_csrf" value="${csrf}">
    <input name="username" autocomplete="username"> <input name="password" type="password" autocomplete="current-password">
    <button>Sign in</button></form>`,
  );
const logoutForm = (csrf: string) =>
  `<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf}"><button>Sign out</button></form>`;

const app = new Hono<SesameEnv>();
app.use(sesame(sessions, { ip: (c) => getConnInfo(c).remote.address ?? null }));

app.get('/', (c) => c.redirect(c.get('session').isAuthenticated ? '/account' : '/login', 303));
app.get('/login', async (c) => c.html(loginForm(await c.get('session').csrfToken())));
app.post('/login', async (c) => {
  const { username, password } = await c.req.parseBody();
  const session = c.get('session');
  if (!checkPassword(username, password)) {
    return c.html(loginForm(await session.csrfToken(), '<p>Wrong username or password.</p>'), 401);
  }
  await session.login('alice');
  return c.redirect('/account', 303);
});
app.get('/account', async (c) => {
  const session = c.get('session');
  if (!session.isAuthenticated) return c.redirect('/login', 303);
  return c.html(page(`Hello, ${session.userId}`, logoutForm(await session.csrfToken())));
});
app.post('/logout', async (c) => {
  await c.get('session').logout();
  return c.redirect('/', 303);
});

serve({ fetch: app.fetch, port: Number(process.env['PORT'] ?? 3000), hostname: '127.0.0.1' }, (info) => {
  console.log(`Hono example on http://localhost:${info.port}`);
});
