/**
 * What sealing at rest costs the core, in CPU time per operation (issue 15): Sesame's own request
 * path (`sessions.load` of a signed-in session, a one-key `set`, a sign-in) on the memory store,
 * with and without `encryption`, interleaved in one process so both meet the same machine.
 * Server CPU time rather than wall time, so a busy machine inflates both sides alike; the wrk
 * scenarios (`--variants=…-sealed`) measure the same through HTTP when the machine is quiet.
 *
 * `npm run seal-cost -w bench [-- --rounds=5 --ops=5000 --write]`; `--write` puts the table into
 * bench/RESULTS.md between `<!-- seal-cost:start -->` and `<!-- seal-cost:end -->`.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSessions, type ApplyPlan, type RequestFacts, type Sessions } from 'sesame-session';
import { memoryStore } from 'sesame-session/stores/memory';
import { BENCH_SEAL_KEY, BENCH_SECRET } from './server/sesame-app.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    ops: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
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

const lines = [
  `Written by \`npm run seal-cost -w bench\` on ${new Date().toISOString()} (Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' / ',
    )} during the run): Sesame's request path on the memory store without HTTP (\`sessions.load\` of a signed-in session; \`set('n', …)\`; a sign-in), ${ROUNDS} interleaved rounds of ${OPS} operations, medians of server CPU µs per operation. The record holds the bench's one data value and an IP address and user agent, so a read opens three values. Through HTTP, the \`sesame-<store>-sealed\` variants of \`npm run bench\` give sealed ÷ unsealed req/s in the headline; run them on a quiet machine, where a load average above the core count makes wrk's figures noise.`,
  '',
  '| operation | unsealed | sealed | sealed − unsealed | sealed ÷ unsealed |',
  '| --- | ---: | ---: | ---: | ---: |',
];
for (const operation of ['read', 'update', 'login'] as const) {
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(await cpuUsPerOp(plain, plainCookies, operation));
    b.push(await cpuUsPerOp(sealed, sealedCookies, operation));
  }
  const [p, s] = [median(a), median(b)];
  lines.push(
    `| ${operation} | ${p.toFixed(1)} | ${s.toFixed(1)} | ${(s - p).toFixed(1)} | ${(s / p).toFixed(2)}× |`,
  );
}
console.log(lines.join('\n'));
if (values.write) {
  const path = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
  const [start, end] = ['<!-- seal-cost:start -->', '<!-- seal-cost:end -->'];
  const section = [start, '## Sealing at rest: CPU cost per operation (issue 15)', '', ...lines, end].join(
    '\n',
  );
  const document = readFileSync(path, 'utf8');
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  writeFileSync(
    path,
    from === -1 || to === -1
      ? `${document.trimEnd()}\n\n${section}\n`
      : `${document.slice(0, from)}${section}${document.slice(to + end.length)}`,
  );
  console.log(`written to ${path}`);
}
await plain.close();
await sealed.close();
