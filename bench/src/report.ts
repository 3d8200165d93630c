/**
 * bench/RESULTS.md from one run's figures. Pure: the same data always renders the same text.
 *
 * @module
 */
import type { Environment } from './environment.js';
import type { BenchOptions } from './options.js';
import type { ProfileOutcome } from './profile.js';
import type { RedisMemory } from './redis-memory.js';
import type { ScenarioOutcome, VariantOutcome } from './results.js';
import { layerVerdicts } from './layer-verdict.js';
import type { ScaleOutcome } from './scale.js';
import { SCENARIOS, type ScenarioId } from './scenarios.js';
import type { SoakOutcome } from './soak.js';
import { ratio } from './stats.js';
import {
  baselineRatio,
  cpuBaselineRatio,
  cpuLayerVersusRatio,
  cpuOverLegacy,
  cpuVersusRatio,
  layerVersusRatio,
  overLegacy,
  memoryRatio,
  sealedRatio,
  cpuSealedRatio,
  ratioText as x,
  verdicts,
  versusRatio,
  type Verdict,
} from './verdict.js';
import { PAIRED_STORES, VARIANTS, variantById, type PairedStore, type VariantId } from './variants.js';
import { WRK_CONNECTIONS, WRK_THREADS } from './wrk.js';

export interface BenchReport {
  environment: Environment;
  options: BenchOptions;
  durationS: number;
  scenarios: ScenarioOutcome[];
  soak: SoakOutcome[];
  scale: ScaleOutcome[];
  redisMemory: RedisMemory | null;
  profiles: ProfileOutcome[];
}

const STORE_NAMES = { memory: 'memory', sqlite: 'SQLite', redis: 'Redis', postgres: 'PostgreSQL' } as const;

function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function breakdown(byName: Record<string, number>): string {
  const parts = Object.entries(byName)
    .filter(([, v]) => v >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([name, v]) => `${name} ${v.toFixed(2)}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function scenarioTitle(id: ScenarioId): string {
  return SCENARIOS.find((s) => s.id === id)?.title ?? id;
}

function scenarioTable(outcome: ScenarioOutcome): string[] {
  const lines = [
    `### ${scenarioTitle(outcome.scenario)}`,
    '',
    '| Variant | req/s | × baseline | p50 ms | p99 ms | CPU µs/req | × baseline (CPU) | RSS MB | store ops/req | Redis cmds or SQL stmts/req |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  const missing: VariantOutcome[] = [];
  for (const variant of outcome.variants) {
    const s = variant.summary;
    if (variant.status !== 'ok' || s === null) {
      missing.push(variant);
      continue;
    }
    const failures = s.failures > 0 ? ` ⚠ ${num(s.failures)} failed responses` : '';
    const store =
      s.storeOpsPerRequest === null
        ? '—'
        : `${s.storeOpsPerRequest.toFixed(2)}${breakdown(s.storeOpsByMethod)}`;
    const backend =
      s.backendOpsPerRequest === null
        ? '—'
        : `${s.backendOpsPerRequest.toFixed(2)}${breakdown(s.backendOpsByName)}`;
    lines.push(
      `| ${variantById(variant.variant).label}${failures} | ${num(s.requestsPerS)} | ${x(baselineRatio(outcome, variant.variant))} | ${num(s.p50Ms, 2)} | ${num(s.p99Ms, 2)} | ${num(s.cpuUsPerRequest)} | ${x(cpuBaselineRatio(outcome, variant.variant))} | ${num(s.rssMb)} | ${store} | ${backend} |`,
    );
  }
  for (const variant of missing) {
    lines.push(
      '',
      `- ${variantById(variant.variant).label}: **${variant.status}** — ${variant.reason ?? ''}`,
    );
  }
  lines.push('');
  return lines;
}

type StoreRatio = (scenario: ScenarioOutcome, store: PairedStore) => number | null;

/** A table of one ratio per store (rows) and scenario (columns): by req/s, then `cpu` in brackets. */
function storeTable(
  report: BenchReport,
  intro: string,
  stores: readonly PairedStore[],
  rps: StoreRatio,
  cpu: StoreRatio,
): string[] {
  const ids = report.scenarios.map((s) => s.scenario);
  const lines = [
    '',
    intro,
    '',
    `| Store | ${ids.map((id) => `(${id})`).join(' | ')} |`,
    `| --- | ${ids.map(() => '---:').join(' | ')} |`,
  ];
  for (const store of stores) {
    const cells = report.scenarios.map((s) => {
      const value = rps(s, store);
      return value === null ? '—' : `${x(value)} (${x(cpu(s, store))})`;
    });
    lines.push(`| ${STORE_NAMES[store]} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function headline(report: BenchReport): string[] {
  const ids = report.scenarios.map((s) => s.scenario);
  const lines = [
    '## Headline: requests per second as a ratio to the baseline of the same run',
    '',
    `| Variant | ${ids.map((id) => scenarioTitle(id).replace(/^\(\w\) /, `(${id}) `)).join(' | ')} |`,
    `| --- | ${ids.map(() => '---:').join(' | ')} |`,
  ];
  for (const variant of VARIANTS) {
    if (variant.id === 'baseline' || !report.options.variants.includes(variant.id)) continue;
    const cells = report.scenarios.map((s) =>
      variant.scenarios === undefined || variant.scenarios.includes(s.scenario)
        ? x(baselineRatio(s, variant.id))
        : '',
    );
    lines.push(`| ${variant.label} | ${cells.join(' | ')} |`);
  }
  lines.push(
    ...storeTable(
      report,
      'Sesame ÷ express-session on the same store, by req/s and (in brackets) by server CPU time per request:',
      PAIRED_STORES,
      versusRatio,
      cpuVersusRatio,
    ),
  );
  const cached = VARIANTS.filter((v) => v.cached === true && report.options.variants.includes(v.id));
  if (cached.length > 0) {
    lines.push(
      '',
      'The read cache (issue 15) ÷ Sesame + memoryStore, by req/s, same run (the issue asks ≥ 0.9× on (a)); in brackets the same store without the cache ÷ memoryStore:',
      '',
      `| Variant | ${ids.map((id) => `(${id})`).join(' | ')} |`,
      `| --- | ${ids.map(() => '---:').join(' | ')} |`,
    );
    for (const variant of cached) {
      const cells = report.scenarios.map(
        (s) =>
          `${x(memoryRatio(s, variant.id))} (${x(memoryRatio(s, `sesame-${variant.store}` as VariantId))})`,
      );
      lines.push(`| ${variant.label} | ${cells.join(' | ')} |`);
    }
  }
  lines.push(
    ...storeTable(
      report,
      'The express-session layer (the same express-session handlers on Sesame) ÷ express-session on the same store, by req/s and (in brackets) by server CPU time per request (issue 12 asks ≥ 1.5×):',
      PAIRED_STORES,
      layerVersusRatio,
      cpuLayerVersusRatio,
    ),
  );
  const floorStores = PAIRED_STORES.filter((store) =>
    report.options.variants.includes(`store-floor-${store}`),
  );
  if (floorStores.length > 0) {
    lines.push(
      ...storeTable(
        report,
        'The store floor (the same store calls with no session library, bench/src/server/store-floor-app.ts) ÷ express-session on the same store, by req/s and (in brackets) by server CPU time per request: the most any session library could reach on that store in this run:',
        floorStores,
        (s, store) => overLegacy(s, `store-floor-${store}`, store),
        (s, store) => cpuOverLegacy(s, `store-floor-${store}`, store),
      ),
    );
  }
  const sealedStores = PAIRED_STORES.filter((store) =>
    report.options.variants.includes(`sesame-${store}-sealed`),
  );
  if (sealedStores.length > 0) {
    lines.push(
      ...storeTable(
        report,
        'Sesame with data sealed at rest (`encryption`) ÷ Sesame without, on the same store, by req/s and (in brackets) server CPU time per request sealed ÷ unsealed (issue 15: the cost of sealing):',
        sealedStores,
        sealedRatio,
        cpuSealedRatio,
      ),
    );
  }
  lines.push('');
  return lines;
}

/** A verdict table: one row per target judged. */
function verdictTable(judged: readonly Verdict[]): string[] {
  const lines = ['| Scenario | Store | Target | Measured | Result |', '| --- | --- | --- | --- | --- |'];
  for (const v of judged) {
    const result = v.met === null ? 'not judged (variant not available)' : v.met ? 'met' : '**missed**';
    lines.push(
      `| (${v.scenario}) | ${v.store === null ? '' : STORE_NAMES[v.store]} | ${v.target} | ${v.measured} | ${result} |`,
    );
  }
  lines.push('');
  return lines;
}

function verdictSection(report: BenchReport): string[] {
  return [
    '## Verdict against the targets of issue 5',
    '',
    ...verdictTable(verdicts(report.scenarios, report.options.poolSize)),
  ];
}

function layerVerdictSection(report: BenchReport): string[] {
  const judged = layerVerdicts(report.scenarios);
  if (judged.length === 0) return [];
  return [
    '## Verdict against the target of issue 12',
    '',
    'The express-session layer ÷ express-session on the same store: the median of the ratios of runs measured side by side, one per repetition (Method), with their range; beside it the ratio of the two medians (the tables above) and of server CPU time per request.',
    '',
    ...verdictTable(judged),
  ];
}

function soakSection(report: BenchReport): string[] {
  if (report.soak.length === 0) return [];
  const lines = [
    '## Memory: scenario (c) for a while against the memory stores',
    '',
    'A new signed-in session on every request; RSS of the server process (VmRSS) sampled every 5 s.',
    '',
    '| Variant | seconds | req/s | RSS at start MB | RSS at 5 s MB | RSS at end MB | peak MB | sessions held at end |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const soak of report.soak) {
    if (soak.reason !== null) {
      lines.push(`| ${variantById(soak.variant).label} | — | — | — | — | — | — | ${soak.reason} |`);
      continue;
    }
    const at5 = soak.samples.find((s) => s.atS >= 5) ?? soak.samples[0];
    const peak = Math.max(...soak.samples.map((s) => s.rssMb));
    lines.push(
      `| ${variantById(soak.variant).label} | ${soak.durationS} | ${num(soak.requestsPerS)} | ${num(soak.samples[0]?.rssMb)} | ${num(at5?.rssMb)} | ${num(soak.samples.at(-1)?.rssMb)} | ${num(peak)} | ${num(soak.heldAtEnd)} |`,
    );
  }
  lines.push('');
  for (const soak of report.soak) {
    if (soak.samples.length > 0) {
      lines.push(
        `- ${variantById(soak.variant).label}, RSS MB every 5 s: ${soak.samples.map((s) => num(s.rssMb)).join(', ')}`,
      );
    }
  }
  lines.push('');
  return lines;
}

function redisSection(report: BenchReport): string[] {
  const memory = report.redisMemory;
  if (memory === null) return [];
  const lines = [
    '## Redis: bytes per session (`MEMORY USAGE`, median over sampled keys of scenario (a))',
    '',
  ];
  for (const [label, types] of [
    ['Sesame redisStore', memory.sesame],
    ['connect-redis', memory.connectRedis],
  ] as const) {
    if (types === null || Object.keys(types).length === 0) {
      lines.push(`- ${label}: not measured (no keys)`);
      continue;
    }
    const parts = Object.entries(types).map(
      ([type, m]) => `${type} ${num(m.medianBytes)} B (${m.keys} keys sampled)`,
    );
    lines.push(`- ${label}: ${parts.join('; ')}`);
  }
  lines.push(
    '',
    'For Sesame a signed-in session is one hash (the record) plus its user’s index (a sorted set, shared by that user’s sessions); for connect-redis, one string.',
    '',
  );
  return lines;
}

function scaleSection(report: BenchReport): string[] {
  if (report.scale.length === 0) return [];
  const lines = [
    `## Scale: scenario (a) with 1 000 vs ${num(report.options.scaleSessions)} stored sessions`,
    '',
    'The same server measured with its 1 000 signed-in pool sessions only, then again after the rest was filled straight into the table (bulk INSERT in transactions; PostgreSQL then ANALYZE).',
    '',
    '| Variant | sessions | req/s | p50 ms | p99 ms | CPU µs/req | store ops/req |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const notes: string[] = [];
  for (const scale of report.scale) {
    const label = variantById(scale.variant).label;
    if (scale.reason !== null || scale.small === null || scale.large === null) {
      notes.push(`- ${label}: ${scale.reason ?? 'not measured'}`);
      continue;
    }
    for (const size of [scale.small, scale.large]) {
      const s = size.summary;
      lines.push(
        `| ${label} | ${num(size.sessions)} | ${num(s?.requestsPerS)} | ${num(s?.p50Ms, 2)} | ${num(s?.p99Ms, 2)} | ${num(s?.cpuUsPerRequest)} | ${s?.storeOpsPerRequest?.toFixed(2) ?? '—'} |`,
      );
    }
    const p50 = ratio(scale.large.summary?.p50Ms ?? null, scale.small.summary?.p50Ms ?? null);
    const rps = ratio(scale.large.summary?.requestsPerS ?? null, scale.small.summary?.requestsPerS ?? null);
    notes.push(
      `- ${label}: p50 with ${num(scale.large.sessions)} ÷ p50 with ${num(scale.small.sessions)} = **${x(p50)}**; req/s ratio **${x(rps)}**; filling ${num(scale.large.sessions - scale.small.sessions)} rows took ${num(scale.fillS, 1)} s.`,
    );
  }
  lines.push('', ...notes, '');
  return lines;
}

function profileSection(report: BenchReport): string[] {
  if (report.profiles.length === 0) return [];
  const lines = [
    '## CPU profile of the server under load',
    '',
    `V8's sampling profiler (the one \`node --cpu-prof\` uses), started through \`node:inspector\` after the warm-up and stopped after ${report.options.profileS} s of wrk load, so start-up and sign-ins are not in it. Shares of busy (non-idle) time: self time by area, and by owner, where each sample goes to the library frame nearest the leaf (crypto called by Sesame counts for Sesame; \`writeHead\` called by \`res.json\` for Express). The profiles are kept in bench/results/*.cpuprofile.`,
    '',
  ];
  for (const p of report.profiles) {
    const label = variantById(p.variant).label;
    if (p.summary === null) {
      lines.push(`### ${label}, scenario (${p.scenario})`, '', `Not profiled: ${p.reason ?? ''}`, '');
      continue;
    }
    const s = p.summary;
    lines.push(`### ${label}, scenario (${p.scenario}): ${num(p.requestsPerS)} req/s while profiled`, '');
    lines.push(
      `Self time by area: ${s.byArea
        .slice(0, 10)
        .map((a) => `${a.area} ${pct(a.share)}`)
        .join(', ')}.`,
      '',
      `By owner (nearest library frame to the leaf): ${s.byOwner
        .filter((o) => o.share > 0.001)
        .slice(0, 10)
        .map((o) => `${o.owner} ${pct(o.share)}`)
        .join(', ')}.`,
      '',
      '| Function (self time) | area | share |',
      '| --- | --- | ---: |',
      ...s.topFunctions
        .slice(0, 12)
        .map((f) => `| \`${f.name.replace(/\|/g, '\\|')}\` | ${f.area} | ${pct(f.share)} |`),
      '',
    );
  }
  return lines;
}

function methodSection(report: BenchReport): string[] {
  const o = report.options;
  return [
    '## Method',
    '',
    `- Each variant is an Express 5 app with the same three routes (bench/src/server/routes.ts): \`GET /read\` answers the signed-in user and one data key (401 without a session), \`POST /update\` sets one data key to a new value, \`POST /login\` signs a new user id in (no password hashing). The baseline serves the same routes with no session layer.`,
    `- Servers run one per process, pinned with \`taskset -c 1\`; wrk ${report.environment.wrk} runs pinned with \`taskset -c 0\`, ${WRK_THREADS} thread, ${WRK_CONNECTIONS} connections, \`--latency\`. Per scenario all servers are started first; each gets one ${o.warmupS} s warm-up, then ${o.reps} measured runs of ${o.measureS} s${o.rewarmS > 0 ? `, each right after ${o.rewarmS} s of unmeasured load (a server sits idle while the others are measured, and V8 shrinks its heap and may drop compiled code meanwhile)` : ''}. In each repetition the variants on one store run one after another (bench/src/run-order.ts), the store groups take turns going first, and within a group the order reverses every other repetition, so load from other work on the machine falls on both sides of a comparison alike. Figures are the median of the ${o.reps} runs; "× baseline" divides by the baseline's median in the same scenario of the same run. Issue 12's verdict divides the layer's run by express-session's run of the same repetition, seconds apart, and takes the median of those ratios: a change in the machine's speed between repetitions (seen here as ±40 % within minutes) cancels out of each ratio, where it stays in a ratio of two medians taken at different moments.`,
    `- (a), (b), (d): every request carries a cookie drawn at random (pool.lua) from ${num(o.poolSize)} signed-in sessions made by calling \`POST /login\` ${num(o.poolSize)} times before the runs; the baseline gets the same number of Sesame-shaped decoy cookies so wrk does the same work. (c) sends no cookie. Every request carries \`Sec-Fetch-Site: same-origin\`, as a browser's same-origin form post does (Sesame's CSRF check passes it; the others ignore it). (d) first puts ${num(o.fillSessions)} live sessions of other users straight into the store (bulk SQL in transactions for SQLite/PostgreSQL, store API elsewhere), then makes the pool; iron-session has no store and is left out of (d).`,
    '- Store ops/req: calls of the session store’s methods, counted by wrapping them in the server (Sesame: get, create, applyDelta, touch, replace, listByUser, …; express-session: get, set, touch, destroy), divided by the responses the server finished during the measured runs (counted by the first middleware). Redis commands/req: `INFO commandstats` deltas over each measured run (the runner’s own INFO left out; the Redis server is shared, so another process’s commands in the same seconds would show up too). commandstats also counts the commands a Lua script runs, so an `evalsha` line comes with the `hset`/`zadd`/… it ran inside: round trips are the store calls (one each, but Sesame’s `listByUser`, which reads each session it lists). SQL statements/req (PostgreSQL): calls of `query` on the pg clients of the server’s pool (BEGIN/COMMIT included), wrapped in the server; pg_stat_statements is not loaded on this server.',
    '- CPU µs/req: user + system CPU time of the server process (`process.cpuUsage()`, all its threads) over the measured runs, divided by the requests it finished. The server is CPU-bound under wrk, so req/s ≈ 1 / CPU time per request; unlike req/s, CPU time leaves out the moments another process held the core, which makes "× baseline (CPU)" the steadier ratio on a shared machine. Targets are judged on req/s as the issue states; the CPU-time ratio is shown beside it.',
    '- Redis and PostgreSQL run on the same two cores, unpinned: their CPU time competes with the pinned server and wrk, so a store that makes its server work harder (a Lua script, a transaction) costs req/s here that it would not cost with the database on its own machine.',
    '- The store floor (`store-floor-*`, bench/src/server/store-floor-app.ts): the baseline plus the store calls Sesame makes for each route (one `get`; a `get` and an `applyDelta` of one key; one `create`) on the same Sesame store, with the record id as the cookie and nothing else: no token hashing, CSRF check, timeouts or rotation. It switches Express’s req and res to dictionary mode as Sesame’s adapters do. No session layer on that store can do less, so its ratio to express-session bounds any library’s.',
    '- RSS: VmRSS of the server process from /proc/<pid>/status at the end of each measured run (median).',
    ...(o.pgSynchronousCommit === 'off'
      ? [
          "- `--pg-commit=off`: every PostgreSQL pool of every library ran with `synchronous_commit=off`, so a write's commit did not wait for its WAL flush. A diagnostic, not a setting to quote: it shows how much of a PostgreSQL figure is the disk's flush latency, which each library pays once per written request.",
        ]
      : []),
    '- Settings: Sesame with its defaults (CSRF on, touch at most once a minute, at most 20 sessions per user, memory store bounded to 10 000 sessions except in (d), where it holds the fill). express-session as its README shows: `resave: false`, `saveUninitialized: false`, cookie maxAge 30 min (Sesame’s idle timeout), `regenerate()` then `save()` at sign-in; its cookie is not `secure` because express-session will not send a Secure cookie over plain HTTP (Sesame sends its `__Host-` cookie; clients on 127.0.0.1 keep it). better-sqlite3-session-store gets `journal_mode = WAL` and `synchronous = NORMAL` like Sesame’s SQLite store; connect-pg-simple its own table with pruning off during the runs; connect-redis v9 and Sesame share one Redis with different prefixes. iron-session 8 with ttl 30 min.',
    `- The machine has ${report.environment.nproc} cores shared with other work (test runs of other engineers may have overlapped): absolute figures are noisy; ratios within the run are what counts. Sesame runs from its compiled output (tsc, packages/sesame/dist) as installed users run it; the bench's own app code runs through tsx in every variant alike.`,
    o.quick
      ? '- This is a `--quick` run: memory and SQLite variants only, scenarios (a)–(c), 1 s runs, no soak, scale or profile. Use the full run for figures to quote.'
      : '',
    '',
  ].filter((line, index, all) => line !== '' || all[index - 1] !== '');
}

export function renderReport(report: BenchReport): string {
  const e = report.environment;
  const lines = [
    '# Sesame benchmarks',
    '',
    `Written by \`npm run bench${report.options.quick ? ' -- --quick' : ''}\` on ${e.dateIso} (run took ${Math.round(report.durationS / 60)} min). Do not edit by hand: rerun.`,
    '',
    '## Machine and versions',
    '',
    `- ${e.cpuModel}, nproc ${e.nproc}, ${e.memoryGb} GB, ${e.kernel}`,
    `- Node ${e.node}; ${e.wrk}; Redis ${e.redis ?? 'not reachable'}; PostgreSQL ${e.postgres ?? 'not reachable'}; SQLite ${e.sqlite}`,
    `- Sesame at commit ${e.gitCommit}, loaded as ${e.sesameBuild ?? 'unknown'}`,
    `- Packages: ${Object.entries(e.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    '',
    ...headline(report),
    ...verdictSection(report),
    ...layerVerdictSection(report),
    '## Scenarios',
    '',
    ...report.scenarios.flatMap(scenarioTable),
    ...soakSection(report),
    ...redisSection(report),
    ...scaleSection(report),
    ...profileSection(report),
    ...methodSection(report),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
