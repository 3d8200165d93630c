// The TypeScript consumer: compiled by tsc under each module/moduleResolution pair (node16,
// nodenext, bundler, and NestJS's default commonjs + node10), then run. The Register augmentation
// must reach req.session.get(), or the cart line does not compile.
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import { createSessions, isSesameError } from 'sesame-session';
import type { SesameErrorCode, Sessions } from 'sesame-session';
import { sesame } from 'sesame-session/express';
import { memoryStore } from 'sesame-session/stores/memory';

declare module 'sesame-session' {
  interface Register {
    data: { cart: string[] };
  }
}

const FORM = 'application/x-www-form-urlencoded';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`sign-in: ${what}`);
}

export async function signIn(app: Express, bodyParser: RequestHandler): Promise<void> {
  const sessions: Sessions = createSessions({
    store: memoryStore(),
    secrets: randomBytes(32).toString('base64url'),
  });
  app.use(bodyParser);
  app.use(sesame(sessions));
  app.post('/login', async (req, res) => {
    await req.session.login(String((req.body as { username: string }).username));
    await req.session.set('cart', ['tea']);
    res.status(204).end();
  });
  app.get('/me', (req, res) => {
    const cart: string[] | undefined = req.session.get('cart');
    res.json({ userId: req.session.userId, cart });
  });
  const onError: ErrorRequestHandler = (err, _req, res, next) => {
    if (!isSesameError(err)) return next(err);
    const code: SesameErrorCode = err.code;
    res.status(err.status).json({ code });
  };
  app.use(onError);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { 'content-type': FORM, origin: base, 'sec-fetch-site': 'same-origin' };
    const login = await fetch(`${base}/login`, { method: 'POST', headers, body: 'username=alice' });
    check(login.status === 204, `login answered ${login.status}`);
    const setCookie = login.headers.getSetCookie().find((line) => line.startsWith('__Host-sid='));
    check(setCookie !== undefined, 'no __Host-sid cookie');
    const me = await fetch(`${base}/me`, { headers: { cookie: String(setCookie).split(';')[0] ?? '' } });
    const body = JSON.stringify(await me.json());
    check(body === '{"userId":"alice","cart":["tea"]}', `read back ${body}`);
  } finally {
    server.close();
    await sessions.close();
  }
}
