/**
 * Running wrk pinned to CPU 0 against a server pinned to CPU 1: one thread, 50 connections, the
 * pool.lua script, `--latency` for the percentiles.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Scenario } from './scenarios.js';
import { parseWrkOutput, type WrkResult } from './wrk-output.js';

const run = promisify(execFile);
const POOL_SCRIPT = fileURLToPath(new URL('./pool.lua', import.meta.url));

export const WRK_CONNECTIONS = 50;
export const WRK_THREADS = 1;

/** Why the bench cannot run here (wrk or taskset missing), or `null` when it can. */
export async function missingTools(): Promise<string | null> {
  const missing: string[] = [];
  for (const [tool, args, hint] of [
    ['wrk', ['--version'], 'apt-get install -y wrk'],
    ['taskset', ['-V'], 'apt-get install -y util-linux'],
  ] as const) {
    try {
      await run(tool, [...args]);
    } catch (error) {
      // wrk --version prints its banner and exits 1: only "not found" means it is missing.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        missing.push(`${tool} is not installed (${hint})`);
    }
  }
  return missing.length === 0 ? null : missing.join('; ');
}

export interface WrkRun {
  port: number;
  scenario: Pick<Scenario, 'method' | 'path'>;
  /** File of `name=value` cookies, one a line; `null` sends none. */
  cookiesFile: string | null;
  durationS: number;
  cpus: string;
}

export async function runWrk(options: WrkRun): Promise<WrkResult> {
  const { port, scenario, cookiesFile, durationS, cpus } = options;
  const { stdout } = await run(
    'taskset',
    [
      '-c',
      cpus,
      'wrk',
      `-t${WRK_THREADS}`,
      `-c${WRK_CONNECTIONS}`,
      `-d${durationS}s`,
      '--timeout',
      '10s',
      '--latency',
      '-s',
      POOL_SCRIPT,
      `http://127.0.0.1:${port}${scenario.path}`,
      '--',
      cookiesFile ?? '-',
      scenario.method,
      scenario.path,
    ],
    { timeout: (durationS + 30) * 1000, maxBuffer: 1024 * 1024 },
  );
  return parseWrkOutput(stdout);
}
