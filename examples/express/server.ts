/**
 * Sign-in with Sesame on Express 5: `npm start`, then http://localhost:3000 (alice /
 * alice-password-123). The memory store keeps sessions in this process; use the SQLite, Redis or
 * PostgreSQL store for anything real.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { createSessions } from 'sesame-session';
import { sesame } from 'sesame-session/express';
import { memoryStore } from 'sesame-session/stores/memory';

const sessions = createSessions({ store: memoryStore(), secrets: process.env['SESSION_SECRET'] });

// One built-in account. A real app stores an argon2id hash per user (see apps/demo).
const digest = (text: string) => createHash('sha256').update(text).digest();
const checkPassword = (username: string, password: string) =>
  username === 'alice' && timingSafeEqual(digest(password), digest('alice-password-123'));

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

const app = express();
app.use(express.urlencoded({ extended: false, limit: '10kb' }), sesame(sessions));

app.get('/', (req, res) => res.redirect(303, req.session.isAuthenticated ? '/account' : '/login'));
app.get('/login', async (req, res) => {
  res.send(loginForm(await req.session.csrfToken()));
});
app.post('/login', async (req, res) => {
  const { username, password } = req.body as Record<string, string | undefined>;
  if (!checkPassword(username ?? '', password ?? '')) {
    res.status(401).send(loginForm(await req.session.csrfToken(), '<p>Wrong username or password.</p>'));
    return;
  }
  await req.session.login('alice');
  res.redirect(303, '/account');
});
app.get('/account', async (req, res) => {
  if (!req.session.isAuthenticated) return res.redirect(303, '/login');
  res.send(page(`Hello, ${req.session.userId}`, logoutForm(await req.session.csrfToken())));
});
app.post('/logout', async (req, res) => {
  await req.session.logout();
  res.redirect(303, '/');
});

const server = app.listen(Number(process.env['PORT'] ?? 3000), () => {
  const address = server.address();
  console.log(
    `Express example on http://localhost:${typeof address === 'object' && address ? address.port : ''}`,
  );
});
