/**
 * Sign-in with Sesame on Fastify 5: `npm start`, then http://localhost:3000 (alice /
 * alice-password-123). The memory store keeps sessions in this process; use the SQLite, Redis or
 * PostgreSQL store for anything real.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { createSessions } from 'sesame-session';
import { sesame } from 'sesame-session/fastify';
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

const app = Fastify();
await app.register(formbody);
await app.register(sesame, { sessions });

app.get('/', (request, reply) =>
  reply.redirect(request.session.isAuthenticated ? '/account' : '/login', 303),
);
app.get('/login', async (request, reply) =>
  reply.type('text/html').send(loginForm(await request.session.csrfToken())),
);
app.post('/login', async (request, reply) => {
  const { username, password } = request.body as Record<string, string | undefined>;
  if (!checkPassword(username ?? '', password ?? '')) {
    const form = loginForm(await request.session.csrfToken(), '<p>Wrong username or password.</p>');
    return reply.code(401).type('text/html').send(form);
  }
  await request.session.login('alice');
  return reply.redirect('/account', 303);
});
app.get('/account', async (request, reply) => {
  if (!request.session.isAuthenticated) return reply.redirect('/login', 303);
  const body = page(`Hello, ${request.session.userId}`, logoutForm(await request.session.csrfToken()));
  return reply.type('text/html').send(body);
});
app.post('/logout', async (request, reply) => {
  await request.session.logout();
  return reply.redirect('/', 303);
});

const url = await app.listen({ port: Number(process.env['PORT'] ?? 3000), host: '127.0.0.1' });
console.log(`Fastify example on ${url.replace('127.0.0.1', 'localhost')}`);
