/**
 * The adapter contract routes on Express, for Express 5 (`express`) and Express 4 (`express4`).
 * The routes are plain async handlers with no try/catch: store errors must reach Express's own
 * error handling (finalhandler answers `err.status`).
 */
import { createServer } from 'node:http';
import type { Sessions } from '../../src/index.js';
import type { Session } from '../../src/index.js';
import { sesame } from '../../src/adapters/express/index.js';
import type { AdapterServer } from '../../src/testing/index.js';
import { listen } from './listen.js';

interface Req {
  session: Session;
  query: Record<string, unknown>;
}
interface Res {
  json(body: unknown): void;
}
type Handler = (req: Req, res: Res) => Promise<void> | void;
type Route = (path: string, handler: Handler) => void;

/** The part of an Express 4 or 5 app the contract app uses. */
export interface AnyExpressApp {
  use(...handlers: unknown[]): unknown;
  set(setting: string, value: unknown): unknown;
  get: unknown;
  post: unknown;
  (req: unknown, res: unknown): void;
}

function strings(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** Mount Sesame and the contract routes on `app`, behind a parser for urlencoded forms. */
export async function startExpressContractApp(
  app: AnyExpressApp,
  urlencoded: unknown,
  sessions: Sessions,
): Promise<AdapterServer> {
  app.set('trust proxy', 'loopback');
  app.set('env', 'test'); // finalhandler: no stack traces on stderr for the expected 503s
  app.use(urlencoded, sesame(sessions));
  const get = (app.get as Route).bind(app);
  const post = (app.post as Route).bind(app);
  get('/me', (req, res) =>
    res.json({ userId: req.session.userId, data: req.session.data, stored: req.session.isStored }),
  );
  post('/login', async (req, res) => {
    await req.session.login(String(req.query['user']), { remember: req.query['remember'] === '1' });
    res.json({ userId: req.session.userId });
  });
  post('/set', async (req, res) => {
    await req.session.update(strings(req.query));
    res.json({ data: req.session.data });
  });
  post('/logout', async (req, res) => {
    await req.session.logout();
    res.json({ ok: true });
  });
  post('/logout-everywhere', async (req, res) => {
    res.json({ count: await req.session.logoutEverywhere() });
  });
  get('/csrf', async (req, res) => {
    res.json({ token: await req.session.csrfToken() });
  });
  post('/action', (_req, res) => res.json({ ok: true }));
  return listen(createServer(app));
}
