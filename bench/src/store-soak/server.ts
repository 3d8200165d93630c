/**
 * The store soak's server process: Express 5 and Sesame on the store named by its argument, with
 * sign-in, read, write and sign-out routes, a 20 s idle timeout and a sweep every 5 s, so
 * abandoned sessions expire within the run. Answers `{ cmd: 'size' }` over IPC with the number
 * of sessions the store holds.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import express from 'express';
import pg from 'pg';
import { createClient } from 'redis';
import { createSessions, type SessionStore } from 'sesame-session';
import { sesame } from 'sesame-session/express';
import { memoryStore } from 'sesame-session/stores/memory';
import { postgresStore } from 'sesame-session/stores/postgres';
import { redisClientOptions, redisStore, watchRedisClient } from 'sesame-session/stores/redis';
import { sqliteStore } from 'sesame-session/stores/sqlite';

const [kind = 'memory', workDir = '/tmp', tag = 'soak'] = process.argv.slice(2);
const USERS = 500;
const SWEEP_EVERY_MS = 5_000;

async function open(): Promise<{ store: SessionStore; size: () => Promise<number>; sweep: boolean }> {
  switch (kind) {
    case 'memory': {
      const store = memoryStore({ maxSessions: 100_000 });
      return { store, size: () => Promise.resolve(store.size), sweep: true };
    }
    case 'sqlite': {
      const path = join(workDir, `${tag}.db`);
      const store = sqliteStore({ path });
      const { default: Database } = await import('better-sqlite3');
      const reader = new Database(path, { readonly: true });
      const count = reader.prepare('SELECT count(*) AS n FROM sesame_sessions');
      return { store, size: () => Promise.resolve((count.get() as { n: number }).n), sweep: true };
    }
    case 'redis': {
      const client = createClient({
        url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
        ...redisClientOptions(),
      });
      client.on('error', (error: Error) => console.error('redis:', error.message));
      await client.connect();
      watchRedisClient(client);
      const prefix = `sesame-bench:${tag}:`;
      const size = async (): Promise<number> => {
        let n = 0;
        for await (const keys of client.scanIterator({ MATCH: `${prefix}s:*`, COUNT: 1_000 }))
          n += keys.length;
        return n;
      };
      // Redis drops sessions by TTL (a minute past their expiry); the store's docs say not to sweep it.
      return { store: redisStore({ client, prefix }), size, sweep: false };
    }
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 8 });
      pool.on('error', (error) => console.error('postgres:', error.message));
      const schema = tag;
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const store = postgresStore({ pool, schema });
      await store.migrate();
      const size = async (): Promise<number> =>
        Number(
          (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".sesame_sessions`)).rows[0]
            ?.n ?? 0,
        );
      return { store, size, sweep: true };
    }
    default:
      throw new Error(`unknown store ${kind}`);
  }
}

const { store, size, sweep } = await open();
const sessions = createSessions({
  store,
  secrets: 'sesame-bench-secret-0123456789-abcdefghijklmnop',
  idleTimeout: '20s',
  touchInterval: '2s',
});
if (sweep)
  setInterval(() => void sessions.sweep().catch((e: unknown) => console.error('sweep:', e)), SWEEP_EVERY_MS);

const app = express();
app.use(sesame(sessions));
app.post('/login', async (req, res) => {
  await req.session.login(`user-${randomInt(USERS)}`);
  res.json({ ok: true });
});
app.get('/read', (req, res) => {
  if (req.session.userId === null) return void res.status(401).json({ error: 'not signed in' });
  res.json({ userId: req.session.userId, n: req.session.get('n') ?? null });
});
app.post('/update', async (req, res) => {
  if (!req.session.isAuthenticated) return void res.status(401).json({ error: 'not signed in' });
  await req.session.set('n', randomInt(1_000_000));
  res.json({ ok: true });
});
app.post('/logout', async (req, res) => {
  await req.session.logout();
  res.json({ ok: true });
});
app.use(((error, _req, res, _next) => {
  const status =
    typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
  if (status >= 500) console.error('soak server:', error);
  const code = (error as { code?: unknown }).code;
  res.status(status).json({ error: typeof code === 'string' ? code : 'ERR_INTERNAL' });
}) as express.ErrorRequestHandler);

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address !== null ? address.port : 0 });
});
process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'size') {
    size().then(
      (n) => process.send?.({ size: n }),
      () => process.send?.({ size: -1 }),
    );
  }
});
process.on('disconnect', () => process.exit(0));
