/**
 * Running the commands of the packaging check: output captured, shown only when a step fails, and
 * every step timed so the check's cost stays visible.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** A command that exited non-zero, with what it printed. */
export class StepFailed extends Error {}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Run a command to completion; resolve with stdout, or reject with StepFailed carrying all output. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve(stdout);
        const where = `${command} ${args.join(' ')} (in ${options.cwd})`;
        reject(new StepFailed(`${where} failed: ${error.message}\n${stdout}\n${stderr}`.trimEnd()));
      },
    );
  });
}

/** Steps that passed and failed so far, and the names of those that failed. */
export const tally: { passed: number; failed: number; failures: string[] } = {
  passed: 0,
  failed: 0,
  failures: [],
};

/** Time a named step and print one line for it. */
export async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    console.log(`ok    ${name} (${seconds(started)})`);
    tally.passed++;
    return result;
  } catch (error) {
    console.log(`FAIL  ${name} (${seconds(started)})`);
    tally.failed++;
    tally.failures.push(name);
    throw error;
  }
}

export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
