/**
 * CPU profile of a server under load: V8's sampling profiler (what `node --cpu-prof` runs),
 * started after warm-up and stopped at the end of one wrk run, then summarized.
 *
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decoyCookies, signInMany, writePool } from './cookie-pool.js';
import {
  claimStoreSpace,
  SERVER_CPUS,
  serverConfig,
  storeTagOf,
  WRK_CPUS,
  type RunContext,
} from './context.js';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './profile-summary.js';
import type { Scenario } from './scenarios.js';
import { ServerProcess } from './server-process.js';
import { variantById, type VariantId } from './variants.js';
import { runWrk } from './wrk.js';

export interface ProfileOutcome {
  variant: VariantId;
  scenario: Scenario['id'];
  requestsPerS: number;
  summary: ProfileSummary | null;
  reason: string | null;
}

/** Libraries that own the time of the frames they call (see profile-summary.ts). */
export const OWNERS = [
  'sesame',
  'express-session',
  'iron-session',
  'iron-webcrypto',
  'bench app',
  'express',
  'router',
  'parseurl',
  'on-headers',
  'cookie',
  'cookie-signature',
  'uid-safe',
];

export async function profileVariant(
  context: RunContext,
  id: VariantId,
  scenario: Scenario,
): Promise<ProfileOutcome> {
  const dir = join(context.workDir, 'profiles', `${scenario.id}-${id}`);
  await mkdir(dir, { recursive: true });
  // Kept under bench/results for a closer look (Chrome DevTools or speedscope open it).
  const file = join(context.resultsDir, `${scenario.id}-${id}.cpuprofile`);
  const tag = `p${scenario.id}`;
  await claimStoreSpace(context, storeTagOf(id, tag));
  const config = serverConfig(context, id, tag, null);
  await mkdir(config.sqliteDir, { recursive: true });
  const started = await ServerProcess.start(config, { cpus: SERVER_CPUS });
  if (!started.ok)
    return { variant: id, scenario: scenario.id, requestsPerS: 0, summary: null, reason: started.reason };
  const { server } = started;
  let requestsPerS = 0;
  try {
    let cookiesFile: string | null = null;
    if (scenario.usesPool) {
      const n = context.options.poolSize;
      const cookies = ['baseline', 'floor'].includes(variantById(id).library)
        ? decoyCookies(n)
        : await signInMany(server.port, n);
      cookiesFile = join(dir, 'cookies');
      await writePool(cookiesFile, cookies);
    }
    const load = { port: server.port, scenario, cookiesFile, cpus: WRK_CPUS };
    await runWrk({ ...load, durationS: context.options.warmupS });
    await server.call({ cmd: 'profile-start' });
    requestsPerS = (await runWrk({ ...load, durationS: context.options.profileS })).requestsPerS;
    await server.call({ cmd: 'profile-stop', file });
  } finally {
    await server.stop();
  }
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  return {
    variant: id,
    scenario: scenario.id,
    requestsPerS,
    summary: summarizeProfile(profile, OWNERS),
    reason: null,
  };
}
