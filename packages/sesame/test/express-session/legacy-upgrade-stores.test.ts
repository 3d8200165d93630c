/**
 * The switch end to end on the real servers (issue 12): a user signed in by an express-session +
 * Passport app whose sessions live in Redis (connect-redis) or PostgreSQL (connect-pg-simple) is
 * still signed in after the app moves to the layer, once; the legacy session is gone afterwards.
 * Redis keys live under this file's own prefix, PostgreSQL tables in its own schema.
 */
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { COOKIE, Client } from '../support/app.js';
import {
  expressSessionModule,
  startLegacyApp,
  startSwitchedApp,
  LEGACY_SECRET,
} from '../support/legacy-app.js';
import { legacySession as stored } from '../support/legacy-app.js';
import { schemaPool } from '../support/postgres.js';
import {
  probePostgres,
  probeRedis,
  databaseUrl,
  redisUrl,
  requireServer,
  uniqueName,
} from '../support/servers.js';
import type { LegacyStore } from '../../src/adapters/express-session/index.js';
import type { SessionStore } from '../../src/index.js';
import { manualClock } from '../../src/index.js';
import { postgresStore } from '../../src/stores/postgres/index.js';
import { redisStore } from '../../src/stores/redis/index.js';

const require = createRequire(import.meta.url);
const redisAvailable = await requireServer(`Redis at ${redisUrl()}`, () => probeRedis());
const postgresAvailable = await requireServer(`PostgreSQL at ${databaseUrl()}`, () => probePostgres());

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of opened.splice(0)) await server.close();
});

/** Sign in before the switch, switch, and check the user is signed in once, on `legacy` and `sesame`. */
async function switchKeepsUser(
  legacy: LegacyStore,
  sesame: SessionStore,
  clock = manualClock(),
): Promise<void> {
  const before = await startLegacyApp(legacy);
  opened.push(before);
  const browser = new Client(before.url);
  await browser.post('/login', { form: { username: 'ada', password: 'correct horse' } });
  expect((await browser.get('/account')).body).toMatchObject({ user: 'ada' });
  const legacyCookie = browser.cookieHeader;
  const value = decodeURIComponent(browser.jar.get('connect.sid') ?? '');
  const legacyId = value.slice(2, value.lastIndexOf('.'));
  expect(await stored(legacy, legacyId)).not.toBeNull();

  const after = await startSwitchedApp({ store: legacy, secret: LEGACY_SECRET }, { store: sesame, clock });
  opened.push(after);
  const moved = new Client(after.url);
  moved.jar.set('connect.sid', browser.jar.get('connect.sid') ?? '');
  expect((await moved.get('/account')).body).toMatchObject({ user: 'ada', sesameUser: 'u1' });
  expect(moved.jar.has(COOKIE)).toBe(true);
  expect(moved.jar.has('connect.sid')).toBe(false);
  expect((await moved.get('/account')).body).toMatchObject({ user: 'ada', sesameUser: 'u1' });
  expect(await stored(legacy, legacyId)).toBeNull();
  expect((await new Client(after.url).get('/account', { cookie: legacyCookie })).status).toBe(401);
}

describe.skipIf(!redisAvailable)('legacy upgrade from connect-redis on the real Redis', () => {
  const prefix = `${uniqueName('sesame-test-legacy')}:`;
  const client = createClient({ url: redisUrl(), disableOfflineQueue: true });
  client.on('error', () => {});
  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 })) {
      if (keys.length > 0) await client.unlink(keys);
    }
    client.destroy();
  });

  it('a user signed in by express-session + connect-redis is still signed in after the switch', async () => {
    const { RedisStore } = require('connect-redis') as {
      RedisStore: new (options: { client: unknown; prefix: string }) => LegacyStore;
    };
    const clock = manualClock();
    const legacy = new RedisStore({ client, prefix: `${prefix}sess:` });
    await switchKeepsUser(legacy, redisStore({ client, prefix: `${prefix}sesame:`, clock }), clock);
  });
});

describe.skipIf(!postgresAvailable)('legacy upgrade from connect-pg-simple on the real PostgreSQL', () => {
  const { pool, schema } = schemaPool('sesame_legacy');

  it('a user signed in by express-session + connect-pg-simple is still signed in after the switch', async () => {
    const PgStore = (
      require('connect-pg-simple') as (session: unknown) => new (options: object) => LegacyStore & {
        close(): Promise<void>;
      }
    )(expressSessionModule());
    const legacy = new PgStore({
      pool,
      schemaName: schema,
      tableName: 'session',
      createTableIfMissing: true,
      pruneSessionInterval: false,
    });
    const clock = manualClock();
    const sesame = postgresStore({ pool, schema, clock });
    await sesame.migrate();
    await switchKeepsUser(legacy, sesame, clock);
  });
});
