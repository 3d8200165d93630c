/**
 * Scale: scenario (a) on Sesame's SQLite and PostgreSQL stores with about 1 000 stored sessions
 * (the signed-in pool), then again after filling the store directly to about 1 000 000. An
 * indexed read should cost the same either way: the report gives the p50 and req/s ratios.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { signInMany, writePool } from './cookie-pool.js';
import {
  claimStoreSpace,
  SERVER_CPUS,
  serverConfig,
  unreachable,
  WRK_CPUS,
  type RunContext,
} from './context.js';
import type { VariantSummary } from './results.js';
import { measure } from './run-scenario.js';
import { SCENARIOS } from './scenarios.js';
import { ServerProcess } from './server-process.js';
import { summarize } from './summarize.js';
import type { VariantId } from './variants.js';
import { runWrk } from './wrk.js';

export interface ScaleOutcome {
  variant: VariantId;
  small: { sessions: number; summary: VariantSummary | null } | null;
  large: { sessions: number; summary: VariantSummary | null } | null;
  fillS: number | null;
  reason: string | null;
}

export async function scaleVariant(context: RunContext, id: VariantId): Promise<ScaleOutcome> {
  const none = { variant: id, small: null, large: null, fillS: null };
  const blocked = unreachable(context, id);
  if (blocked !== null) return { ...none, reason: blocked };
  const { options } = context;
  const tag = 'scale';
  await claimStoreSpace(context, tag);
  const config = serverConfig(context, id, tag, null);
  await mkdir(config.sqliteDir, { recursive: true });
  const started = await ServerProcess.start(config, { cpus: SERVER_CPUS });
  if (!started.ok) return { ...none, reason: started.reason.replace(/^not available: /, 'not available: ') };
  const { server } = started;
  const scenario = SCENARIOS.find((s) => s.id === 'a');
  if (scenario === undefined) throw new Error('scenario a missing');
  try {
    const poolSize = 1000;
    const cookiesFile = join(context.workDir, `scale-${id}.cookies`);
    await writePool(cookiesFile, await signInMany(server.port, poolSize));
    const prepared = { server, cookiesFile };
    const measureAll = async (): Promise<VariantSummary | null> => {
      await runWrk({ port: server.port, scenario, cookiesFile, durationS: options.warmupS, cpus: WRK_CPUS });
      const runs = [];
      for (let rep = 0; rep < options.reps; rep += 1)
        runs.push(await measure(context, scenario, prepared, id, options.measureS));
      return summarize(runs, true);
    };
    const small = { sessions: poolSize, summary: await measureAll() };
    const t0 = Date.now();
    await server.call({ cmd: 'fill', count: options.scaleSessions - poolSize });
    const fillS = (Date.now() - t0) / 1000;
    const large = { sessions: options.scaleSessions, summary: await measureAll() };
    return { variant: id, small, large, fillS, reason: null };
  } catch (error) {
    return { ...none, reason: String(error) };
  } finally {
    await server.stop();
  }
}
