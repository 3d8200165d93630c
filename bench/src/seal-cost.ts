/**
 * What sealing at rest costs the core, in CPU time per operation (issue 15): Sesame's own request
 * path (`sessions.load` of a signed-in session, a one-key `set`, a sign-in) on the memory store,
 * with and without `encryption`, interleaved in one process so both meet the same machine.
 * Server CPU time rather than wall time, so a busy machine inflates both sides alike; the wrk
 * scenarios (`--variants=…-sealed`) measure the same through HTTP when the machine is quiet.
 *
 * `npm run seal-cost -w bench [-- --rounds=5 --ops=5000]`
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { createSessions, type ApplyPlan, type RequestFacts, type Sessions } from 'sesame-session';
import { memoryStore } from 'sesame-session/stores/memory';
import { BENCH_SEAL_KEY, BENCH_SECRET } from './server/sesame-app.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' }, ops: { type: 'string' } } });
const ROUNDS = Number(values.rounds ?? 5);
const OPS = Number(values.ops ?? 5_000);

const facts = (cookie: string | null): RequestFacts => ({
  method: 'POST',
  host: 'localhost',
  isSecure: true,
  cookieHeader: cookie,
  origin: null,
  secFetchSite: 'same-origin',
  ip: '203.0.113.7',
  userAgent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
});

function make(sealed: boolean): Sessions {
  return createSessions({
    store: memoryStore({ maxSessions: 1_000_000 }),
    secrets: BENCH_SECRET,
    production: false,
    logger: { warn: () => {}, error: () => {} },
    ...(sealed ? { encryption: { keys: BENCH_SEAL_KEY } } : {}),
  });
}

/** Sign a user in with the bench's data (`n`, as the wrk routes keep) and return the cookie. */
async function signIn(sessions: Sessions, index: number): Promise<string> {
  let cookie = '';
  const apply: ApplyPlan = (plan) => {
    const line = plan.setCookies.find((c) => c.startsWith('__Host-sid='));
    if (line !== undefined) cookie = line.split(';')[0] ?? '';
  };
  const session = await sessions.load(facts(null), apply);
  await session.login(`user-${index}`);
  await session.set('n', index);
  return cookie;
}

type Operation = 'read' | 'update' | 'login';

async function cpuUsPerOp(sessions: Sessions, cookies: string[], operation: Operation): Promise<number> {
  const noop: ApplyPlan = () => {};
  const start = process.cpuUsage();
  for (let i = 0; i < OPS; i++) {
    const cookie = cookies[i % cookies.length] ?? null;
    if (operation === 'login') {
      const session = await sessions.load(facts(null), noop);
      await session.login(`new-${i}`);
    } else {
      const session = await sessions.load(facts(cookie), noop);
      if (operation === 'update') await session.set('n', i);
    }
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / OPS;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const plain = make(false);
const sealed = make(true);
const pool = 200;
const plainCookies = await Promise.all(Array.from({ length: pool }, (_, i) => signIn(plain, i)));
const sealedCookies = await Promise.all(Array.from({ length: pool }, (_, i) => signIn(sealed, i)));

console.log(`seal-cost: ${ROUNDS} rounds of ${OPS} operations each, medians of CPU µs per operation`);
console.log('| operation | unsealed | sealed | sealed − unsealed | sealed ÷ unsealed |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const operation of ['read', 'update', 'login'] as const) {
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(await cpuUsPerOp(plain, plainCookies, operation));
    b.push(await cpuUsPerOp(sealed, sealedCookies, operation));
  }
  const [p, s] = [median(a), median(b)];
  console.log(
    `| ${operation} | ${p.toFixed(1)} | ${s.toFixed(1)} | ${(s - p).toFixed(1)} | ${(s / p).toFixed(2)}× |`,
  );
}
await plain.close();
await sealed.close();
