/**
 * Command-line options of `npm run bench`. The full run is the default; `--quick` is a one-minute
 * smoke pass: memory and SQLite only, scenarios (a)–(c), 1 s runs, no soak, scale or profile.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { isScenarioId, type ScenarioId } from './scenarios.js';
import { parseSoakDuration } from './store-soak/verdict.js';
import { isVariantId, VARIANT_IDS, type VariantId } from './variants.js';

export interface BenchOptions {
  quick: boolean;
  variants: VariantId[];
  scenarios: ScenarioId[];
  /** One warm-up per server and scenario, seconds. */
  warmupS: number;
  /** Each measured run, seconds. */
  measureS: number;
  /** Measured runs per variant and scenario; the report shows their median. */
  reps: number;
  /**
   * Unmeasured load right before each measured run, whole seconds (wrk's unit); 0 skips it. A
   * server sits idle while the others are measured, and V8 shrinks its heap and may drop compiled
   * code meanwhile: without it the first part of a run measures the process waking up.
   */
  rewarmS: number;
  /**
   * PostgreSQL's `synchronous_commit` for every bench pool, of every library alike: `on` (the
   * server's default, each write waits for its WAL flush) or `off` (a diagnostic: it shows what a
   * PostgreSQL scenario measures once the disk's flush latency is out of the way).
   */
  pgSynchronousCommit: 'on' | 'off';
  /** Signed-in sessions in the cookie pool wrk draws from. */
  poolSize: number;
  /** Live sessions put into each store for scenario (d). */
  fillSessions: number;
  /** Memory soak: seconds of scenario (c) per memory store; 0 skips it. */
  soakS: number;
  /** Store soak (issue 10): seconds of mixed traffic per store; 0 skips it. */
  storeSoakS: number;
  /** Scale test: big store size (vs 1k); 0 skips it. */
  scaleSessions: number;
  /** CPU profile seconds per profiled server; 0 skips profiling. */
  profileS: number;
  /** Variants profiled, each under {@link BenchOptions.profileScenario}. */
  profileVariants: VariantId[];
  /** The scenario the profiled servers serve (default (a), the read). */
  profileScenario: ScenarioId;
  /** Markdown report path. */
  out: string;
  redisUrl: string;
  databaseUrl: string;
}

const QUICK_VARIANTS: VariantId[] = [
  'baseline',
  'sesame-memory',
  'express-session-memory',
  'sesame-sqlite',
  'express-session-sqlite',
  'layer-memory',
  'layer-sqlite',
];

function list<T extends string>(
  text: string | undefined,
  valid: (v: string) => v is T,
  name: string,
): T[] | null {
  if (text === undefined) return null;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items)
    if (!valid(item)) throw new TypeError(`--${name}: unknown ${JSON.stringify(item)}`);
  return items as T[];
}

function number(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`--${name} must be a number ≥ 0, got ${text}`);
  return value;
}

export const USAGE = `npm run bench [-- options]
  --quick                 about 1 minute: memory + SQLite, scenarios a-c, 1 s runs, no soak/scale/profile
  --variants=a,b          variant ids (${VARIANT_IDS.join(', ')})
  --scenarios=a,b,c,d     scenarios to run
  --reps=N --duration=S --warmup=S    measured runs per variant, seconds each, warm-up seconds
  --rewarm=S              unmeasured load before each measured run, whole seconds (default 1; --quick 0)
  --pg-commit=on|off      synchronous_commit of every PostgreSQL pool, all libraries alike (default on)
  --pool=N --fill=N       signed-in cookie pool size; sessions filled for (d)
  --soak=S --scale=N --profile=S      0 skips the memory soak, the scale test, the CPU profile
  --soak-duration=D       store soak per store (memory, SQLite, Redis, PostgreSQL), e.g. 10m (default; 0 skips)
  --profile-variants=a,b  variants profiled (default under scenario a)
  --profile-scenario=b    the scenario the profiled servers serve (a, b, c or d; default a)
  --out=FILE              report path (default bench/RESULTS.md; --quick: bench/results/quick.md)`;

function profileScenarioOf(text: string | undefined): ScenarioId {
  if (text === undefined) return 'a';
  if (!isScenarioId(text))
    throw new TypeError(`--profile-scenario must be a scenario id (a, b, c or d), got ${text}`);
  return text;
}

function pgCommitOf(text: string | undefined): 'on' | 'off' {
  if (text === undefined) return 'on';
  if (text !== 'on' && text !== 'off') throw new TypeError(`--pg-commit must be on or off, got ${text}`);
  return text;
}

/** `--help`: print the usage and exit 0. */
export class HelpRequested extends Error {}

export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  benchDir: string,
): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      variants: { type: 'string' },
      scenarios: { type: 'string' },
      reps: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rewarm: { type: 'string' },
      'pg-commit': { type: 'string' },
      pool: { type: 'string' },
      fill: { type: 'string' },
      soak: { type: 'string' },
      'soak-duration': { type: 'string' },
      scale: { type: 'string' },
      profile: { type: 'string' },
      'profile-variants': { type: 'string' },
      'profile-scenario': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new HelpRequested(USAGE);
  const quick = values.quick;
  return {
    quick,
    variants: list(values.variants, isVariantId, 'variants') ?? (quick ? QUICK_VARIANTS : [...VARIANT_IDS]),
    scenarios:
      list(values.scenarios, isScenarioId, 'scenarios') ?? (quick ? ['a', 'b', 'c'] : ['a', 'b', 'c', 'd']),
    warmupS: number(values.warmup, quick ? 1 : 3, 'warmup'),
    measureS: number(values.duration, quick ? 1 : 3, 'duration'),
    reps: Math.max(1, Math.round(number(values.reps, quick ? 3 : 5, 'reps'))),
    rewarmS: Math.round(number(values.rewarm, quick ? 0 : 1, 'rewarm')),
    pgSynchronousCommit: pgCommitOf(values['pg-commit']),
    poolSize: Math.max(1, Math.round(number(values.pool, quick ? 200 : 1000, 'pool'))),
    fillSessions: Math.round(number(values.fill, 100_000, 'fill')),
    soakS: number(values.soak, quick ? 0 : 60, 'soak'),
    storeSoakS:
      values['soak-duration'] === undefined ? (quick ? 0 : 600) : parseSoakDuration(values['soak-duration']),
    scaleSessions: Math.round(number(values.scale, quick ? 0 : 1_000_000, 'scale')),
    profileS: number(values.profile, quick ? 0 : 10, 'profile'),
    profileVariants: list(values['profile-variants'], isVariantId, 'profile-variants') ?? [
      'baseline',
      'sesame-memory',
      'express-session-memory',
      'sesame-sqlite',
    ],
    profileScenario: profileScenarioOf(values['profile-scenario']),
    out: values.out ?? (quick ? `${benchDir}/results/quick.md` : `${benchDir}/RESULTS.md`),
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}
