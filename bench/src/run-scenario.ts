/**
 * One scenario across all variants: start every server (pinned to CPU 1), fill and sign in its
 * cookie pool, warm each up, then the measured runs, each right after a short unmeasured load
 * (`--rewarm`), in the order of run-order.ts: variants on the same store side by side, so that
 * drift from other work on the machine falls on both sides of a ratio alike.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decoyCookies, probe, signInMany, writePool } from './cookie-pool.js';
import {
  claimStoreSpace,
  storeTagOf,
  SERVER_CPUS,
  serverConfig,
  unreachable,
  WRK_CPUS,
  type RunContext,
} from './context.js';
import { rssMb } from './proc.js';
import { ADMIN_COMMANDS } from './redis-admin.js';
import type { Measurement, ScenarioOutcome, VariantOutcome } from './results.js';
import type { Scenario } from './scenarios.js';
import { runOrder } from './run-order.js';
import { ServerProcess } from './server-process.js';
import { deltaCounts } from './stats.js';
import { summarize } from './summarize.js';
import { variantById, type VariantId } from './variants.js';
import { runWrk } from './wrk.js';

interface Prepared {
  outcome: VariantOutcome;
  server: ServerProcess;
  cookiesFile: string | null;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Start, fill and sign in one variant for `scenario`; an outcome without a server when it cannot run. */
export async function prepareVariant(
  context: RunContext,
  scenario: Scenario,
  id: VariantId,
  tag: string,
): Promise<Prepared | VariantOutcome> {
  const variant = variantById(id);
  const blocked = unreachable(context, id);
  if (blocked !== null)
    return { variant: id, status: 'not available', reason: blocked, runs: [], summary: null };
  const fills = scenario.fillSessions > 0 && variant.store !== 'none' && variant.store !== 'cookie';
  // The memory store must hold the fill and the pool: its default bound (10 000) would evict them.
  const memoryMax = fills ? context.options.fillSessions + context.options.poolSize * 2 + 10_000 : null;
  const config = serverConfig(context, id, tag, memoryMax);
  await mkdir(config.sqliteDir, { recursive: true });
  const started = await ServerProcess.start(config, { cpus: SERVER_CPUS });
  if (!started.ok) {
    const missing = started.reason.startsWith('not available: ');
    return {
      variant: id,
      status: missing ? 'not available' : 'failed',
      reason: missing ? started.reason.slice('not available: '.length) : started.reason,
      runs: [],
      summary: null,
    };
  }
  const server = started.server;
  try {
    if (fills) {
      const t0 = Date.now();
      await server.call({ cmd: 'fill', count: context.options.fillSessions });
      log(
        `${id}: filled ${context.options.fillSessions} sessions in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    let cookiesFile: string | null = null;
    if (scenario.usesPool) {
      const n = context.options.poolSize;
      const cookies =
        variant.library === 'baseline' || variant.library === 'floor'
          ? decoyCookies(n)
          : await signInMany(server.port, n);
      cookiesFile = join(context.workDir, `${tag}-${id}.cookies`);
      await writePool(cookiesFile, cookies);
      const status = await probe(server.port, scenario.method, scenario.path, cookies[0]);
      if (status !== 200)
        throw new Error(`${scenario.method} ${scenario.path} with a pool cookie answered ${status}`);
    }
    return {
      outcome: { variant: id, status: 'ok', reason: null, runs: [], summary: null },
      server,
      cookiesFile,
    };
  } catch (error) {
    await server.stop();
    return { variant: id, status: 'failed', reason: String(error), runs: [], summary: null };
  }
}

/** One measured run with the counts around it. */
export async function measure(
  context: RunContext,
  scenario: Scenario,
  prepared: Pick<Prepared, 'server' | 'cookiesFile'>,
  id: VariantId,
  durationS: number,
): Promise<Measurement> {
  const { server, cookiesFile } = prepared;
  const store = variantById(id).store;
  const redis = store === 'redis' ? context.redis : null;
  const before = await server.counts();
  const redisBefore = redis === null ? null : await redis.commandStats();
  const wrk = await runWrk({ port: server.port, scenario, cookiesFile, durationS, cpus: WRK_CPUS });
  const redisAfter = redis === null ? null : await redis.commandStats();
  const after = await server.counts();
  const rss = await rssMb(server.pid);
  let backendCalls: Record<string, number> | null = null;
  if (redisBefore !== null && redisAfter !== null) {
    backendCalls = deltaCounts(redisBefore, redisAfter);
    for (const name of Object.keys(backendCalls)) if (ADMIN_COMMANDS.has(name)) delete backendCalls[name];
  } else if (before.queries !== null && after.queries !== null) {
    backendCalls = { 'SQL statements': after.queries - before.queries };
  }
  return {
    wrk,
    served: after.requests - before.requests,
    cpuUs: after.cpuUs - before.cpuUs,
    rssMb: rss,
    storeCalls: deltaCounts(before.store, after.store),
    backendCalls,
  };
}

export async function runScenario(context: RunContext, scenario: Scenario): Promise<ScenarioOutcome> {
  const { options } = context;
  const tag = scenario.id;
  for (const storeTag of new Set(options.variants.map((id) => storeTagOf(id, tag)))) {
    await claimStoreSpace(context, storeTag);
  }
  const ids = options.variants.filter((id) => {
    const variant = variantById(id);
    if (variant.scenarios !== undefined && !variant.scenarios.includes(scenario.id)) return false;
    return !(scenario.fillSessions > 0 && variant.store === 'cookie');
  });
  const outcomes: VariantOutcome[] = [];
  const running: Prepared[] = [];
  try {
    for (const id of ids) {
      const prepared = await prepareVariant(context, scenario, id, tag);
      if ('server' in prepared) {
        running.push(prepared);
        outcomes.push(prepared.outcome);
        log(`${scenario.id} ${id}: ready on port ${prepared.server.port} (pid ${prepared.server.pid})`);
      } else {
        outcomes.push(prepared);
        log(`${scenario.id} ${id}: ${prepared.status}: ${prepared.reason ?? ''}`);
      }
    }
    for (const prepared of running) {
      await runWrk({
        port: prepared.server.port,
        scenario,
        cookiesFile: prepared.cookiesFile,
        durationS: options.warmupS,
        cpus: WRK_CPUS,
      });
    }
    const storeOf = (prepared: Prepared): string => variantById(prepared.outcome.variant).store;
    for (let rep = 0; rep < options.reps; rep += 1) {
      for (const prepared of runOrder(running, storeOf, rep)) {
        if (options.rewarmS > 0) {
          await runWrk({
            port: prepared.server.port,
            scenario,
            cookiesFile: prepared.cookiesFile,
            durationS: options.rewarmS,
            cpus: WRK_CPUS,
          });
        }
        const run = await measure(context, scenario, prepared, prepared.outcome.variant, options.measureS);
        prepared.outcome.runs.push(run);
        log(
          `${scenario.id} ${prepared.outcome.variant} run ${rep + 1}: ${run.wrk.requestsPerS.toFixed(0)} req/s, p50 ${run.wrk.p50Ms.toFixed(2)} ms` +
            (run.wrk.non2xx + run.wrk.socketErrors > 0
              ? `, ${run.wrk.non2xx} non-2xx, ${run.wrk.socketErrors} socket errors`
              : ''),
        );
      }
    }
  } finally {
    for (const prepared of running) await prepared.server.stop();
  }
  for (const outcome of outcomes) {
    if (outcome.status !== 'ok') continue;
    const variant = variantById(outcome.variant);
    outcome.summary = summarize(
      outcome.runs,
      variant.library === 'sesame' ||
        variant.library === 'sesame-layer' ||
        variant.library === 'store-floor' ||
        variant.library === 'express-session',
    );
  }
  return { scenario: scenario.id, variants: outcomes };
}
