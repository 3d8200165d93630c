/**
 * `npm run bench`: Sesame side by side with express-session and iron-session (issue 5). Checks
 * the tools, runs the scenarios, the memory soak, the Redis memory measurement, the scale test and
 * the CPU profiles, cleans up everything it made, and writes the report.
 *
 * @module
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunContext } from './context.js';
import { buildSesame } from './build-sesame.js';
import { describeEnvironment } from './environment.js';
import { HelpRequested, parseOptions, type BenchOptions } from './options.js';
import { dropSchema, postgresReachable } from './pg-admin.js';
import { profileVariant, type ProfileOutcome } from './profile.js';
import { RedisAdmin } from './redis-admin.js';
import { measureRedisMemory, type RedisMemory } from './redis-memory.js';
import { renderReport } from './report.js';
import type { ScenarioOutcome } from './results.js';
import { runScenario } from './run-scenario.js';
import { scaleVariant, type ScaleOutcome } from './scale.js';
import { SCENARIOS } from './scenarios.js';
import { soakVariant, type SoakOutcome } from './soak.js';
import { runStoreSoak, STORES } from './store-soak/run.js';
import { SECTION_END, SECTION_START } from './store-soak/render.js';
import { missingTools } from './wrk.js';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const ROOT_DIR = join(BENCH_DIR, '..');

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function cleanUp(context: RunContext): Promise<void> {
  for (const schema of context.schemas) {
    await dropSchema(context.options.databaseUrl, schema).catch((error: unknown) =>
      log(`drop ${schema}: ${String(error)}`),
    );
  }
  context.schemas.clear();
  if (context.redis !== null) {
    for (const prefix of context.prefixes) await context.redis.deletePrefix(prefix).catch(() => undefined);
    context.prefixes.clear();
  }
  await rm(context.workDir, { recursive: true, force: true });
}

async function runAll(context: RunContext): Promise<{
  scenarios: ScenarioOutcome[];
  soak: SoakOutcome[];
  scale: ScaleOutcome[];
  redisMemory: RedisMemory | null;
  profiles: ProfileOutcome[];
}> {
  const { options } = context;
  const scenarios: ScenarioOutcome[] = [];
  let redisMemory: RedisMemory | null = null;
  for (const scenario of SCENARIOS.filter((s) => options.scenarios.includes(s.id))) {
    log(`scenario ${scenario.title}`);
    scenarios.push(await runScenario(context, scenario));
    if (scenario.id === 'a') redisMemory = await measureRedisMemory(context, 'a');
  }
  const soak: SoakOutcome[] = [];
  if (options.soakS > 0) {
    for (const id of ['sesame-memory', 'express-session-memory'] as const) {
      log(`memory soak: ${id}, ${options.soakS} s of scenario (c)`);
      soak.push(await soakVariant(context, id));
    }
  }
  const scale: ScaleOutcome[] = [];
  if (options.scaleSessions > 0) {
    for (const id of ['sesame-sqlite', 'sesame-postgres'] as const) {
      log(`scale: ${id}, 1k then ${options.scaleSessions} sessions`);
      scale.push(await scaleVariant(context, id));
    }
  }
  const profiles: ProfileOutcome[] = [];
  const profiled = SCENARIOS.find((s) => s.id === options.profileScenario);
  if (options.profileS > 0 && profiled !== undefined) {
    for (const id of options.profileVariants) {
      log(`CPU profile: ${id}, scenario (${profiled.id}), ${options.profileS} s`);
      profiles.push(await profileVariant(context, id, profiled));
    }
  }
  return { scenarios, soak, scale, redisMemory, profiles };
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env, BENCH_DIR);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof HelpRequested ? 0 : 2;
  }
  const missing = await missingTools();
  if (missing !== null) {
    process.stderr.write(`bench: cannot run: ${missing}\n`);
    return 1;
  }
  log('building Sesame (npm run build -w packages/sesame)');
  const buildFailure = await buildSesame(ROOT_DIR);
  if (buildFailure !== null)
    log(`build failed, servers load Sesame's sources through tsx instead: ${buildFailure}`);
  const resultsDir = join(BENCH_DIR, 'results');
  await mkdir(resultsDir, { recursive: true });
  const context: RunContext = {
    options,
    runId: `${process.pid}_${Date.now().toString(36)}`,
    workDir: await mkdtemp(join(tmpdir(), 'sesame-bench-')),
    resultsDir,
    redis: await RedisAdmin.connect(options.redisUrl),
    postgres: await postgresReachable(options.databaseUrl),
    sesameFromSource: buildFailure !== null,
    schemas: new Set(),
    prefixes: new Set(),
  };
  if (context.redis === null)
    log(`Redis unreachable at ${options.redisUrl}: its variants are reported not available`);
  if (!context.postgres)
    log(`PostgreSQL unreachable at ${options.databaseUrl}: its variants are reported not available`);
  // Ctrl-C or a kill still removes every key, schema and file the run made (the servers exit
  // on their own when this process's IPC channel closes).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanUp(context).finally(() => process.exit(130));
    });
  }
  const startedMs = Date.now();
  const environment = {
    ...(await describeEnvironment(ROOT_DIR, context.redis, options.databaseUrl, context.postgres)),
    sesameBuild:
      buildFailure === null
        ? 'its compiled output (packages/sesame/dist, built by this run with tsc)'
        : `its TypeScript sources through tsx, because the build failed (${buildFailure})`,
  };
  let results;
  try {
    results = await runAll(context);
  } finally {
    await cleanUp(context);
    await context.redis?.close();
  }
  const report = { environment, options, durationS: (Date.now() - startedMs) / 1000, ...results };
  await writeFile(
    join(resultsDir, `${options.quick ? 'quick' : 'full'}.json`),
    JSON.stringify(report, null, 2),
  );
  // The store soak writes its own section; a run without it keeps the last one. The read cache's
  // sections (issue 15: its quick reads run, and npm run revocation), the seal cost
  // (npm run seal-cost) and the express-session layer's hand-written notes are kept by every run.
  const previous = await readFile(options.out, 'utf8').catch(() => '');
  const keptSections = ['read-cache', 'revocation', 'seal-cost', 'layer-quick'];
  const section = (startMark: string, endMark: string): string => {
    const start = previous.indexOf(startMark);
    const end = previous.indexOf(endMark);
    return start !== -1 && end > start ? `\n${previous.slice(start, end + endMark.length)}\n` : '';
  };
  const kept =
    (options.storeSoakS > 0 ? '' : section(SECTION_START, SECTION_END)) +
    keptSections.map((name) => section(`<!-- ${name}:start -->`, `<!-- ${name}:end -->`)).join('');
  await writeFile(options.out, renderReport(report) + kept);
  log(`report written to ${options.out} (${Math.round(report.durationS)} s)`);
  if (options.storeSoakS > 0) {
    log(`store soak: ${options.storeSoakS} s per store`);
    await runStoreSoak(options.storeSoakS, STORES, options.out);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
